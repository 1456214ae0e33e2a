package eu.ess.cevns.daq.store;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How long the store writer takes to append one batch of records to the run's queue, as the
 * percentiles of the last completed interval. The writer thread records each batch into an
 * HdrHistogram interval recorder (wait-free, no allocation); readers see the interval that ended
 * at the last roll. An interval ends only once it is at least {@link #INTERVAL_NS} long, when a
 * reader next asks: reading never resets what another reader has yet to see, so two scrapers
 * that each scrape at least every 15 s both see every interval's longest batch.
 */
public final class WriteLatency {
    /** Shortest interval; a scraper that scrapes at least this often sees every interval. */
    public static final long INTERVAL_NS = TimeUnit.SECONDS.toNanos(15);
    /** Longest batch told apart; a longer one (a stalled disk) counts as this long. */
    static final long MAX_TRACKED_NS = TimeUnit.MINUTES.toNanos(1);
    /** Two significant digits: percentiles to 1 %, and small histograms. */
    private static final int SIGNIFICANT_DIGITS = 2;

    /** Batch append times of one interval, ns (percentiles to 1 %); all zero for an interval without batches. */
    public record Interval(long batches, long p50Ns, long p99Ns, long maxNs) {
        static final Interval NONE = new Interval(0, 0, 0, 0);
    }

    private final SingleWriterRecorder recorder = new SingleWriterRecorder(1, MAX_TRACKED_NS, SIGNIFICANT_DIGITS);
    private final LongSupplier clockNs;
    private Histogram recycled;
    private long intervalStartNs;
    private Interval last = Interval.NONE;

    WriteLatency() {
        this(System::nanoTime);
    }

    WriteLatency(LongSupplier clockNs) {
        this.clockNs = clockNs;
        this.intervalStartNs = clockNs.getAsLong();
    }

    /** On the store writer thread: one batch took {@code ns}. */
    void record(long ns) {
        recorder.recordValue(Math.max(0, Math.min(ns, MAX_TRACKED_NS)));
    }

    /** The last completed interval; ends the current one first if it is at least {@link #INTERVAL_NS} long. */
    public synchronized Interval lastInterval() {
        long now = clockNs.getAsLong();
        if (now - intervalStartNs >= INTERVAL_NS) {
            Histogram h = recorder.getIntervalHistogram(recycled);
            last = h.getTotalCount() == 0 ? Interval.NONE
                    : new Interval(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getMaxValue());
            recycled = h;
            intervalStartNs = now;
        }
        return last;
    }
}
