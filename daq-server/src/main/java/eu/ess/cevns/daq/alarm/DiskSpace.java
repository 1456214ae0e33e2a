package eu.ess.cevns.daq.alarm;

import java.util.Locale;

/**
 * Free space on the data root below {@code diskMinorGiB} (MINOR) or {@code diskMajorGiB} (MAJOR),
 * with how fast the store fills it now and so when it will be full.
 */
final class DiskSpace implements AlarmRule {
    private static String hours(double h) {
        return h < 1 ? Math.round(h * 60) + " min" : h < 48 ? String.format(Locale.ROOT, "%.1f h", h)
                : String.format(Locale.ROOT, "%.0f days", h / 24);
    }

    static final double GIB = 1024.0 * 1024 * 1024;

    @Override
    public void check(AlarmInputs in, AlarmReport report) {
        if (in.diskFreeBytes() < 0) {
            return;
        }
        double freeGiB = in.diskFreeBytes() / GIB;
        Severity s = freeGiB < in.limits().diskMajorGiB() ? Severity.MAJOR
                : freeGiB < in.limits().diskMinorGiB() ? Severity.MINOR : Severity.NO_ALARM;
        if (s == Severity.NO_ALARM) {
            return;
        }
        // how fast the store fills it now: bytes stored over the window (a new run restarts the count)
        long stored = in.growth(x -> x.store().bytes());
        double perHourGiB = in.windowS() > 0 ? stored / GIB * 3600 / in.windowS() : 0;
        String rate = perHourGiB > 0
                ? String.format(Locale.ROOT, "; the store writes %.2f GiB/h now, so it is full in about %s", perHourGiB,
                        hours(freeGiB / perHourGiB))
                : "; nothing is being stored now";
        report.raise("diskLow", s, s == Severity.MAJOR ? "Data disk nearly full" : "Data disk filling up",
                String.format(Locale.ROOT, "%.1f GiB free on the data root (alarm below %.0f GiB)%s", freeGiB,
                        s == Severity.MAJOR ? in.limits().diskMajorGiB() : in.limits().diskMinorGiB(), rate),
                "Move finished runs off this disk (export, then archive) before it fills; a full disk stops recording. "
                        + "Call the DAQ expert.",
                "DiskFree", "StoreBytes");
    }
}
