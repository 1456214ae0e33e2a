package eu.ess.cevns.daq.alarm;

/**
 * Readout packets lost in the last minute (gaps in sequence numbers): MINOR from
 * {@code lostPacketsPerMin}, MAJOR when at least {@code lostFractionMajor} of packets are lost.
 */
final class PacketLoss implements AlarmRule {
    @Override
    public void check(AlarmInputs in, AlarmReport report) {
        if (in.windowS() <= 0) {
            return;
        }
        long lost = in.growth(s -> s.readout().lostPackets());
        long got = in.growth(s -> s.readout().packets());
        double perMin = lost * 60.0 / in.windowS();
        if (lost == 0 || perMin < in.limits().lostPacketsPerMin()) {
            return;
        }
        double fraction = lost / (double) (lost + got);
        Severity s = fraction >= in.limits().lostFractionMajor() ? Severity.MAJOR : Severity.MINOR;
        report.raise("lostPackets", s, "Losing readout packets",
                String.format("%d packets lost in the last %.0f s (%.2f %% of packets)", lost, in.windowS(), 100 * fraction),
                "Data are being lost before they reach the store. Check the readout network (link errors, switch) and "
                        + "that the server keeps up (store dropped, CPU). Call the DAQ expert.",
                "LostPackets");
    }
}
