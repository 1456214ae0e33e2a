package eu.ess.cevns.daq.alarm;

import eu.ess.cevns.daq.store.DropReason;

/**
 * The store could not take waveforms in time and dropped them (MAJOR): the disk is too slow or
 * stuck. Drops while the store refuses (disk full, write error) are {@link StoreRefusing}'s.
 */
final class StoreDrops implements AlarmRule {
    @Override
    public void check(AlarmInputs in, AlarmReport report) {
        long dropped = in.growth(s -> s.store().dropped(DropReason.RING_FULL));
        if (in.windowS() <= 0 || dropped == 0) {
            return;
        }
        report.raise("storeDropping", Severity.MAJOR, "Store is dropping waveforms",
                String.format("%d waveforms dropped in the last %.0f s: the run store did not keep up", dropped, in.windowS()),
                "The disk under the data root is too slow or failing. Check the disk (iostat, dmesg); call the DAQ expert.",
                "StoreBytes");
    }
}
