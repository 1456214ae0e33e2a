package eu.ess.cevns.daq.history;

import eu.ess.cevns.daq.status.StatusSnapshot;

import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;

/**
 * One series of the status history: its name (a column of the history files and the key in
 * {@code /api/history}), unit, what it means, how buckets combine, and how a value is taken from
 * each second's {@link StatusSnapshot} (with the one before it, for rates of counters). NaN means
 * "not known" and is stored as no data.
 */
public record HistorySeries(String name, String unit, String description, Aggregation aggregation, Sampler sampler) {
    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]{0,39}");

    /** Takes the series' value from a snapshot; {@code before} is the previous second's (null for the first). */
    @FunctionalInterface
    public interface Sampler {
        double sample(StatusSnapshot now, StatusSnapshot before);
    }

    public HistorySeries {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("history series name '" + name + "' must be a camelCase word of at most 40 characters");
        }
    }

    /** A value read from the snapshot as it is. */
    public static HistorySeries of(String name, String unit, Aggregation aggregation, String description,
                                   ToDoubleFunction<StatusSnapshot> value) {
        return new HistorySeries(name, unit, description, aggregation, (now, before) -> value.applyAsDouble(now));
    }

    /**
     * The per-second rate of a counter of the snapshot, averaged over longer buckets. A counter that
     * went down was reset (a new run): its value since the reset is what happened.
     */
    public static HistorySeries perSecond(String name, String unit, String description, ToLongFunction<StatusSnapshot> counter) {
        return new HistorySeries(name, unit, description, Aggregation.MEAN, (now, before) -> {
            if (before == null) {
                return Double.NaN;
            }
            double dtS = (now.time().toEpochMilli() - before.time().toEpochMilli()) / 1000.0;
            if (dtS <= 0) {
                return Double.NaN;
            }
            long a = counter.applyAsLong(before);
            long b = counter.applyAsLong(now);
            return (b >= a ? b - a : b) / dtS;
        });
    }
}
