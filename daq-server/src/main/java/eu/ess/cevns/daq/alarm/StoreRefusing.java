package eu.ess.cevns.daq.alarm;

import eu.ess.cevns.daq.status.StatusSnapshot;
import eu.ess.cevns.daq.store.DropReason;

/**
 * The run store refuses what arrives (MAJOR), so nothing is being recorded: the data disk is full
 * and the run was stopped ({@code diskFull}, until twice the reserve is free again), or a write
 * failed and the run was aborted ({@code storeWriteError}, until a run starts again). The message
 * is the store's own (which run, how much space, the reserve) and the waveforms dropped since.
 */
final class StoreRefusing implements AlarmRule {
    @Override
    public void check(AlarmInputs in, AlarmReport report) {
        StatusSnapshot.Store s = in.now().store();
        switch (s.state()) {
            case DISK_FULL -> report.raise("diskFull", Severity.MAJOR, "Data disk full: not recording",
                    s.stateMessage() + "; " + s.dropped(DropReason.DISK_FULL) + " waveforms dropped and counted "
                            + "(store.droppedByReason.diskFull)",
                    "Free space on the data disk now: move finished runs to the archive (export them first if needed) "
                            + "and delete them here. A run can start again once twice the store's reserve is free (by "
                            + "itself if the site file sets store.autoRestart). Call the DAQ expert.",
                    "RunState", "StoreBytes", "DiskFree");
            case WRITE_ERROR -> report.raise("storeWriteError", Severity.MAJOR, "Run store failed: not recording",
                    s.stateMessage() + "; " + s.dropped(DropReason.WRITE_ERROR) + " waveforms dropped and counted "
                            + "(store.droppedByReason.writeError)",
                    "The run was aborted with what was on disk. Check the data disk (dmesg, df, mount) and start a new "
                            + "run; if it fails again, call the DAQ expert.",
                    "RunState", "StoreBytes");
            default -> {
            }
        }
    }
}
