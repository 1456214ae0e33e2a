package eu.ess.cevns.daq.store;

/**
 * Why the store dropped a waveform it was handed, each counted on its own
 * ({@code store.droppedByReason.<key>}): the ring stayed full for the producer's whole wait (the
 * disk too slow), the data disk was full (the run stopped, waiting for space), or the run store
 * could not write (a write failure aborted the run, until a new run starts).
 */
public enum DropReason {
    RING_FULL("ringFull"), DISK_FULL("diskFull"), WRITE_ERROR("writeError");

    private static final DropReason[] ALL = values();
    private final String key;

    DropReason(String key) {
        this.key = key;
    }

    /** The name in the status, the metrics and {@code run.json}. */
    public String key() {
        return key;
    }

    /** Every reason, in a fixed order (no copy per call). */
    public static DropReason[] all() {
        return ALL;
    }
}
