package eu.ess.cevns.daq.alarm;

import eu.ess.cevns.daq.store.DropReason;

import java.util.Locale;

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
        long stored = in.growth(s -> s.store().waveforms());
        double freeGiB = in.diskFreeBytes() < 0 ? Double.NaN : in.diskFreeBytes() / DiskSpace.GIB;
        report.raise("storeDropping", Severity.MAJOR, "Store is dropping waveforms",
                String.format(Locale.ROOT, "%d waveforms dropped and %d stored in the last %.0f s: the run store did not keep up "
                                + "(%s free on the data root)", dropped, stored, in.windowS(),
                        Double.isNaN(freeGiB) ? "space unknown" : String.format(Locale.ROOT, "%.1f GiB", freeGiB)),
                "The disk under the data root is too slow or failing. Check the disk (iostat, dmesg); call the DAQ expert.",
                "StoreBytes");
    }
}
