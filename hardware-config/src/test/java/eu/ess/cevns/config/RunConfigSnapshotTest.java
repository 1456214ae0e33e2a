package eu.ess.cevns.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run-start config snapshot, written as the server records it and parsed as the analysis reads it. */
class RunConfigSnapshotTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String TOKEN = "sekret-3f9a-write-token";

    /** A site whose windows and alarm limits are not the defaults, so a parse that fell back to them would show. */
    static SiteConfig site(Path dir) throws IOException {
        Path file = dir.resolve("site.yaml");
        Files.writeString(file, """
                detector: ge-ppc
                dataRoot: runs
                writeToken: %s
                windows: {onStartUs: 10, onEndUs: 3000, offStartUs: 60000, offEndUs: 62990}
                expectation: {neutrinosPerFlavorPerProton: 0.25, boost: 5000}
                alarms:
                  noDataS: 12
                  lostPacketsPerMin: 2
                  lostFractionMajor: 0.02
                  rejectedPacketsPerMin: 3
                  unknownPulseFraction: 0.1
                  diskMinorGiB: 40
                  diskMajorGiB: 8
                  analysisLagS: 60
                  excessLowSigma: 4
                  excessMinExpected: 50
                  maxShelveHours: 8
                  delays:
                    noRun: {raiseS: 45, clearS: 300}
                    pulsesUnknown: {clearS: 20}
                """.formatted(TOKEN));
        SiteConfig site = ConfigLoader.loadSite(file);
        assertNotEquals(BeamWindows.DEFAULT, site.windows());
        assertNotEquals(AlarmLimits.DEFAULT, site.alarms());
        return site;
    }

    @Test
    void whatIsWrittenParsesBackToTheSitesDetectorWindowsAndAlarmLimits(@TempDir Path dir) throws IOException {
        SiteConfig site = site(dir);
        RunConfigSnapshot parsed = RunConfigSnapshot.parse(RunConfigSnapshot.write(site));
        assertEquals(site.detector(), parsed.detector());
        assertEquals(site.windows(), parsed.windows());
        assertEquals(site.alarms(), parsed.alarms());
        assertEquals(new ExpectationInputs(0.25, 5000), parsed.expectation(), "r and the boost travel with the run");
        assertTrue(parsed.detector().beamNeutrons().present(), "the beam-related neutrons of ge-ppc travel with it");
        assertEquals(ConfigLoader.shippedDetector("ge-ppc").systematics(), parsed.detector().systematics());
    }

    @Test
    void aRunRecordedBeforeBeamNeutronsSystematicsAndExpectationInputsParsesToNoneAndNull(@TempDir Path dir) throws IOException {
        ObjectNode tree = (ObjectNode) YAML.readTree(RunConfigSnapshot.write(site(dir)));
        tree.remove("expectation");
        ((ObjectNode) tree.get("detector")).remove("beamNeutrons");
        ((ObjectNode) tree.get("detector")).remove("systematics");
        RunConfigSnapshot parsed = RunConfigSnapshot.parse(YAML.writeValueAsString(tree));
        assertNull(parsed.expectation(), "the reader chooses: the analysis replays it with the defaults");
        assertSame(BeamNeutrons.NONE, parsed.detector().beamNeutrons());
        assertSame(Systematics.NONE, parsed.detector().systematics());
    }

    @Test
    void theWriteTokenNeverAppearsInTheText(@TempDir Path dir) throws IOException {
        SiteConfig site = site(dir);
        assertEquals(TOKEN, site.writeToken());
        String text = RunConfigSnapshot.write(site);
        assertFalse(text.contains(TOKEN), text);
        assertFalse(YAML.readTree(text).has(RunConfigSnapshot.WRITE_TOKEN_FIELD));
        assertEquals(site.dataRoot().toString(), YAML.readTree(text).path("dataRoot").asText(), "the data root, absolute");
    }

    @Test
    void aRunThatRecordedNoAlarmLimitsParsesToTheDefaults(@TempDir Path dir) throws IOException {
        SiteConfig site = site(dir);
        ObjectNode tree = (ObjectNode) YAML.readTree(RunConfigSnapshot.write(site));
        assertTrue(tree.has("alarms"));
        tree.remove("alarms");
        RunConfigSnapshot parsed = RunConfigSnapshot.parse(YAML.writeValueAsString(tree));
        assertEquals(AlarmLimits.DEFAULT, parsed.alarms());
        assertEquals(site.detector(), parsed.detector());
        assertEquals(site.windows(), parsed.windows());
    }

    @Test
    void aTextWithoutDetectorOrWindowsIsRefusedWithAMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunConfigSnapshot.parse("windows: {onStartUs: 0, onEndUs: 1, offStartUs: 2, offEndUs: 3}\n"));
        assertEquals("the run's configuration has no detector or windows", e.getMessage());
    }
}
