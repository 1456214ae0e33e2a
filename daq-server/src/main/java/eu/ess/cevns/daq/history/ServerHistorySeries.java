package eu.ess.cevns.daq.history;

import eu.ess.cevns.config.AlarmLimits;
import eu.ess.cevns.daq.status.StatusSnapshot;
import eu.ess.cevns.daq.timing.BeamState;

import java.util.List;

/**
 * The server's own history series, one table (as {@code ServerStatusPvs} is for the PVs): data
 * flow and loss, beam power and state, the timing connection, the run's protons on target, the run,
 * the alarms and the free disk. What a shift needs to see of the last hours after a reload; the
 * live analysis adds the excess and its expectation.
 */
public final class ServerHistorySeries {
    private static final double GIB = 1024.0 * 1024 * 1024;

    private ServerHistorySeries() {
    }

    /** @param limits the alarm limits (a channel counts as silent after {@code noDataS}, as the noData alarm says) */
    public static List<HistorySeries> table(AlarmLimits limits) {
        return List.of(
                HistorySeries.of("waveformRate", "1/s", Aggregation.MEAN, "waveforms received per second", s -> s.rates().waveformsPerS()),
                HistorySeries.of("packetRate", "1/s", Aggregation.MEAN, "readout packets received per second", s -> s.rates().packetsPerS()),
                HistorySeries.perSecond("storedRate", "1/s", "waveforms stored per second (0 while no run records)",
                        s -> s.store().waveforms()),
                HistorySeries.perSecond("lostPackets", "1/s", "readout packets lost (sequence gaps) per second", s -> s.readout().lostPackets()),
                HistorySeries.perSecond("rejectedPackets", "1/s", "readout packets rejected as malformed per second",
                        s -> s.readout().rejectedTotal()),
                HistorySeries.perSecond("droppedWaveforms", "1/s", "waveforms the store could not take, per second", s -> s.store().dropped()),
                HistorySeries.of("beamPowerMw", "MW", Aggregation.MEAN, "beam power as the accelerator publishes it",
                        s -> s.beam().powerMw()),
                HistorySeries.of("beamOn", "fraction", Aggregation.MEAN, "beam ON (1) or not (0); over a longer bucket, the fraction of it ON",
                        s -> s.beam().state() == BeamState.ON ? 1 : 0),
                HistorySeries.of("beamUnknown", "fraction", Aggregation.MEAN,
                        "beam state UNKNOWN (1: timing lost or silent) or known (0); over a longer bucket, the fraction UNKNOWN",
                        s -> s.beam().state() == BeamState.UNKNOWN ? 1 : 0),
                HistorySeries.of("timingConnected", "", Aggregation.MIN, "beam timing connected and fresh (1) or not (0); 0 if lost at any time in the bucket",
                        s -> s.beam().timingConnected() && s.beam().timingFresh() ? 1 : 0),
                HistorySeries.of("pot", "protons", Aggregation.LAST, "protons on target of the current run's ON pulses",
                        s -> s.beam().potOn()),
                HistorySeries.of("runNumber", "", Aggregation.LAST, "the current (or last) run", s -> s.run().number().isPresent()
                        ? s.run().number().getAsInt() : Double.NaN),
                HistorySeries.of("recording", "fraction", Aggregation.MEAN, "a run recording (1) or not (0); over a longer bucket, the fraction recording",
                        s -> s.run().running() ? 1 : 0),
                HistorySeries.of("alarmCount", "alarms", Aggregation.MAX, "active alarms (the most in the bucket)", s -> s.alarms().active().size()),
                HistorySeries.of("alarmSeverity", "", Aggregation.MAX, "worst active alarm: 0 none, 1 MINOR, 2 MAJOR, 3 INVALID",
                        s -> s.alarms().severity().ordinal()),
                HistorySeries.of("channelsSilent", "channels", Aggregation.MAX,
                        "configured channels with no waveform for alarms.noDataS (the most in the bucket)", s -> silent(s, limits)),
                HistorySeries.of("diskFreeGiB", "GiB", Aggregation.MIN, "free space on the data root's file system (the least in the bucket)",
                        s -> s.alarms().diskFreeBytes() < 0 ? Double.NaN : s.alarms().diskFreeBytes() / GIB));
    }

    private static double silent(StatusSnapshot s, AlarmLimits limits) {
        int n = 0;
        for (StatusSnapshot.Channel c : s.channels()) {
            if (c.silentS() >= limits.noDataS()) {
                n++;
            }
        }
        return n;
    }
}
