package eu.ess.cevns.daq.alarm;

/** Free space on the data root below {@code diskMinorGiB} (MINOR) or {@code diskMajorGiB} (MAJOR). */
final class DiskSpace implements AlarmRule {
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
        report.raise("diskLow", s, s == Severity.MAJOR ? "Data disk nearly full" : "Data disk filling up",
                String.format("%.1f GiB free on the data root (alarm below %.0f GiB)", freeGiB,
                        s == Severity.MAJOR ? in.limits().diskMajorGiB() : in.limits().diskMinorGiB()),
                "Move finished runs off this disk (export, then archive) before it fills; a full disk stops recording. "
                        + "Call the DAQ expert.",
                "DiskFree", "StoreBytes");
    }
}
