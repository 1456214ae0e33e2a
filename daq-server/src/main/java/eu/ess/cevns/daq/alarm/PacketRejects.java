package eu.ess.cevns.daq.alarm;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/** Readout packets rejected as malformed in the last minute, naming the commonest reason (MINOR). */
final class PacketRejects implements AlarmRule {
    @Override
    public void check(AlarmInputs in, AlarmReport report) {
        if (in.windowS() <= 0) {
            return;
        }
        long rejected = in.growth("/readout/rejected/total");
        if (rejected == 0 || rejected * 60.0 / in.windowS() < in.limits().rejectedPacketsPerMin()) {
            return;
        }
        String worst = "";
        long worstCount = -1;
        for (Iterator<Map.Entry<String, JsonNode>> it = in.now().at("/readout/rejected").fields(); it.hasNext(); ) {
            String reason = it.next().getKey();
            long n = reason.equals("total") ? -1 : in.growth("/readout/rejected/" + reason);
            if (n > worstCount) {
                worst = reason;
                worstCount = n;
            }
        }
        report.raise("rejectedPackets", Severity.MINOR, "Rejecting malformed readout packets",
                String.format("%d packets rejected in the last %.0f s, most for '%s'", rejected, in.windowS(), worst),
                "Something sends packets this server cannot read (wrong firmware, wrong port, corrupted link). "
                        + "The reason names the failing field; tell the DAQ expert.",
                "RejectedPackets");
    }
}
