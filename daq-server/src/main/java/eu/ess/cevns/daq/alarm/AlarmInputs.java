package eu.ess.cevns.daq.alarm;

import com.fasterxml.jackson.databind.JsonNode;
import eu.ess.cevns.config.AlarmLimits;

import java.util.Map;

/**
 * What the rules look at in one evaluation: the status object now and about a minute ago (the
 * same object {@code /api/status} serves), how long each configured channel has been silent, the
 * free space of the data root, and the limits from the site file.
 *
 * @param windowS          seconds between {@code earlier} and {@code now} (0 on the first evaluation)
 * @param channelSilentS   seconds since each configured channel id last delivered a waveform
 * @param diskFreeBytes    usable bytes on the data root's file system, -1 if unknown
 */
public record AlarmInputs(JsonNode now, JsonNode earlier, double windowS, Map<Integer, Double> channelSilentS,
                          long diskFreeBytes, AlarmLimits limits) {

    /** How much a counter of the status object grew over the window (0 if it was reset, e.g. by a new run). */
    public long growth(String pointer) {
        long d = now.at(pointer).asLong() - earlier.at(pointer).asLong();
        return Math.max(0, d);
    }

    public boolean running() {
        return "RUNNING".equals(now.at("/run/state").asText());
    }

    public boolean timingConnected() {
        return "CONNECTED".equals(now.at("/beam/timing").asText()) && now.at("/beam/timingFresh").asBoolean(true);
    }
}
