package eu.ess.cevns.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Loading and validation of site and detector files, and the messages an operator gets. */
class ConfigLoaderTest {

    @ParameterizedTest
    @MethodSource("shipped")
    void everyShippedDetectorLoadsAndIsConsistent(String name) {
        DetectorConfig d = ConfigLoader.shippedDetector(name);
        assertEquals(name, d.name());
        assertEquals(1.0, d.target().stream().mapToDouble(Nucleus::fraction).sum(), 1e-3);
        assertTrue(d.massKg() > 0 && d.distanceM() > 0 && d.thresholdKeVnr() >= 0);
        Set<Integer> ids = new HashSet<>();
        for (DigitizerConfig g : d.digitizers()) {
            for (ChannelConfig c : g.channels()) {
                assertTrue(ids.add(c.id()), "channel id " + c.id() + " unique");
            }
            assertTrue(g.preTrigger() < g.recordLength());
        }
    }

    static Stream<String> shipped() {
        return ConfigLoader.SHIPPED_DETECTORS.stream();
    }

    @Test
    void theShippedFilesOnDiskAreTheOnesInTheJar() throws IOException {
        for (String name : ConfigLoader.SHIPPED_DETECTORS) {
            Path file = Path.of("detectors", name + ".yaml");
            assertEquals(ConfigLoader.shippedDetector(name).digitizers(), ConfigLoader.loadDetector(file).digitizers());
        }
    }

    @Test
    void aSiteFileNamesItsDetectorAndResolvesPathsFromItsFolder(@TempDir Path dir) throws IOException {
        Files.copy(Path.of("detectors/ge-ppc.yaml"), dir.resolve("my-ge.yaml"));
        Path site = dir.resolve("site.yaml");
        Files.writeString(site, """
                detector: my-ge.yaml
                dataRoot: runs-here
                ports: {udp: 0, tcp: 7001, http: 8088}
                pvaPrefix: "TEST:"
                writeToken: sekret
                """);
        SiteConfig s = ConfigLoader.loadSite(site);
        assertEquals("ge-ppc", s.detector().name());
        assertEquals(dir.resolve("runs-here").toAbsolutePath(), s.dataRoot());
        assertEquals(0, s.ports().udp());
        assertEquals(7001, s.ports().tcp());
        assertEquals(8088, s.ports().http());
        assertEquals(5075, s.ports().pva(), "default");
        assertEquals("TEST:", s.pvaPrefix());
        assertEquals("CEvNS:Beam:ProtonCharge", s.beamPvs().protonCharge(), "default");
        assertEquals("sekret", s.writeToken());
        assertInstanceOf(SiteConfig.class, ConfigLoader.validate(site));
        assertInstanceOf(DetectorConfig.class, ConfigLoader.validate(dir.resolve("my-ge.yaml")));
        String snapshot = RunConfigSnapshot.write(s);
        assertTrue(snapshot.contains("ge-ppc"));
        assertFalse(snapshot.contains("sekret"), "the write token must not go into run files");
    }

    static Stream<Arguments> badDetectors() {
        return Stream.of(
                Arguments.of("massKg: 22.5", "massG: 22500", "massG", "unknown key (did you mean 'massKg'?)"),
                Arguments.of("massKg: 22.5", "massKg: -3", "massKg", "must be > 0 kg, got -3.0"),
                Arguments.of("massKg: 22.5", "massKg: heavy", "massKg", "must be a number, got 'heavy'"),
                Arguments.of("distanceM: 20.0", "", "distanceM", "missing (required)"),
                Arguments.of("thresholdKeVnr: 1.0 ", "thresholdKeVnr: -0.5 ", "thresholdKeVnr", "must be >= 0 keVnr, got -0.5"),
                Arguments.of("{id: 3, channel: 3, thresholdKeVnr: 1.0,", "{id: 3, channel: 3, thresholdKeVnr: -1.5,",
                        "digitizers[0].channels[3].thresholdKeVnr", "must be >= 0 keVnr, got -1.5"),
                Arguments.of("{id: 5, channel: 5,", "{id: 5, channel: 4,", "digitizers[0].channels[5]", "duplicate channel 4 in digitizer csi-adc0"),
                Arguments.of("{id: 5, channel: 5,", "{id: 4, channel: 5,", "digitizers[0].channels[5]", "duplicate channel id 4"),
                Arguments.of("massU: 132.905452, fraction: 0.5", "massU: 132.905452, fraction: 0.4",
                        "target", "atom fractions must sum to 1, they sum to 0.9"),
                Arguments.of("model: constant", "model: birks", "quenching.model", "unknown quenching model 'birks'"),
                Arguments.of("adcBits: 14", "adcBits: 20", "digitizers[0].adcBits", "must be in 1..16, got 20"),
                Arguments.of("preTrigger: 256", "preTrigger: 2048", "digitizers[0]", "preTrigger (2048 samples) must be less than recordLength (1024)"),
                Arguments.of("fiber: 0", "fiber: 300", "digitizers[0].fiber", "must be in 0..255, got 300"),
                Arguments.of("noiseKeVee: 0.03 ", "noiseKeVee: -0.03 ", "resolution.noiseKeVee", "must be >= 0 keVee, got -0.03"),
                Arguments.of("samplingRateMHz: 125.0", "samplingRateHz: 125e6", "digitizers[0].samplingRateHz",
                        "unknown key (did you mean 'samplingRateMHz'?)"),
                Arguments.of("eventsPerProton: 3.0e-21", "eventsPerProton: 3.0e-21\n  eventsPerMWh: 30", "beamNeutrons",
                        "give the rate above thresholdKeVnr as eventsPerProton or as eventsPerMWh (one of them, > 0)"),
                Arguments.of("eventsPerProton: 3.0e-21", "eventsPerProton: 0", "beamNeutrons", "give the rate above thresholdKeVnr"),
                Arguments.of("model: exponential", "model: gaussian", "beamNeutrons.spectrum.model", "unknown spectrum model 'gaussian'"),
                Arguments.of("slopeKeVnr: 20", "slopeKeVnr: 0", "beamNeutrons.spectrum.slopeKeVnr", "must be > 0 keVnr, got 0.0"),
                Arguments.of("normUncertainty: 0.25", "normUncertainty: -0.25", "beamNeutrons.normUncertainty", "must be >= 0"),
                Arguments.of("normUncertainty: 0.25", "normUncertainty: 0.25\n  delayMs: 1", "beamNeutrons.delayMs",
                        "unknown key (did you mean 'delayUs'?)"),
                Arguments.of("fluxFraction: 0.10", "fluxFraction: -0.1", "systematics.fluxFraction", "must be >= 0"));
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("badDetectors")
    void aBadDetectorFileNamesFileFieldAndReason(String from, String to, String field, String reason, @TempDir Path dir) throws IOException {
        String good = Files.readString(Path.of("detectors/csi-cryogenic.yaml"));
        assertTrue(good.contains(from), "fixture text present: " + from);
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, good.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.loadDetector(file));
        assertEquals(file.toString(), e.file());
        assertEquals(field, e.field());
        assertTrue(e.reason().startsWith(reason), "reason was: " + e.reason());
        assertTrue(e.getMessage().startsWith(file + ": " + field + ": "), e.getMessage());
    }

    @Test
    void beamNeutronsAndSystematicsAreReadPerProtonPerMWhOrAsATableAndAreNoneWhenAbsent(@TempDir Path dir) throws IOException {
        DetectorConfig csi = ConfigLoader.shippedDetector("csi-cryogenic");
        assertEquals(new BeamNeutrons(3.0e-21, 0, new BeamNeutrons.Spectrum(BeamNeutrons.Spectrum.Model.EXPONENTIAL, 20, java.util.List.of()),
                1.5, 0.25), csi.beamNeutrons(), "the shipped placeholder, as its file says");
        assertEquals(new Systematics(0.10, 0.10, 0.05, 0.1), csi.systematics());
        String good = Files.readString(Path.of("detectors/csi-cryogenic.yaml"));
        int from = good.indexOf("beamNeutrons:");
        int to = good.indexOf("pulseShape:");
        Path file = dir.resolve("d.yaml");
        Files.writeString(file, good.substring(0, from) + good.substring(to));
        DetectorConfig bare = ConfigLoader.loadDetector(file);
        assertSame(BeamNeutrons.NONE, bare.beamNeutrons(), "no section, no neutrons");
        assertFalse(bare.beamNeutrons().present());
        assertSame(Systematics.NONE, bare.systematics());
        Files.writeString(file, good.substring(0, from) + """
                beamNeutrons:
                  eventsPerMWh: 40
                  spectrum:
                    model: table
                    table: [{keVnr: 1, weight: 2}, {keVnr: 10, weight: 1}, {keVnr: 60, weight: 0}]
                  normUncertainty: 0.3
                """ + good.substring(to));
        BeamNeutrons table = ConfigLoader.loadDetector(file).beamNeutrons();
        assertEquals(0, table.eventsPerProton());
        assertEquals(40, table.eventsPerMWh());
        assertEquals(0, table.delayUs(), "no delay given: none");
        assertEquals(BeamNeutrons.Spectrum.Model.TABLE, table.spectrum().model());
        assertEquals(java.util.List.of(new BeamNeutrons.Point(1, 2), new BeamNeutrons.Point(10, 1), new BeamNeutrons.Point(60, 0)),
                table.spectrum().table());
        Files.writeString(file, good.substring(0, from) + """
                beamNeutrons:
                  eventsPerMWh: 40
                  spectrum: {model: table, table: [{keVnr: 10, weight: 2}, {keVnr: 5, weight: 1}]}
                  normUncertainty: 0.3
                """ + good.substring(to));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.loadDetector(file));
        assertEquals("beamNeutrons.spectrum.table[1]", e.field());
        assertEquals("keVnr must increase along the table", e.reason());
    }

    @Test
    void theSitesExpectationInputsDefaultToEssAndAreChecked(@TempDir Path dir) throws IOException {
        Path site = dir.resolve("site.yaml");
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\n");
        assertEquals(ExpectationInputs.DEFAULT, ConfigLoader.loadSite(site).expectation());
        assertEquals(new ExpectationInputs(0.3, 1), ExpectationInputs.DEFAULT, "ESS at 2 GeV, Baxter et al. 2020; no boost");
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nexpectation: {neutrinosPerFlavorPerProton: 0.08, boost: 1000}\n");
        assertEquals(new ExpectationInputs(0.08, 1000), ConfigLoader.loadSite(site).expectation());
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nexpectation: {boost: 0}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site));
        assertEquals("expectation", e.field());
        assertEquals("boost must be > 0 (1 for real data), got 0.0", e.reason());
    }

    @Test
    void theHistoryBudgetDefaultsToAnHourOfSecondsAndThirtyDaysOfMinutesAndIsChecked(@TempDir Path dir) throws IOException {
        Path site = dir.resolve("site.yaml");
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\n");
        HistorySettings d = ConfigLoader.loadSite(site).history();
        assertEquals(new HistorySettings(new HistorySettings.Tier(1, 3600), new HistorySettings.Tier(60, 30L * 86400)), d);
        assertEquals(3600, d.fine().buckets());
        assertEquals(43_200, d.coarse().buckets());
        assertEquals(d, ConfigLoader.defaultSite(dir, "csi-cryogenic").history());
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nhistory: {fine: {keepS: 7200}, coarse: {resolutionS: 300}}\n");
        HistorySettings h = ConfigLoader.loadSite(site).history();
        assertEquals(new HistorySettings(new HistorySettings.Tier(1, 7200), new HistorySettings.Tier(300, 30L * 86400)), h,
                "unset keys keep their defaults");
        for (String[] bad : new String[][] {
                {"history: {coarse: {resolutionS: 90}, fine: {resolutionS: 60}}", "history", "must be a multiple of fine.resolutionS"},
                {"history: {fine: {keepS: 30}}", "history", "fine.keepS (30) must be at least coarse.resolutionS (60)"},
                {"history: {fine: {keepS: 0}}", "history.fine.keepS", "must be in 1.."},
                {"history: {coarse: {keepS: 3000000000}}", "history.coarse", "50000000 buckets; at most 2000000"},
                {"history: {fine: {resolution: 2}}", "history.fine.resolution", "did you mean 'resolutionS'"}}) {
            Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\n" + bad[0] + "\n");
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site), bad[0]);
            assertEquals(bad[1], e.field(), bad[0]);
            assertTrue(e.reason().contains(bad[2]), bad[0] + ": " + e.reason());
        }
    }

    @Test
    void syntaxErrorsMissingFilesAndWrongKindsAreNamed(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "detector: [unclosed\n  dataRoot: x\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.validate(broken));
        assertTrue(e.reason().startsWith("not valid YAML: line "), e.reason());

        ConfigException missing = assertThrows(ConfigException.class, () -> ConfigLoader.validate(dir.resolve("nope.yaml")));
        assertEquals("file not found", missing.reason());

        Path neither = dir.resolve("neither.yaml");
        Files.writeString(neither, "hello: world\n");
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.validate(neither)).reason().startsWith("neither a detector file"));

        Path site = dir.resolve("site.yaml");
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nports: {udp: 70000}\n");
        ConfigException port = assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site));
        assertEquals("ports.udp", port.field());
        assertEquals("must be in 0..65535, got 70000", port.reason());

        Files.writeString(site, "detector: no-such-detector\ndataRoot: d\n");
        ConfigException det = assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site));
        assertEquals("detector", det.field());
        assertTrue(det.reason().contains("neither a shipped detector"), det.reason());

        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nstore: {ringBytes: 3000000}\n");
        assertEquals("store.ringBytes", assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site)).field());

        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nhttpPort: 80\n");
        ConfigException unknown = assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site));
        assertEquals("httpPort", unknown.field());
        assertTrue(unknown.reason().contains("allowed here: detector, dataRoot"), unknown.reason());
    }

    @Test
    void theStoreReserveAndAutomaticRestartComeFromTheSiteFileWithDefaultsAndChecks(@TempDir Path dir) throws IOException {
        Path site = dir.resolve("site.yaml");
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\n");
        StoreSettings defaults = ConfigLoader.loadSite(site).store();
        assertEquals(256L << 20, defaults.reserveBytes());
        assertFalse(defaults.autoRestart());

        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nstore: {reserveMb: 8, autoRestart: true}\n");
        StoreSettings set = ConfigLoader.loadSite(site).store();
        assertEquals(8L << 20, set.reserveBytes());
        assertTrue(set.autoRestart());
        assertEquals(64L << 20, set.ringBytes(), "the ring keeps its default beside the new keys");

        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nstore: {reserveMb: 1}\n");
        ConfigException small = assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site));
        assertEquals("store.reserveMb", small.field());
        assertTrue(small.reason().contains("4"), small.reason());

        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nstore: {autoRestart: yes please}\n");
        assertEquals("store.autoRestart", assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site)).field());
    }

    @Test
    void alarmLimitsAndTheTokenFileComeFromTheSiteFileWithDefaultsAndChecks(@TempDir Path dir) throws IOException {
        Path site = dir.resolve("site.yaml");
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nwriteTokenFile: secrets/token\n"
                + "alarms: {noDataS: 30, diskMinorGiB: 50, delays: {noRun: {raiseS: 5}, noData: {clearS: 15}}}\n");
        SiteConfig s = ConfigLoader.loadSite(site);
        assertEquals(30, s.alarms().noDataS());
        assertEquals(50, s.alarms().diskMinorGiB());
        assertEquals(new AlarmDelay(5, AlarmLimits.DEFAULT.delayOf("noRun").clearS()), s.alarms().delayOf("noRun"),
                "a delay not given keeps its default");
        assertEquals(new AlarmDelay(0, 15), s.alarms().delayOf("noData:Ch3"), "a channel's alarm takes its family's delays");
        assertEquals(AlarmDelay.NONE, s.alarms().delayOf("somethingNew"), "an alarm without delays is raised and cleared at once");
        assertEquals(AlarmLimits.DEFAULT.maxShelveHours(), s.alarms().maxShelveHours());
        assertEquals(AlarmLimits.DEFAULT.diskMajorGiB(), s.alarms().diskMajorGiB(), "unset limits keep their defaults");
        assertEquals(dir.resolve("secrets/token").toAbsolutePath().normalize(), s.writeTokenFile().toAbsolutePath());
        assertEquals(AlarmLimits.DEFAULT, ConfigLoader.defaultSite(dir, "csi-cryogenic").alarms());

        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nalarms: {diskMinorGiB: 1, diskMajorGiB: 5}\n");
        assertEquals("alarms.diskMajorGiB", assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site)).field());
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nalarms: {lostFractionMajor: 5}\n");
        ConfigException fraction = assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site));
        assertEquals("alarms.lostFractionMajor", fraction.field());
        assertTrue(fraction.reason().contains("fraction"), fraction.reason());
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nalarms: {noData: 5}\n");
        assertEquals("alarms.noData", assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site)).field());
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nalarms: {delays: {noRn: {raiseS: 5}}}\n");
        ConfigException unknownAlarm = assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site));
        assertEquals("alarms.delays.noRn", unknownAlarm.field());
        assertTrue(unknownAlarm.reason().contains("noRun"), "names the alarms that have delays: " + unknownAlarm.reason());
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nalarms: {delays: {noRun: {clearS: -1}}}\n");
        assertEquals("alarms.delays.noRun.clearS", assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site)).field());
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nalarms: {delays: {noRun: {raiseS: 5, lowerS: 1}}}\n");
        assertEquals("alarms.delays.noRun.lowerS", assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site)).field());
        // the old name still works (site files of earlier versions start), as the raise delay; with the new one too it is an error
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nalarms: {noRunGraceS: 45}\n");
        AlarmDelay old = ConfigLoader.loadSite(site).alarms().delayOf("noRun");
        assertEquals(45, old.raiseS());
        assertEquals(AlarmLimits.DEFAULT.delayOf("noRun").clearS(), old.clearS());
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nalarms: {noRunGraceS: 45, delays: {noRun: {raiseS: 5}}}\n");
        ConfigException both = assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site));
        assertEquals("alarms.noRunGraceS", both.field());
        assertTrue(both.reason().contains("alarms.delays.noRun.raiseS"), both.reason());
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nalarms: {maxShelveHours: 0}\n");
        assertEquals("alarms.maxShelveHours", assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site)).field());
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nwriteToken: abc\nwriteTokenFile: t\n");
        assertEquals("writeTokenFile", assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site)).field());
    }

    @Test
    void readoutSettingsComeFromTheSiteFileWithDefaultsAndChecks(@TempDir Path dir) throws IOException {
        Path site = dir.resolve("site.yaml");
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nreadout: {resyncWindow: 5000, clockToleranceS: 30}\n");
        SiteConfig s = ConfigLoader.loadSite(site);
        assertEquals(5000, s.readout().resyncWindow());
        assertEquals(30, s.readout().clockToleranceS());
        assertEquals(1000, s.readout().maxPrevPulseAgeMs(), "unset settings keep their defaults");
        assertEquals(new ReadoutSettings(1000, 100_000, 600), ConfigLoader.defaultSite(dir, "csi-cryogenic").readout());

        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nreadout: {resyncWindow: 0}\n");
        ConfigException zero = assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site));
        assertEquals("readout.resyncWindow", zero.field());
        assertEquals("must be in 1..2147483647, got 0", zero.reason());
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nreadout: {resyncWindow: 4294967296}\n");
        assertEquals("readout.resyncWindow", assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site)).field(),
                "a window of half the u32 sequence space or more could not tell forward from back");
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nreadout: {clockToleranceS: 0.5}\n");
        ConfigException tolerance = assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site));
        assertEquals("readout.clockToleranceS", tolerance.field());
        assertEquals("must be >= 1 s, got 0.5", tolerance.reason());
    }

    @Test
    void theReceivePathTheSyncPolicyAndTheAnalysisPlaceComeFromTheSiteFileWithDefaultsAndChecks(@TempDir Path dir) throws IOException {
        Path site = dir.resolve("site.yaml");
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\n");
        SiteConfig d = ConfigLoader.loadSite(site);
        assertEquals(2, d.readout().udpThreads());
        assertEquals(32L << 20, d.readout().udpReceiveBufferBytes());
        assertEquals(StoreSync.NONE, d.store().sync());
        assertEquals(new AnalysisSettings(true, 10), d.analysis());

        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nreadout: {udpThreads: 4, udpReceiveBufferBytes: 8388608}\n"
                + "store: {sync: every 200 ms}\nanalysis: {inProcess: false, nice: 15}\n");
        SiteConfig s = ConfigLoader.loadSite(site);
        assertEquals(4, s.readout().udpThreads());
        assertEquals(8L << 20, s.readout().udpReceiveBufferBytes());
        assertEquals(StoreSync.every(200), s.store().sync());
        assertEquals(new AnalysisSettings(false, 15), s.analysis());
        assertTrue(RunConfigSnapshot.write(s).contains("sync: \"every 200 ms\""), "the policy is recorded in each run's configuration");
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nstore: {sync: per pulse}\n");
        assertEquals(StoreSync.PER_PULSE, ConfigLoader.loadSite(site).store().sync());

        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nstore: {sync: sometimes}\n");
        ConfigException sync = assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site));
        assertEquals("store.sync", sync.field());
        assertTrue(sync.reason().contains("'every N ms'"), sync.reason());
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nreadout: {udpThreads: 0}\n");
        assertEquals("readout.udpThreads", assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site)).field());
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nreadout: {udpReceiveBufferBytes: 100}\n");
        assertEquals("readout.udpReceiveBufferBytes", assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site)).field());
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nanalysis: {nice: 20}\n");
        assertEquals("analysis.nice", assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site)).field());
    }

    @Test
    void channelMapAnswersIdsAndRefusesWhatTheConfigLacks() {
        ChannelMap map = new ChannelMap(ConfigLoader.shippedDetector("csi-cryogenic"));
        assertEquals(0, map.channelId(0, 0, 0));
        assertEquals(15, map.channelId(0, 0, 15));
        assertEquals(-1, map.channelId(0, 0, 16));
        assertEquals(-1, map.channelId(0, 1, 0));
        assertEquals(-1, map.channelId(1, 0, 0));
        assertEquals(-1, map.channelId(-1, 0, 0));
        assertEquals(-1, map.channelId(255, 255, 65535));
    }
}
