package eu.ess.cevns.daq.alarm;

import java.util.Locale;

/**
 * Readout packets lost in the last minute: gaps in sequence numbers, and datagrams this host's
 * kernel dropped at the readout sockets because their receive buffer was full (a burst dropped
 * whole leaves no gap behind it, so only the kernel's counter shows it). A kernel drop inside a
 * stream is also a gap, so the loss is at least the larger of the two, and that is what is judged:
 * MINOR from {@code lostPacketsPerMin}, MAJOR when at least {@code lostFractionMajor} of packets
 * are lost. The message says which counter saw what, because the remedies differ.
 */
final class PacketLoss implements AlarmRule {
    @Override
    public void check(AlarmInputs in, AlarmReport report) {
        if (in.windowS() <= 0) {
            return;
        }
        long gaps = in.growth(s -> s.readout().lostPackets());
        long kernel = in.growth(s -> Math.max(0, s.readout().kernelDrops()));
        long lost = Math.max(gaps, kernel);
        long got = in.growth(s -> s.readout().packets());
        double perMin = lost * 60.0 / in.windowS();
        if (lost == 0 || perMin < in.limits().lostPacketsPerMin()) {
            return;
        }
        double fraction = lost / (double) (lost + got);
        Severity s = fraction >= in.limits().lostFractionMajor() ? Severity.MAJOR : Severity.MINOR;
        String action = kernel > 0
                ? "This server's kernel dropped readout datagrams: the receive threads did not read fast enough. Check the server's "
                        + "CPU (other programs, the analysis), readout.udpThreads and the receive buffer (readout.udp in the status, "
                        + "net.core.rmem_max). Call the DAQ expert."
                : "Data are being lost before they reach the store. Check the readout network (link errors, switch) and "
                        + "that the server keeps up (store dropped, CPU). Call the DAQ expert.";
        report.raise("lostPackets", s, "Losing readout packets",
                String.format(Locale.ROOT, "%d packets lost in the last %.0f s (%.2f %% of packets): %d in sequence gaps, %d dropped "
                        + "by this host's kernel (receive buffer full)", lost, in.windowS(), 100 * fraction, gaps, kernel),
                action, "LostPackets", "KernelDrops");
    }
}
