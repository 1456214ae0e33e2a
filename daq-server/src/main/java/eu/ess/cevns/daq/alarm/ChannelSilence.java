package eu.ess.cevns.daq.alarm;

import java.util.ArrayList;
import java.util.List;
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
            report.raise("noData", Severity.MAJOR, "No data from any channel",
                    "no waveform from any of the " + silent.size() + " channels for " + (long) limit + " s or more",
                    "Check the digitizers are powered and triggering, and the readout network link to this server "
                            + "(PacketRate 0 means nothing arrives at all). Call the DAQ expert if it persists.",
                    "WaveformRate", "PacketRate");
            return;
        }
        for (int id : silent) {
            report.raise("noData:Ch" + id, Severity.MAJOR, "No data from channel " + id,
                    "channel " + id + " has sent no waveform for " + Math.round(in.channelSilentS().get(id)) + " s",
                    "Other channels deliver, so look at this channel: its digitizer input, bias or threshold "
                            + "(Ch" + id + ":Threshold). Call the detector expert.",
                    "WaveformRate");
        }
    }
}
