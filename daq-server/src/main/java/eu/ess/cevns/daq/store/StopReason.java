package eu.ess.cevns.daq.store;

/**
 * Why a run stopped, as the reason byte of its run-stop record ({@link RunStopRecord}) and the
 * {@code stopReason} of its {@code run.json}: stopped by an operator or a shutdown, aborted (closed
 * by recovery after a crash, or by the store after a write failure), or stopped by the store
 * because the data disk was full. Readers treat any code other than {@link #ABORTED}'s as a clean
 * stop: a disk-full stop wrote its last records normally.
 */
public enum StopReason {
    NORMAL(0, "normal"), ABORTED(1, "aborted"), DISK_FULL(2, "diskFull");

    private final byte code;
    private final String key;

    StopReason(int code, String key) {
        this.code = (byte) code;
        this.key = key;
    }

    /** The stored byte. */
    public byte code() {
        return code;
    }

    /** The name in {@code run.json}, the API and the docs. */
    public String key() {
        return key;
    }

    /** Whether a stored reason byte means the run was aborted. */
    public static boolean isAborted(int code) {
        return code == ABORTED.code;
    }
}
