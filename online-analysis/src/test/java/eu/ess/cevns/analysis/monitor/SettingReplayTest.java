package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.RunConfigSnapshot;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.Setting;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.control.LiveSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every setting the server can change is recorded under a name the analysis replay understands:
 * the server's {@link LiveSettings} records each change, the replay reads the records, and both
 * must end with the same values. A setting renamed on one side only fails here.
 */
class SettingReplayTest {
    private record Change(String who, String what, String oldValue, String newValue) {
    }

    @Test
    void everySettingTheServerRecordsIsAppliedByTheReplay() {
        SiteConfig site = ConfigLoader.defaultSite(Path.of("data"), "csi-cryogenic");
        DetectorConfig detector = site.detector();
        List<Change> records = new ArrayList<>();
        LiveSettings live = new LiveSettings(detector, site.windows(), (who, what, o, n) -> records.add(new Change(who, what, o, n)));
        List<Setting> all = Setting.all(detector);
        assertEquals(16 + 4, all.size(), "csi-cryogenic has 16 channels, and there are four window edges");
        for (Setting s : all) {
            // one step up keeps every threshold in range and every window inside its rules
            double next = s.valueIn(live.values()) + 1;
            assertNull(s.problem(live.values(), next), s.pvName());
            live.set(s, next, "expert");
        }
        live.setWindows(new BeamWindows(5, 3000, 60_000, 63_000), "expert");
        assertEquals(all.size() + 4, records.size(), "one record per setting, and one per edge the windows write moved");

        RunAnalysis replay = new RunAnalysis(0.3);
        replay.onRunStart(1, Instant.EPOCH, "test", "test", "", RunConfigSnapshot.write(site));
        assertNotEquals(live.values(), replay.settings(), "the run starts with the configured values");
        for (Change c : records) {
            assertTrue(Setting.parse(c.what()).isPresent(), "the replay knows the recorded name " + c.what());
            replay.onConfigChange(Instant.EPOCH, c.who(), c.what(), c.oldValue(), c.newValue());
        }
        assertEquals(live.values(), replay.settings(), "the replay ends where the server is");
    }

    @Test
    void everySettingNameParsesBackToItself() {
        for (Setting s : Setting.all(ConfigLoader.shippedDetector("csi-cryogenic"))) {
            assertEquals(s, Setting.parse(s.pvName()).orElseThrow(), s.pvName());
        }
        assertTrue(Setting.parse("Ch-1:Threshold").isEmpty());
        assertTrue(Setting.parse("ChX:Threshold").isEmpty());
        assertTrue(Setting.parse("OnWindowMiddle").isEmpty());
    }
}
