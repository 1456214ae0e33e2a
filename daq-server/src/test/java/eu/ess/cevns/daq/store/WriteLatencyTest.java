package eu.ess.cevns.daq.store;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The store writer's batch latency: intervals that readers share instead of resetting, on a clock the test moves. */
class WriteLatencyTest {
    static final long S = 1_000_000_000L;
    final AtomicLong nowNs = new AtomicLong(1_000 * S);
    final WriteLatency latency = new WriteLatency(nowNs::get);

    @Test
    void twoScrapersBothSeeTheIntervalsLongestBatch() {
        latency.record(20_000);
        latency.record(5_000_000);
        latency.record(30_000);
        assertEquals(WriteLatency.Interval.NONE, latency.lastInterval(), "nothing to show before the first interval ends");

        nowNs.addAndGet(15 * S);
        WriteLatency.Interval first = latency.lastInterval();      // scraper A ends the interval
        assertEquals(3, first.batches());
        assertEquals(5_000_000, first.maxNs(), 5_000_000 * 0.01);
        latency.record(40_000);
        nowNs.addAndGet(7 * S);
        assertEquals(first, latency.lastInterval(), "scraper B, 7 s later, sees what A saw: A did not take it away");

        nowNs.addAndGet(8 * S);
        WriteLatency.Interval second = latency.lastInterval();     // 15 s after the first ended
        assertEquals(1, second.batches());
        assertEquals(40_000, second.maxNs(), 40_000 * 0.01);
        nowNs.addAndGet(15 * S);
        assertEquals(WriteLatency.Interval.NONE, latency.lastInterval(), "an interval without batches");
    }

    @Test
    void percentilesOfTheIntervalToOnePercent() {
        for (int us = 1; us <= 100; us++) {
            latency.record(us * 1_000L);
        }
        nowNs.addAndGet(WriteLatency.INTERVAL_NS);
        WriteLatency.Interval i = latency.lastInterval();
        assertEquals(100, i.batches());
        assertEquals(50_000, i.p50Ns(), 500);
        assertEquals(99_000, i.p99Ns(), 990);
        assertEquals(100_000, i.maxNs(), 1_000);
    }

    @Test
    void aBatchLongerThanTheTrackedRangeCountsAsTheLongestTracked() {
        latency.record(Long.MAX_VALUE);
        latency.record(-5);
        nowNs.addAndGet(WriteLatency.INTERVAL_NS);
        WriteLatency.Interval i = latency.lastInterval();
        assertEquals(2, i.batches());
        assertEquals(WriteLatency.MAX_TRACKED_NS, i.maxNs(), WriteLatency.MAX_TRACKED_NS * 0.01);
    }

    @Test
    void recordingAllocatesNothing() {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) {
            latency.record(i * 997L);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            latency.record(i * 997L);
        }
        long bytes = mx.getCurrentThreadAllocatedBytes() - before;
        assertEquals(0, bytes / n, "bytes allocated per recorded batch (" + bytes + " in all)");
    }
}
