package eu.ess.cevns.daq.alarm;

import eu.ess.cevns.daq.readout.RejectReason;

import java.util.Locale;


/** Readout packets rejected as malformed in the last minute, naming the commonest reason (MINOR). */
final class PacketRejects implements AlarmRule {
    @Override
    public void check(AlarmInputs in, AlarmReport report) {
        if (in.windowS() <= 0) {
            return;
        }
        long rejected = in.growth(s -> s.readout().rejectedTotal());
        if (rejected == 0 || rejected * 60.0 / in.windowS() < in.limits().rejectedPacketsPerMin()) {
            return;
        }
        String worst = "";
        long worstCount = -1;
        for (RejectReason reason : RejectReason.all()) {
            long n = in.growth(s -> s.readout().rejected(reason));
            if (n > worstCount) {
                worst = reason.key();
                worstCount = n;
            }
        }
        report.raise("rejectedPackets", Severity.MINOR, "Rejecting malformed readout packets",
                String.format(Locale.ROOT, "%d packets rejected in the last %.0f s, most (%d) for '%s'", rejected, in.windowS(),
                        worstCount, worst),
                "Something sends packets this server cannot read (wrong firmware, wrong port, corrupted link). "
                        + "The reason names the failing field; tell the DAQ expert.",
                "RejectedPackets");
    }
}
