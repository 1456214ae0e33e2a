package eu.ess.cevns.config;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Coverage-guided fuzzing of the site and detector file loader (Jazzer). Every input, written as
 * the file, must give either a model that is whole and valid, or a ConfigException whose every
 * problem names its file and key and says why; never another exception, never a half-filled model.
 * With the tests, each target runs on its committed corpus ({@code ConfigFuzzTestInputs/<target>/},
 * every past finding among them); how to fuzz for a chosen time: fuzzing.md.
 */
class ConfigFuzzTest {
    /** One folder per JVM: the fuzzer writes its input there as the file under test, again and again. */
    private static final Path DIR = folder();

    private static Path folder() {
        try {
            Path d = Files.createTempDirectory("config-fuzz");
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    @DictionaryFile(resourcePath = "/eu/ess/cevns/config/config-keys.dict")
    void siteFile(byte[] input) throws IOException {
        SiteConfig s = load(input, "site.yaml", ConfigLoader::loadSite);
        if (s != null) {
            assertWholeSite(s);
        }
    }

    @FuzzTest(maxDuration = "10m")
    @DictionaryFile(resourcePath = "/eu/ess/cevns/config/config-keys.dict")
    void detectorFile(byte[] input) throws IOException {
        DetectorConfig d = load(input, "detector.yaml", ConfigLoader::loadDetector);
        if (d != null) {
            assertWholeDetector(d);
        }
    }

    /** The model of {@code input} as file {@code name}, or null when the loader refused it as it must. */
    private static <T> T load(byte[] input, String name, Function<Path, T> loader) throws IOException {
        Path file = DIR.resolve(name);
        Files.write(file, input);
        try {
            T model = loader.apply(file);
            assertNotNull(model, "a load that throws nothing gives a model");
            return model;
        } catch (ConfigException e) {
            assertFalse(e.problems().isEmpty());
            for (ConfigException p : e.problems()) {
                assertNotNull(p.file(), "every problem names its file: " + p.getMessage());
                assertFalse(p.file().isBlank(), p.getMessage());
                assertNotNull(p.field(), "every problem names its key (empty for the file as a whole): " + p.getMessage());
                assertNotNull(p.reason(), p.getMessage());
                assertFalse(p.reason().isBlank(), "every problem says why: " + p.getMessage());
                assertTrue(p.getMessage().startsWith(p.file() + ": "), p.getMessage());
            }
            return null;
        }
    }

    static void assertWholeSite(SiteConfig s) {
        assertNotNull(s.source());
        assertNotNull(s.detectorRef());
        assertWholeDetector(s.detector());
        assertNotNull(s.dataRoot());
        assertNotNull(s.bindAddress());
        for (int port : new int[] {s.ports().udp(), s.ports().tcp(), s.ports().http(), s.ports().pva(), s.ports().pvaBroadcast()}) {
            assertTrue(port >= 0 && port <= 65535, "port " + port);
        }
        assertNotNull(s.pvaPrefix());
        assertNotNull(s.beamPvs().protonCharge());
        assertNotNull(s.beamPvs().present());
        assertNotNull(s.beamPvs().mode());
        assertNotNull(s.beamPvs().power());
        assertTrue(s.readout().maxPrevPulseAgeMs() >= 1);
        assertEquals(1, Long.bitCount(s.store().ringBytes()), "ring a power of two");
        assertNull(WindowRules.check(s.windows()), "windows usable: " + s.windows());
        assertTrue(s.timing().joinWaitMs() >= 1 && s.timing().t0ToleranceUs() >= 0 && s.timing().minChargeUc() >= 0
                && s.timing().staleAfterPulses() >= 1);
        AlarmLimits a = s.alarms();
        for (double v : new double[] {a.noDataS(), a.lostPacketsPerMin(), a.lostFractionMajor(), a.rejectedPacketsPerMin(),
                a.unknownPulseFraction(), a.diskMinorGiB(), a.diskMajorGiB(), a.analysisLagS(), a.excessLowSigma(),
                a.excessMinExpected(), a.maxShelveHours()}) {
            assertTrue(Double.isFinite(v) && v >= 0, "alarm limit " + v);
        }
        for (AlarmDelay d : a.delays().values()) {
            assertTrue(Double.isFinite(d.raiseS()) && Double.isFinite(d.clearS()), "alarm delay " + d);
        }
        assertTrue(a.diskMajorGiB() <= a.diskMinorGiB());
        assertTrue(a.lostFractionMajor() <= 1 && a.unknownPulseFraction() <= 1);
        assertFalse(s.writeToken() != null && s.writeTokenFile() != null, "not both");
        assertTrue(!s.pvaWrites().enabled() || !s.pvaWrites().allow().isEmpty(), "enabled for somebody");
        for (PvaWrites.Client c : s.pvaWrites().allow()) {
            assertTrue(c.host() != null || c.user() != null, "names a client");
        }
        for (String host : s.http().allowedHosts()) {
            assertTrue(SiteReader.HOST_NAME.matcher(host).matches(), host);
        }
        assertDoesNotThrow(() -> RunConfigSnapshot.parse(RunConfigSnapshot.write(s)), "what a run records reads back");
    }

    static void assertWholeDetector(DetectorConfig d) {
        assertNotNull(d);
        assertFalse(d.name().isBlank());
        assertNotNull(d.description());
        assertTrue(d.massKg() > 0 && Double.isFinite(d.massKg()));
        assertTrue(d.distanceM() > 0 && Double.isFinite(d.distanceM()));
        assertTrue(d.thresholdKeVnr() >= 0 && Double.isFinite(d.thresholdKeVnr()));
        assertFalse(d.target().isEmpty());
        assertEquals(1.0, d.target().stream().mapToDouble(Nucleus::fraction).sum(), 1e-3);
        for (Nucleus n : d.target()) {
            assertTrue(n.z() >= 1 && n.a() >= n.z() && n.massU() > 0 && n.fraction() > 0 && n.fraction() <= 1, n.toString());
        }
        assertNotNull(d.quenching());
        assertNotNull(d.quenching().model());
        assertNotNull(d.pulseShape());
        assertTrue(d.pulseShape().riseNs() > 0 && d.pulseShape().decayNs() > 0);
        assertNotNull(d.processing());
        assertTrue(d.processing().cfdFraction() > 0 && d.processing().cfdFraction() < 1);
        assertNotNull(d.resolution());
        assertFalse(d.digitizers().isEmpty());
        Set<Integer> ids = new HashSet<>();
        Set<Integer> fiberFen = new HashSet<>();
        for (DigitizerConfig g : d.digitizers()) {
            assertFalse(g.name().isBlank());
            assertTrue(fiberFen.add(g.fiber() << 8 | g.fen()), "fiber/fen unique");
            assertTrue(g.preTrigger() < g.recordLength() && g.adcBits() >= 1 && g.adcBits() <= 16 && g.samplingRateMHz() > 0);
            assertFalse(g.channels().isEmpty());
            Set<Integer> numbers = new HashSet<>();
            for (ChannelConfig c : g.channels()) {
                assertTrue(ids.add(c.id()), "channel id unique");
                assertTrue(numbers.add(c.channel()), "channel number unique in its digitizer");
                assertTrue(c.thresholdKeVnr() >= 0 && Double.isFinite(c.thresholdKeVnr()));
                assertTrue(c.calibration().gainKeVeePerAdc() > 0 && Double.isFinite(c.calibration().offsetKeVee()));
            }
        }
        assertDoesNotThrow(() -> new ChannelMap(d));
    }
}
