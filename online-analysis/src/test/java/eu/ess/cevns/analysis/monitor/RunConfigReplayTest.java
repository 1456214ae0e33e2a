package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.config.RunConfigSnapshot;
import eu.ess.cevns.config.AlarmLimits;
import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.SiteConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The configuration replayed from a run's records: the run-start snapshot, then each change where it was recorded. */
class RunConfigReplayTest {
    static final Instant T = Instant.parse("2026-01-02T03:04:05Z");
    static final AlarmLimits LIMITS = new AlarmLimits(10, 1, 0.01, 1, 0.05, 20, 5, 30, 2.5, 7,
                AlarmLimits.DEFAULT_DELAYS, AlarmLimits.DEFAULT_MAX_SHELVE_HOURS);

    static RunConfigReplay started() {
        SiteConfig csi = TestDetectors.csiSite();
        RunConfigReplay r = new RunConfigReplay();
        r.start(RunConfigSnapshot.write(TestDetectors.site(csi, TestDetectors.twoDigitizers(), LIMITS)));
        return r;
    }

    @Test
    void beforeTheRunStartNoChannelIsConfigured() {
        RunConfigReplay r = new RunConfigReplay();
        assertNull(r.processor(0));
        assertNull(r.windows());
        assertNull(r.detector());
        assertEquals(0, r.channelSlots());
        assertEquals(AlarmLimits.DEFAULT, r.limits());
        assertTrue(Double.isNaN(r.samplePeriodNs(0)));
        assertEquals("", r.text());
    }

    @Test
    void theSnapshotGivesEachChannelItsDigitizersProcessorAndItsThreshold() {
        RunConfigReplay r = started();
        assertEquals(12, r.channelSlots(), "ids up to 11");
        assertNotNull(r.processor(0));
        assertSame(r.processor(0), r.processor(3), "channels of one digitizer share its processor");
        assertNotSame(r.processor(0), r.processor(10));
        assertNull(r.processor(4), "no channel 4");
        assertNull(r.processor(12));
        assertNull(r.processor(65_535));
        assertEquals(1.0, r.thresholdKeVnr(3));
        assertEquals(2.0, r.thresholdKeVnr(10));
        assertEquals(8.0, r.samplePeriodNs(3), "125 MHz");
        assertEquals(4.0, r.samplePeriodNs(10), "250 MHz");
        assertTrue(Double.isNaN(r.samplePeriodNs(4)));
        assertEquals(TestDetectors.csiSite().windows(), r.windows());
        assertEquals(LIMITS, r.limits(), "the run's own alarm limits judge its excess");
        assertEquals(TestDetectors.twoDigitizers().massKg(), r.detector().massKg());
        assertNotNull(r.scale());
    }

    @Test
    void aRecordedChangeMovesItsSettingFromThereOn() {
        RunConfigReplay r = started();
        r.change(T, "expert", "Ch10:Threshold", "2.0", "4.5");
        r.change(T, "expert", "OnWindowEnd", "2871.0", "1500.0");
        assertEquals(4.5, r.thresholdKeVnr(10));
        assertEquals(4.5, r.thresholdsKeVnr()[10]);
        assertEquals(4.5, r.settings().threshold(10));
        assertEquals(1.0, r.thresholdKeVnr(3), "the other channels keep theirs");
        BeamWindows w = r.windows();
        assertEquals(1500, w.onEndUs());
        assertEquals(TestDetectors.csiSite().windows().offStartUs(), w.offStartUs());
        assertEquals(w, r.settings().windows());
    }

    @Test
    void aChangeThatNamesNoSettingOrNoNumberIsListedButChangesNothing() {
        RunConfigReplay r = started();
        BeamWindows before = r.windows();
        r.change(T, "expert", "NotASetting", "x", "y");
        r.change(T, "expert", "OffWindowStart", "63557.0", "soon");
        r.change(T, "expert", "Ch40:Threshold", "1.0", "2.0");
        assertEquals(before, r.windows());
        assertEquals(1.0, r.thresholdKeVnr(0));
        assertEquals(List.of("2026-01-02T03:04:05Z expert NotASetting x -> y", "2026-01-02T03:04:05Z expert OffWindowStart 63557.0 -> soon",
                "2026-01-02T03:04:05Z expert Ch40:Threshold 1.0 -> 2.0"), r.changes());
    }

    @Test
    void changesBeforeTheRunStartAreListedOnly() {
        RunConfigReplay r = new RunConfigReplay();
        r.change(T, "expert", "OnWindowEnd", "2871.0", "1500.0");
        assertNull(r.windows());
        assertEquals(1, r.changes().size());
    }
}
