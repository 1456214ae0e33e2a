package eu.ess.cevns.daq.store;

/**
 * What the store writer is doing: recording a run, idle between runs, or refusing what arrives
 * because the data disk is full (until free space is back) or because a write failed (until a run
 * starts again). While it refuses, producers drop waveforms at once and count them by reason
 * instead of waiting for room in the ring.
 */
public enum StoreState {
    IDLE, RECORDING, DISK_FULL, WRITE_ERROR;

    /** Why waveforms are dropped in this state, or null if they are not. */
    DropReason refusal() {
        return switch (this) {
            case DISK_FULL -> DropReason.DISK_FULL;
            case WRITE_ERROR -> DropReason.WRITE_ERROR;
            default -> null;
        };
    }
}
