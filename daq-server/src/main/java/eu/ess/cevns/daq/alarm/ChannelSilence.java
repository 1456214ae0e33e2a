package eu.ess.cevns.daq.alarm;

import eu.ess.cevns.daq.status.StatusSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * No waveform from a channel for {@code noDataS} while a run is going (MAJOR). When every channel
 * is silent the cause is upstream of the channels, so that is one alarm, not one per channel.
 */
final class ChannelSilence implements AlarmRule {
    @Override
    public void check(AlarmInputs in, AlarmReport report) {
        if (!in.running() || in.channelSilentS().isEmpty()) {
            return;
        }
        double limit = in.limits().noDataS();
        List<Integer> silent = new ArrayList<>();
        for (Map.Entry<Integer, Double> c : in.channelSilentS().entrySet()) {
            if (c.getValue() >= limit) {
                silent.add(c.getKey());
            }
        }
        if (silent.isEmpty()) {
            return;
        }
        if (silent.size() == in.channelSilentS().size()) {
            allSilent(in, report, silent.size(), limit);
            return;
        }
        double othersHz = 0;
        int others = 0;
        for (StatusSnapshot.Channel c : in.now().channels()) {
            if (!silent.contains(c.id())) {
                othersHz += c.rateHz();
                others++;
            }
        }
        for (StatusSnapshot.Channel c : in.now().channels()) {
            if (!silent.contains(c.id())) {
                continue;
            }
            int id = c.id();
            report.raise("noData:Ch" + id, Severity.MAJOR, "No data from channel " + id,
                    String.format(Locale.ROOT, "channel %d (%s) has sent no waveform for %d s (%d waveforms since start, threshold "
                                    + "%s keVnr); the %d other channels deliver %.1f Hz each on average", id, c.digitizer(),
                            Math.round(c.silentS()), c.waveforms(), c.thresholdKeVnr(), others, others == 0 ? 0 : othersHz / others),
                    "Other channels deliver, so look at this channel: its digitizer input, bias or threshold "
                            + "(Ch" + id + ":Threshold). Call the detector expert.",
                    "WaveformRate");
        }
    }

    /**
     * Every channel silent: the cause is upstream of the channels, and what arrived in the last
     * minute says where: nothing at all (power, network), heartbeats only (the digitizers send
     * pulse times but nothing triggers), or packets that are rejected.
     */
    private static void allSilent(AlarmInputs in, AlarmReport report, int channels, double limit) {
        long packets = in.growth(s -> s.readout().packets());
        long heartbeats = in.growth(s -> s.readout().heartbeats());
        long rejected = in.growth(s -> s.readout().rejectedTotal());
        String seen;
        String action;
        if (packets + rejected == 0) {
            seen = String.format(Locale.ROOT, "no packet at all arrived in the last %.0f s", in.windowS());
            action = "Nothing arrives: check the digitizers are powered and sending, and the readout network link to this server "
                    + "(cables, switch, this server's UDP/TCP ports). Call the DAQ expert if it persists.";
        } else if (rejected > 0 && rejected >= packets - heartbeats) {
            seen = String.format(Locale.ROOT, "%d packets arrived in the last %.0f s, but %d were rejected as malformed", packets + rejected,
                    in.windowS(), rejected);
            action = "Something sends packets this server cannot read (see the rejected-packets count and its reason): wrong firmware, "
                    + "wrong port or a corrupted link. Call the DAQ expert.";
        } else if (heartbeats == packets) {
            seen = String.format(Locale.ROOT, "%d packets arrived in the last %.0f s, all heartbeats (pulse times, no waveforms)",
                    packets, in.windowS());
            action = "The digitizers are alive and see the pulse clock, but nothing triggers: check the detector bias and the "
                    + "digitizers' trigger settings. Call the detector expert.";
        } else {
            seen = String.format(Locale.ROOT, "%d packets arrived in the last %.0f s (%d heartbeats), with readouts of no configured "
                    + "channel", packets, in.windowS(), heartbeats);
            action = "Readouts arrive but for no channel of this detector file: check the detector file's fiber/FEN/channel map "
                    + "against the digitizers. Call the DAQ expert.";
        }
        report.raise("noData", Severity.MAJOR, "No data from any channel",
                "no waveform from any of the " + channels + " channels for " + (long) limit + " s or more; " + seen,
                action, "WaveformRate", "PacketRate");
    }
}
