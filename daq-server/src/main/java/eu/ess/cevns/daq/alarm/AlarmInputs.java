package eu.ess.cevns.daq.alarm;

import eu.ess.cevns.config.AlarmLimits;
import eu.ess.cevns.daq.status.StatusSnapshot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * What the rules look at in one evaluation: the status now and about a minute ago, the free space
 * of the data root, and the limits from the site file.
 *
 * @param windowS       seconds between {@code earlier} and {@code now} (0 on the first evaluation)
 * @param diskFreeBytes usable bytes on the data root's file system, -1 if unknown
 */
public record AlarmInputs(StatusSnapshot now, StatusSnapshot earlier, double windowS, long diskFreeBytes, AlarmLimits limits) {

    /** How much a counter of the status grew over the window (0 if it was reset, e.g. by a new run). */
    public long growth(ToLongFunction<StatusSnapshot> counter) {
        return Math.max(0, counter.applyAsLong(now) - counter.applyAsLong(earlier));
    }

    public boolean running() {
        return now.run().running();
    }

    public boolean timingConnected() {
        return now.beam().timingConnected() && now.beam().timingFresh();
    }

    /** Seconds since each configured channel id last delivered a waveform. */
    public Map<Integer, Double> channelSilentS() {
        Map<Integer, Double> m = new LinkedHashMap<>();
        for (StatusSnapshot.Channel c : now.channels()) {
            m.put(c.id(), c.silentS());
        }
        return m;
    }
}
