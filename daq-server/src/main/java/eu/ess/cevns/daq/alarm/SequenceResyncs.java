package eu.ess.cevns.daq.alarm;

import eu.ess.cevns.daq.readout.ReadoutLoss;

import java.util.ArrayList;
import java.util.List;

/**
 * A readout sequence number jumped further than {@code readout.resyncWindow}, or restarted at 0,
 * in the last minute (MINOR): the loss count could not follow it (a rebooted digitizer, a corrupt
 * number). Names the sources that resynchronised in the current run.
 */
final class SequenceResyncs implements AlarmRule {
    private static final int SOURCES_NAMED = 5;

    @Override
    public void check(AlarmInputs in, AlarmReport report) {
        long resyncs = in.growth(s -> s.readout().resyncs());
        if (in.windowS() <= 0 || resyncs == 0) {
            return;
        }
        List<String> where = new ArrayList<>();
        for (ReadoutLoss.Source s : in.now().readout().run().sources()) {
            if (s.resyncs() > 0 && where.size() < SOURCES_NAMED) {
                where.add(s.source() + " queue " + s.outputQueue() + " (" + s.resyncs() + ")");
            }
        }
        report.raise("sequenceResync", Severity.MINOR, "Readout sequence numbers jumped",
                String.format("%d sequence resync%s in the last %.0f s%s", resyncs, resyncs == 1 ? "" : "s", in.windowS(),
                        where.isEmpty() ? "" : "; from " + String.join(", ", where)),
                "A digitizer's packet numbers restarted or jumped too far to count what was lost in between "
                        + "(a reboot, a corrupt number). Data after it are recorded. Check that digitizer's uptime and link; "
                        + "if it did not reboot, tell the DAQ expert.",
                "LostPackets");
    }
}
