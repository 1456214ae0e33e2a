package eu.ess.cevns.daq.history;

import eu.ess.cevns.config.HistorySettings;
import eu.ess.cevns.daq.status.TestStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The status history on real files with a clock the test sets: what was recorded reads back after
 * the files are closed and opened again (a server restart); the files have their fixed size from
 * the start and keep it however long the history runs, the fine tier wrapping after its span while
 * the coarse tier answers for older times; longer buckets combine each series by its aggregation;
 * a pause of the server is a gap, a skipped second of timer jitter is not; an extension's series
 * added later is carried into the files without losing the others; a file that is not history is
 * set aside, and a history that cannot open leaves the server without history instead of failing it.
 */
class StatusHistoryTest {
    static final long T0 = 1_764_590_400L; // 2025-12-01T12:00:00Z, a whole hour
    static final HistorySettings SMALL = new HistorySettings(new HistorySettings.Tier(1, 600), new HistorySettings.Tier(60, 7200));

    final TestStatus status = new TestStatus();
    long nowS = T0;

    /** The test's series: a mean (rate), a per-second rate of a counter, a running total (last) and a worst (max). */
    static List<HistorySeries> series() {
        return List.of(
                HistorySeries.of("waveformRate", "1/s", Aggregation.MEAN, "rate", s -> s.rates().waveformsPerS()),
                HistorySeries.perSecond("lostPackets", "1/s", "lost", s -> s.readout().lostPackets()),
                HistorySeries.of("pot", "protons", Aggregation.LAST, "pot", s -> s.beam().potOn()),
                HistorySeries.of("worst", "", Aggregation.MAX, "worst", s -> s.beam().pulsesUnknown()));
    }

    StatusHistory history(Path dir, List<HistorySeries> series) {
        StatusHistory h = new StatusHistory(SMALL, dir, series, () -> Instant.ofEpochSecond(nowS));
        h.open();
        assertTrue(h.unavailable().isEmpty(), () -> h.unavailable().get());
        return h;
    }

    /** Records second {@code t}: rate t − T0, 2 packets lost a second, POT growing by 1e15 a second, "worst" (t − T0) mod 7. */
    void record(StatusHistory h, long t) {
        long i = t - T0;
        status.time = Instant.ofEpochSecond(t, 250_000_000L);
        status.waveformsPerS = i;
        status.lostPackets = 2 * i;
        status.potOn = 1e15 * i;
        status.pulsesUnknown = i % 7;
        nowS = t;
        h.record(status.snapshot());
    }

    static float[] column(StatusHistory.Range r, String name) {
        for (int k = 0; k < r.fields().size(); k++) {
            if (r.fields().get(k).name().equals(name)) {
                return r.values()[k];
            }
        }
        throw new AssertionError("no " + name);
    }

    @Test
    void whatWasRecordedReadsBackAfterARestart(@TempDir Path dir) {
        StatusHistory h = history(dir, series());
        for (long t = T0; t < T0 + 300; t++) {
            record(h, t);
        }
        h.close();
        StatusHistory again = history(dir, series());
        StatusHistory.Range r = again.read(T0, T0 + 299, again.series(), 1500);
        assertEquals(1, r.stepS());
        assertEquals(1, r.resolutionS());
        assertEquals(300, r.t().length);
        assertEquals(T0, r.t()[0]);
        assertEquals(T0, r.oldestS());
        float[] rate = column(r, "waveformRate");
        float[] lost = column(r, "lostPackets");
        assertTrue(Float.isNaN(lost[0]), "no rate before a second sample");
        for (int i = 0; i < 300; i++) {
            assertEquals(i, rate[i], "rate at second " + i);
            if (i > 0) {
                assertEquals(2.0, lost[i], 1e-6, "lost packets per second at " + i);
            }
        }
        again.close();
    }

    @Test
    void theFilesHaveTheirSizeFromTheStartAndKeepItWhileTheFineTierWraps(@TempDir Path dir) throws Exception {
        StatusHistory h = history(dir, series());
        Path fine = dir.resolve("status-1s.hist");
        Path coarse = dir.resolve("status-60s.hist");
        // header: 24 bytes + 4 names with their u16 lengths, to a multiple of 8; a slot: 8 + 4 × 4 bytes
        int header = (24 + 2 + 12 + 2 + 11 + 2 + 3 + 2 + 5 + 7) / 8 * 8;
        assertEquals(header + 600L * 24, Files.size(fine), "600 buckets of 1 s");
        assertEquals(header + 120L * 24, Files.size(coarse), "7200 s in buckets of 60 s");
        for (long t = T0; t < T0 + 1800; t++) {
            record(h, t);
        }
        assertEquals(header + 600L * 24, Files.size(fine), "the fine tier does not grow");
        assertEquals(header + 120L * 24, Files.size(coarse), "nor the coarse one");
        assertEquals(List.of("status-1s.hist", "status-60s.hist"), Stream.of(dir.toFile().list()).sorted().toList());

        // the last ten minutes at 1 s
        StatusHistory.Range recent = h.read(T0 + 1200, T0 + 1799, h.series(), 1500);
        assertEquals(1, recent.resolutionS());
        assertEquals(1200, column(recent, "waveformRate")[0]);
        // the first ten minutes are no longer in the fine tier: the coarse one answers, one bucket a minute
        StatusHistory.Range old = h.read(T0, T0 + 599, h.series(), 1500);
        assertEquals(60, old.resolutionS());
        assertEquals(60, old.stepS());
        assertEquals(10, old.t().length);
        for (int m = 0; m < 10; m++) {
            assertEquals(60 * m + 29.5, column(old, "waveformRate")[m], 1e-3, "the mean rate of minute " + m);
            assertEquals(1e15 * (60 * m + 59), column(old, "pot")[m], 1e15 * (60 * m + 59) * 1e-6,
                    "the POT at the end of minute " + m + " (f32: 7 digits)");
            assertEquals(6, column(old, "worst")[m], "the worst of minute " + m);
        }
        h.close();
    }

    @Test
    void aLongRangeIsCombinedIntoAtMostMaxPointsBucketsBySeries(@TempDir Path dir) {
        StatusHistory h = history(dir, series());
        for (long t = T0; t < T0 + 600; t++) {
            record(h, t);
        }
        StatusHistory.Range r = h.read(T0, T0 + 599, h.series(), 10);
        assertEquals(60, r.stepS());
        assertEquals(1, r.resolutionS(), "still from the fine tier");
        assertEquals(10, r.t().length);
        for (int b = 0; b < 10; b++) {
            assertEquals(T0 + 60L * b, r.t()[b]);
            assertEquals(60 * b + 29.5, column(r, "waveformRate")[b], 1e-3, "mean");
            assertEquals(6, column(r, "worst")[b], "max");
            assertEquals(1e15 * (60 * b + 59), column(r, "pot")[b], 1e15 * (60 * b + 59) * 1e-6, "last (f32: 7 digits)");
        }
        // topping up: the last minute in buckets as wide as those already held, aligned with them
        StatusHistory.Range top = h.read(T0 + 560, T0 + 599, h.series(), 1000, 60);
        assertEquals(60, top.stepS());
        assertArrayEquals(new long[] {T0 + 540}, top.t());
        assertEquals(569.5, column(top, "waveformRate")[0], 1e-3, "the same bucket as in the long read");
        nowS = T0 + 3600;
        assertThrows(IllegalArgumentException.class, () -> h.read(T0, T0 + 599, h.series(), 1000, 30),
                "older than the fine tier: the buckets are minutes, 30 s cannot be had");
        h.close();
    }

    @Test
    void bucketsAreWidthsATimeAxisDividesWell() {
        assertEquals(5, StatusHistory.niceStep(1, 4), "an hour in 1000 points: 5 s, not 4");
        assertEquals(900, StatusHistory.niceStep(60, 605), "a week in 1000 points: 15 min, not 11");
        assertEquals(60, StatusHistory.niceStep(60, 60));
        assertEquals(7 * 86_400, StatusHistory.niceStep(60, 7 * 86_400 - 30), "beyond the list: the least multiple of the tier's width");
        assertEquals(140, StatusHistory.niceStep(7, 135), "a page's own width that no nice one is a multiple of");
    }

    @Test
    void aServerDownIsAGapButATimerThatSkippedOneSecondIsNot(@TempDir Path dir) {
        StatusHistory h = history(dir, series());
        record(h, T0);
        record(h, T0 + 2); // the tick fell just after the edge of second 1 and just before that of second 3
        for (long t = T0 + 30; t < T0 + 40; t++) {
            record(h, t);
        }
        float[] rate = column(h.read(T0, T0 + 39, h.series(), 1500), "waveformRate");
        assertEquals(0, rate[0]);
        assertEquals(2, rate[1], "the skipped second takes the next one's value");
        assertEquals(2, rate[2]);
        for (int i = 3; i < 30; i++) {
            assertTrue(Float.isNaN(rate[i]), "no data at second " + i + ": " + rate[i]);
        }
        assertEquals(30, rate[30]);
        h.close();
    }

    @Test
    void anExtensionsSeriesAddedLaterJoinsTheFilesWithoutLosingTheOthers(@TempDir Path dir) {
        StatusHistory h = history(dir, series().subList(0, 2));
        for (long t = T0; t < T0 + 120; t++) {
            record(h, t);
        }
        h.close();
        StatusHistory more = new StatusHistory(SMALL, dir, series().subList(0, 2), () -> Instant.ofEpochSecond(nowS));
        more.addSeries(HistorySeries.of("excess", "events", Aggregation.LAST, "an extension's", s -> 42));
        more.open();
        record(more, T0 + 120);
        StatusHistory.Range r = more.read(T0 + 100, T0 + 120, more.series(), 1500);
        assertEquals(List.of("waveformRate", "lostPackets", "excess"), r.fields().stream().map(HistorySeries::name).toList());
        assertEquals(100, column(r, "waveformRate")[0], "carried over");
        assertTrue(Float.isNaN(column(r, "excess")[0]), "the new series has no past");
        assertEquals(42, column(r, "excess")[20]);
        StatusHistory.Range minutes = more.read(T0 - 3600, T0 + 120, more.series(), 1500);
        assertEquals(60, minutes.resolutionS());
        assertEquals(89.5f, column(minutes, "waveformRate")[61], 1e-3, "the coarse tier was carried over too");
        assertThrows(IllegalStateException.class, () -> more.addSeries(HistorySeries.of("late", "", Aggregation.LAST, "", s -> 0)),
                "series are fixed once the files are open");
        more.close();
    }

    @Test
    void aFileThatIsNotHistoryIsSetAsideAndAHistoryThatCannotOpenLeavesNoHistory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("status-1s.hist"), "not a history file");
        StatusHistory h = history(dir, series());
        record(h, T0);
        assertEquals(0, column(h.read(T0, T0, h.series(), 10), "waveformRate")[0]);
        assertEquals(1, Stream.of(dir.toFile().list()).filter(n -> n.startsWith("status-1s.hist.unreadable-")).count());
        h.close();

        Path blocked = dir.resolve("a-file");
        Files.writeString(blocked, "");
        StatusHistory none = new StatusHistory(SMALL, blocked.resolve("history"), series(), () -> Instant.ofEpochSecond(nowS));
        none.open();
        assertTrue(none.unavailable().orElseThrow().contains("cannot be opened"), none.unavailable().orElseThrow());
        record(none, T0);
        assertEquals(0, none.read(T0, T0 + 10, none.series(), 10).t().length);
        none.close();
    }
}
