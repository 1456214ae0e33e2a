package eu.ess.cevns.daq.store;

/**
 * Why a run stopped, as the reason byte of its run-stop record ({@link RunStopRecord}): stopped by
 * an operator or a shutdown, or aborted (closed by recovery after a crash). Readers treat any code
 * other than {@link #ABORTED}'s as a normal stop.
 */
public enum StopReason {
    NORMAL(0), ABORTED(1);

    private final byte code;

    StopReason(int code) {
        this.code = (byte) code;
    }

    /** The stored byte. */
    public byte code() {
        return code;
    }

    /** Whether a stored reason byte means the run was aborted. */
    public static boolean isAborted(int code) {
        return code == ABORTED.code;
    }
}
