package eu.ess.cevns.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
        // a file holding the token inline must be readable by its owner only before a server takes it (validate checks that)
        Files.setPosixFilePermissions(site, PosixFilePermissions.fromString("rw-------"));
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
        Files.writeString(file, good.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to)));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.loadDetector(file));
        assertEquals(file.toString(), e.file());
        assertEquals(field, e.field());
        assertTrue(e.reason().startsWith(reason), "reason was: " + e.reason());
        assertTrue(e.getMessage().startsWith(file + ": " + field + ": "), e.getMessage());
    }

    @Test
    void beamNeutronsAndSystematicsAreReadPerProtonPerMWhOrAsATableAndAreNoneWhenAbsent(@TempDir Path dir) throws IOException {
        DetectorConfig csi = ConfigLoader.shippedDetector("csi-cryogenic");
        assertEquals(new BeamNeutrons(3.0e-21, 0, new BeamNeutrons.Spectrum(BeamNeutrons.Spectrum.Model.EXPONENTIAL, 20, List.of()),
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
        assertEquals(List.of(new BeamNeutrons.Point(1, 2), new BeamNeutrons.Point(10, 1), new BeamNeutrons.Point(60, 0)),
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
        assertEquals("expectation.boost", e.field());
        assertEquals("must be > 0 (1 for real data), got 0.0", e.reason());
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

    /** What loading a site file of {@code yaml} (written to {@code site}) refuses. */
    static ConfigException refused(Path site, String yaml) throws IOException {
        Files.writeString(site, yaml);
        return assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site));
    }

    /** Field → reason of every problem in {@code e}, in the order found. */
    static Map<String, String> byField(ConfigException e) {
        return e.problems().stream().collect(Collectors.toMap(ConfigException::field, ConfigException::reason, (a, b) -> a + " | " + b,
                LinkedHashMap::new));
    }

    @Test
    void aKeyGivenTwiceIsAnErrorNotASilentReplacement(@TempDir Path dir) throws IOException {
        Path site = dir.resolve("site.yaml");
        // the fault seen: a second ports map replaced the first and the server took UDP port 1
        ConfigException e = refused(site, "detector: csi-cryogenic\ndataRoot: d\nports:\n  udp: 9000\n  tcp: 9001\n"
                + "windows: {onEndUs: 3000}\nports:\n  udp: 1\n");
        assertEquals(site.toString(), e.file());
        assertEquals("ports", e.field());
        assertEquals("given twice (lines 3 and 7); the second would silently replace the first", e.reason());
        assertEquals("ports.udp", refused(site, "detector: csi-cryogenic\ndataRoot: d\nports: {udp: 9000, tcp: 9001, udp: 1}\n").field());

        Path det = dir.resolve("det.yaml");
        Files.writeString(det, Files.readString(Path.of("detectors/csi-cryogenic.yaml")).replaceFirst("massKg: 22.5", "massKg: 22.5\nmassKg: 2.25"));
        ConfigException twice = assertThrows(ConfigException.class, () -> ConfigLoader.loadDetector(det));
        assertEquals("massKg", twice.field());
        assertTrue(twice.reason().startsWith("given twice"), twice.reason());
    }

    @Test
    void yamlNotANumberAndInfinityNameTheirKey(@TempDir Path dir) throws IOException {
        Path det = dir.resolve("det.yaml");
        Files.writeString(det, Files.readString(Path.of("detectors/csi-cryogenic.yaml")).replaceFirst("massKg: 22.5", "massKg: .nan"));
        ConfigException nan = assertThrows(ConfigException.class, () -> ConfigLoader.loadDetector(det));
        assertEquals("massKg", nan.field());
        assertEquals("must be a finite number, got .nan", nan.reason());
        Path site = dir.resolve("site.yaml");
        ConfigException e = refused(site, "detector: csi-cryogenic\ndataRoot: d\nwindows: {onEndUs: .inf}\nports: {udp: .NaN}\n");
        assertEquals(Map.of("windows.onEndUs", "must be a finite number, got .inf", "ports.udp", "must be a whole number, got .nan"),
                byField(e));
    }

    @Test
    void aWholeNumberBeyondSixtyFourBitsIsRefusedNotWrappedIntoRange(@TempDir Path dir) throws IOException {
        Path site = dir.resolve("site.yaml");
        // 2^64 + 9000 would read as 9000 if its 64 low bits were taken
        ConfigException e = refused(site, "detector: csi-cryogenic\ndataRoot: d\nports: {udp: 18446744073709560616}\n");
        assertEquals("ports.udp", e.field());
        assertEquals("must be in 0..65535, got 18446744073709560616", e.reason());
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnceWithFileKeyAndValue(@TempDir Path dir) throws IOException {
        Path det = dir.resolve("det.yaml");
        Files.writeString(det, Files.readString(Path.of("detectors/csi-cryogenic.yaml")).replaceFirst("massKg: 22.5", "massKg: -1")
                .replaceFirst("adcBits: 14", "adcBits: 20"));
        Path site = dir.resolve("site.yaml");
        Files.writeString(site, """
                detector: det.yaml
                dataRoot: d
                ports: {udp: 70000, http: web}
                alarms: {noDataS: 0, lostFractionMajor: 5}
                windows: {onEndUs: 90000}
                colour: blue
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site));
        assertEquals(8, e.problems().size(), e.getMessage());
        Map<String, String> site0 = e.problems().stream().filter(p -> p.file().equals(site.toString()))
                .collect(Collectors.toMap(ConfigException::field, ConfigException::reason));
        assertEquals("must be in 0..65535, got 70000", site0.get("ports.udp"));
        assertEquals("must be a whole number, got 'web'", site0.get("ports.http"));
        assertEquals("must be >= 1 s, got 0.0", site0.get("alarms.noDataS"));
        assertEquals("must be a fraction, 0..1, got 5.0", site0.get("alarms.lostFractionMajor"));
        assertTrue(site0.get("windows").startsWith("windows must lie within one pulse period"), site0.get("windows"));
        assertTrue(site0.get("colour").startsWith("unknown key; allowed here: detector, dataRoot"), site0.get("colour"));
        Map<String, String> det0 = e.problems().stream().filter(p -> p.file().equals(det.toString()))
                .collect(Collectors.toMap(ConfigException::field, ConfigException::reason));
        assertEquals(Map.of("massKg", "must be > 0 kg, got -1.0", "digitizers[0].adcBits", "must be in 1..16, got 20"), det0,
                "the detector file's problems come with its own name");
        List<String> lines = e.getMessage().lines().toList();
        assertEquals("8 problems:", lines.get(0));
        assertTrue(lines.contains(site + ": ports.udp: must be in 0..65535, got 70000"), e.getMessage());
    }

    /** A site file ready for a server, with {@code extra} lines; its token file (mode 0600) beside it. */
    static Path serverSite(Path dir, String extra) throws IOException {
        Path token = dir.resolve("token");
        Files.writeString(token, "s3cret\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        Path site = dir.resolve("site.yaml");
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\n" + extra);
        return site;
    }

    @Test
    void validateRunsEveryCheckTheServerRunsAndReportsThemTogether(@TempDir Path dir) throws IOException {
        Path good = serverSite(dir, "writeTokenFile: token\n");
        assertInstanceOf(SiteConfig.class, ConfigLoader.validate(good));

        Files.setPosixFilePermissions(dir.resolve("token"), PosixFilePermissions.fromString("rw-r--r--"));
        Path site = serverSite(dir, "bindAddress: 999.1.1.1\nports: {tcp: 9001, http: 9001, udp: 5076}\nwriteTokenFile: missing-token\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.validate(site));
        Map<String, String> problems = byField(e);
        assertEquals(List.of("bindAddress", "ports.http", "ports.pvaBroadcast", "writeTokenFile"), List.copyOf(problems.keySet()), e.getMessage());
        assertTrue(problems.get("bindAddress").startsWith("'999.1.1.1' is neither an IP address nor a host name that resolves; use one of"),
                problems.get("bindAddress"));
        assertTrue(problems.get("bindAddress").contains("127.0.0.1"), "names the addresses it could use: " + problems.get("bindAddress"));
        assertTrue(problems.get("ports.http").startsWith("9001 is also ports.tcp (TCP): two listeners cannot share a port"),
                problems.get("ports.http"));
        assertTrue(problems.get("ports.pvaBroadcast").startsWith("5076 is also ports.udp (UDP)"), problems.get("ports.pvaBroadcast"));
        assertTrue(problems.get("writeTokenFile").startsWith("cannot read " + dir.resolve("missing-token") + " (no such file)"),
                problems.get("writeTokenFile"));
        // a command that only reads what the file says (runs, export) is not held up by this machine's checks
        assertEquals("999.1.1.1", ConfigLoader.loadSite(site).bindAddress());

        Path groupReadable = serverSite(dir, "writeTokenFile: token\nbindAddress: 10.255.255.254\n");
        Files.setPosixFilePermissions(dir.resolve("token"), PosixFilePermissions.fromString("rw-r-----"));
        Map<String, String> more = byField(assertThrows(ConfigException.class, () -> ConfigLoader.validate(groupReadable)));
        assertTrue(more.get("writeTokenFile").endsWith("has mode rw-r-----; a token others can read guards nothing: chmod 600 "
                + dir.resolve("token")), more.get("writeTokenFile"));
        assertTrue(more.get("bindAddress").startsWith("'10.255.255.254' is not an address of this machine"), more.get("bindAddress"));

        Path inline = serverSite(dir, "writeToken: s3cret\n");
        Files.setPosixFilePermissions(inline, PosixFilePermissions.fromString("rw-r--r--"));
        ConfigException world = assertThrows(ConfigException.class, () -> ConfigLoader.validate(inline));
        assertEquals("writeToken", world.field());
        assertTrue(world.reason().startsWith("the site file holds the write token but has mode rw-r--r--"), world.reason());
        Files.setPosixFilePermissions(inline, PosixFilePermissions.fromString("rw-------"));
        assertEquals("s3cret", ((SiteConfig) ConfigLoader.validate(inline)).writeToken());
    }

    @Test
    void theServerRunsTheSameChecksOnTheSiteItIsGivenOverridesIncluded(@TempDir Path dir) {
        SiteConfig defaults = ConfigLoader.defaultSite(dir, "csi-cryogenic");
        SiteChecks.check(defaults);
        SiteChecks.check(defaults.withListen("0.0.0.0", 0, 0, 0, 0));
        // e.g. serve --http-port 9001 with the default TCP readout port
        ConfigException e = assertThrows(ConfigException.class, () -> SiteChecks.check(defaults.withListen("127.0.0.1", 9000, 9001, 9001, 5075)));
        assertEquals("ports.http", e.field());
        assertEquals("bindAddress", assertThrows(ConfigException.class,
                () -> SiteChecks.check(defaults.withListen("no-such-host.invalid", 0, 0, 0, 0))).field());
        assertEquals("writeTokenFile", assertThrows(ConfigException.class,
                () -> SiteChecks.check(defaults.with(b -> b.writeTokenFile = dir.resolve("none")))).field());
    }

    @Test
    void pvAccessWritesAreOffUnlessEnabledForListedClients(@TempDir Path dir) throws IOException {
        Path site = dir.resolve("site.yaml");
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\n");
        assertEquals(PvaWrites.OFF, ConfigLoader.loadSite(site).pvaWrites(), "off by default");
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\npvaWrites:\n  enabled: true\n  allow:\n"
                + "    - {host: opi01, user: shift}\n    - {host: 10.0.4.17}\n    - {user: expert}\n");
        assertEquals(new PvaWrites(true, List.of(new PvaWrites.Client("opi01", "shift"), new PvaWrites.Client("10.0.4.17", null),
                new PvaWrites.Client(null, "expert"))), ConfigLoader.loadSite(site).pvaWrites());
        ConfigException nobody = refused(site, "detector: csi-cryogenic\ndataRoot: d\npvaWrites: {enabled: true}\n");
        assertEquals("pvaWrites.allow", nobody.field());
        assertTrue(nobody.reason().startsWith("missing: with enabled: true, list the clients"), nobody.reason());
        Map<String, String> bad = byField(refused(site, "detector: csi-cryogenic\ndataRoot: d\npvaWrites: {enabled: yes please, allow: [{hots: opi01}, opi02]}\n"));
        assertEquals(Map.of("pvaWrites.enabled", "must be true or false, got 'yes please'",
                "pvaWrites.allow[0].hots", "unknown key; allowed here: host, user",
                "pvaWrites.allow[0]", "names no client: give host, user or both (as EPICS access security's HAG and UAG)",
                "pvaWrites.allow[1]", "must be a mapping of keys to values, got 'opi02'"), bad);
    }

    @Test
    void theNamesTheDashboardMayBeOpenedByAreBareHostNames(@TempDir Path dir) throws IOException {
        Path site = dir.resolve("site.yaml");
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nhttp: {allowedHosts: [cevns-daq.ess.eu, daq01]}\n");
        assertEquals(List.of("cevns-daq.ess.eu", "daq01"), ConfigLoader.loadSite(site).http().allowedHosts());
        assertEquals(List.of(), ConfigLoader.defaultSite(dir, "csi-cryogenic").http().allowedHosts());
        Map<String, String> problems = byField(refused(site, "detector: csi-cryogenic\ndataRoot: d\nhttp: {allowedHosts: ['http://daq01', 'daq01:8080', 42]}\n"));
        assertEquals(List.of("http.allowedHosts[0]", "http.allowedHosts[1]", "http.allowedHosts[2]"), List.copyOf(problems.keySet()));
        assertEquals("must be a host name such as cevns-daq.ess.eu (no scheme, no port), got 'daq01:8080'", problems.get("http.allowedHosts[1]"));
    }

    @Test
    void accountsAndTlsAreReadRelativeToTheSiteFileAndTheirFilesChecked(@TempDir Path dir) throws IOException {
        Path site = dir.resolve("site.yaml");
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\naccounts: {file: accounts.yaml, readsOpen: false, sessionIdleMinutes: 60}\n"
                + "http: {tls: {certificate: tls/cert.pem, key: tls/key.pem}}\n");
        SiteConfig s = ConfigLoader.loadSite(site);
        assertEquals(new AccountsSettings(dir.resolve("accounts.yaml"), false, 60), s.accounts());
        assertEquals(new TlsSettings(dir.resolve("tls/cert.pem"), dir.resolve("tls/key.pem")), s.http().tls());
        assertEquals(AccountsSettings.DEFAULT, ConfigLoader.defaultSite(dir, "csi-cryogenic").accounts());
        assertNull(ConfigLoader.defaultSite(dir, "csi-cryogenic").http().tls());

        // a server needs the files, and the secrets its own
        Map<String, String> server = byField(assertThrows(ConfigException.class, () -> ConfigLoader.loadSiteForServer(site)));
        assertTrue(server.get("accounts.file").startsWith("cannot read the accounts file " + dir.resolve("accounts.yaml") + " (no such file); "
                + "create it with 'cevns-daq user add NAME --role expert"), server.toString());
        assertTrue(server.get("http.tls.key").startsWith("cannot read the PEM private key"), server.toString());
        Files.createFile(dir.resolve("accounts.yaml"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        Map<String, String> open = byField(assertThrows(ConfigException.class, () -> ConfigLoader.loadSiteForServer(site)));
        assertTrue(open.get("accounts.file").endsWith("has mode rw-r--r--; whoever can read it may guess at its hashes, and whoever can "
                + "write it may make themselves an expert: chmod 600 " + dir.resolve("accounts.yaml")), open.toString());

        Map<String, String> bad = byField(refused(site, "detector: csi-cryogenic\ndataRoot: d\naccounts: {readsOpen: false}\n"
                + "http: {tls: {certificate: c.pem}}\n"));
        assertEquals("false needs an accounts file (accounts.file) with viewer accounts: nobody could read otherwise", bad.get("accounts.readsOpen"));
        assertEquals("missing: TLS needs both a PEM certificate and its PEM private key", bad.get("http.tls.key"));
    }

    /** Found by fuzzing (ConfigFuzzTestInputs/siteFile/finding-empty-key.yaml): an empty key threw StringIndexOutOfBoundsException. */
    @Test
    void anEmptyKeyIsAnUnknownKeyNamedAsSuch(@TempDir Path dir) throws IOException {
        Path site = dir.resolve("site.yaml");
        ConfigException e = refused(site, "detector: csi-cryogenic\ndataRoot: d\nports: {'': 1}\n");
        assertEquals("ports.''", e.field());
        assertTrue(e.reason().startsWith("unknown key; allowed here: udp, tcp"), e.reason());
    }

    @Test
    void moreThanOneDocumentAndAFileThatIsNotAMappingAreRefused(@TempDir Path dir) throws IOException {
        Path site = dir.resolve("site.yaml");
        assertTrue(refused(site, "detector: csi-cryogenic\ndataRoot: d\n---\nports: {udp: 1}\n").reason().startsWith("holds more than one YAML document"));
        assertEquals("must be a YAML mapping of keys to values at the top level", refused(site, "- detector\n- dataRoot\n").reason());
        ConfigException syntax = refused(site, "detector: csi-cryogenic\ndataRoot: [d\n");
        assertTrue(refused(site, "# " + "x".repeat((int) ConfigLoader.MAX_FILE_BYTES) + "\n").reason().startsWith("is 1048579 bytes;"),
                "not read whole into memory");
        assertEquals("dataRoot[0]", syntax.field(), syntax.getMessage());
        assertEquals("not valid YAML: line 2, column 13: while parsing a flow sequence: expected ',' or ']', but got <stream end>",
                syntax.reason());
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
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nanalysis: {inProcess: false, url: 'http://daq-analysis:8090/'}\n");
        assertEquals(new AnalysisSettings(false, 10, "http://daq-analysis:8090/"), ConfigLoader.loadSite(site).analysis());
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\nanalysis: {inProcess: false, url: 'daq-analysis:8090'}\n");
        ConfigException url = assertThrows(ConfigException.class, () -> ConfigLoader.loadSite(site));
        assertEquals("analysis.url", url.field());
        assertTrue(url.reason().contains("http://"), url.reason());
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
