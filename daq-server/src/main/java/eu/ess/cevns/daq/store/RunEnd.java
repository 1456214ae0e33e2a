package eu.ess.cevns.daq.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a run's queue was closed, as the store writer tells run control: by a stop command, or by the
 * store itself (disk full, write failure). {@code stopNs} is the server's clock when it closed;
 * the counters are the run's; {@code message} says why, in words an operator can act on (empty
 * for a normal stop); {@code stopRecordWritten} is false when a write failure left no room for the
 * run-stop record (the run ends at its last complete record).
 */
public record RunEnd(int run, StopReason reason, long stopNs, long waveforms, long pulses, Map<DropReason, Long> droppedByReason,
                     String message, boolean stopRecordWritten) {

    public RunEnd {
        droppedByReason = Map.copyOf(droppedByReason);
    }

    /** Waveforms dropped during the run, every reason. */
    public long dropped() {
        return droppedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The drops by reason under their keys, every reason in a fixed order, for {@code run.json}. */
    public Map<String, Long> droppedByKey() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (DropReason r : DropReason.all()) {
            m.put(r.key(), droppedByReason.getOrDefault(r, 0L));
        }
        return m;
    }

    public Instant stopTime() {
        return RecordText.instant(stopNs);
    }
}
