package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.analysis.stats.SignalFit;
import eu.ess.cevns.config.BeamNeutrons;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.config.ExpectationInputs;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.Await;
import eu.ess.cevns.daq.DaqServer;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
import eu.ess.cevns.sim.BeamSchedule;
import eu.ess.cevns.sim.CevnsEventSource;
import eu.ess.cevns.sim.DigitizerSimulator;
import eu.ess.cevns.sim.SimulatorSettings;
import eu.ess.cevns.sim.SimulatorTally;
import eu.ess.cevns.sim.TimingIocSimulator;
import eu.ess.cevns.sim.Transmission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Closed loop: a known CEvNS signal (boosted) and beam-related neutrons in time with the beam, over
 * a steady background, go from the simulated detector through the server and the store into the
 * analysis; the measured excess must agree with what was injected in the on window within 3σ, for
 * several seeds, and be consistent with zero when nothing beam-correlated is injected. Real
 * sockets, real pvAccess timing, real Chronicle files, real time (6 s of beam per run).
 */
class ClosedLoopTest {
    static final double ON_START_US = 0;
    static final double ON_END_US = 2871;

    record Result(double excess, double error, long injected, long injectedCevns, double injectedCevnsMean, AnalysisSummary live,
                  AnalysisSummary replay, SignalFit.Data fitData) {
        /**
         * The signal strength the simulation drew: CEvNS it put in the on window over the mean for the
         * pulses it sent (the Poisson fluctuation of the injection; a pulse the DAQ could not count
         * as ON takes its events out of the data and its charge out of the expectation alike).
         */
        double injectedMu() {
            return injectedCevnsMean > 0 ? injectedCevns / injectedCevnsMean : 0;
        }
    }

    /** Protons in one 2 MW pulse of 2 GeV protons at 14 Hz: 2e6 W / (2e9 eV × 14 Hz) = 71.4 µC = 4.46e14 protons. */
    static final double POT_PER_PULSE = 2e6 / (2e9 * 14) / 1.602176634e-19;

    /**
     * csi-cryogenic with its beam-related neutrons made {@code neutronsPerPulse} per 2 MW pulse at {@code boost}
     * (above its 1 keVnr threshold; the file's spectrum and delay): the simulation draws them from this
     * description and the analysis expects them from the same one, recorded in the run.
     */
    static SiteConfig site(Path data, double boost, double neutronsPerPulse) {
        SiteConfig d = ConfigLoader.defaultSite(data, "csi-cryogenic");
        BeamNeutrons b = d.detector().beamNeutrons();
        double perProton = boost > 0 ? neutronsPerPulse / boost / POT_PER_PULSE : 0;
        return d.with(x -> {
            x.detector = d.detector().withBeamNeutrons(new BeamNeutrons(perProton, 0, b.spectrum(), b.delayUs(), b.normUncertainty()));
            x.expectation = new ExpectationInputs(0.3, boost);
        });
    }

    static Result run(Path data, long seed, double boost, double neutronsPerPulse) throws Exception {
        return run(data, seed, 0.3, boost, neutronsPerPulse, 6);
    }

    /**
     * One closed-loop run of {@code seconds} of beam: the detector sees CEvNS with {@code simulatedR}
     * neutrinos per flavour per proton (0: none) and the beam-related neutrons, both at {@code boost};
     * the run records r = 0.3 and that boost.
     */
    static Result run(Path data, long seed, double simulatedR, double boost, double neutronsPerPulse, int seconds) throws Exception {
        BeamSchedule beam = new BeamSchedule(2.0, 2.0, 0.005, 0, 0, 0, 0, seed);
        SiteConfig d = site(data, boost, neutronsPerPulse);
        try (TimingIocSimulator ioc = new TimingIocSimulator(d.beamPvs(), beam, "127.0.0.1", 0, 0).start()) {
            SiteConfig site = d.withListen("127.0.0.1", 0, 0, 0, 0).withWriteToken("t").withStoreRingBytes(16L << 20)
                    .withTiming(d.timing().withIocAddress(ioc.searchAddress()));
            CevnsEventSource physics = new CevnsEventSource(site.detector(), beam, new ExpectationInputs(simulatedR, boost), 0.5, 20,
                    ON_START_US, ON_END_US, seed);
            AnalysisSummary live;
            AnalysisExtension extension = new AnalysisExtension();
            try (DaqServer server = DaqServer.start(site, "test", extension)) {
                Await.until("beam timing live", Duration.ofSeconds(15), () -> server.timing().isLive());
                LiveAnalysis analysis = extension.live();
                server.runs().start("closed loop " + seed, "test");
                SimulatorSettings s = SimulatorSettings.defaults(site.detector(), "127.0.0.1", server.udpPort(), Transmission.UDP)
                        .withRate(0, seed).withPulses((long) seconds * EssPulse.RATE_HZ, true);
                SimulatorTally sent = new DigitizerSimulator(s, null, physics).run();
                // loopback at a few packets a pulse: every datagram arrives, and the run must hold all of them
                Await.until("all " + sent.goodPackets() + " packets sent received, their waveforms stored and all " + sent.pulses()
                                + " pulses decided", Duration.ofSeconds(15), () -> server.status(),
                        st -> st.readout().packets() >= sent.goodPackets() && st.store().waveforms() == st.readout().waveforms()
                                && st.beam().pulsesOn() + st.beam().pulsesOff() + st.beam().pulsesUnknown() >= sent.pulses());
                server.runs().stop("", "test");
                // the stop record is the run's last: a summary that has seen it is final
                live = Await.until("the live analysis reached the run's stop", Duration.ofSeconds(15), analysis::summary,
                        x -> x != null && x.stopped());
            }
            RunAnalysis replay = new RunAnalysis();
            try (RunReader r = new RunStore(data).openReader(1)) {
                r.drain(replay);
            }
            AnalysisSummary a;
            replay.fit();
            a = replay.summary();
            return new Result(a.excess().value(), a.excess().error(), physics.cevnsInOnWindow() + physics.neutronsInOnWindow(),
                    physics.cevnsInOnWindow(), physics.cevnsMeanInOnWindow(), live, a, replay.fitData());
        }
    }

    @Test
    void theMeasuredExcessAgreesWithTheInjectedSignalForSeveralSeeds(@TempDir Path tmp) throws Exception {
        for (long seed : new long[] {101, 202, 303}) {
            // boost 1e5: about 1.3 CEvNS per pulse at 2 MW instead of 1.3e-5 (8 472 a year at 5 MW, csi-cryogenic)
            Result r = run(Files.createDirectory(tmp.resolve("s" + seed)), seed, 1e5, 0.3);
            AnalysisSummary.Expectation e = r.replay().expectation();
            System.out.printf("closed loop seed %d: injected %d in the on window, measured excess %.1f ± %.1f, pulls %.2f; "
                            + "on %d off %d alpha %.4f, expected %.1f ± %.1f (CEvNS %.1f + BRN %.1f), verdict %s%n", seed, r.injected(),
                    r.excess(), r.error(), (r.excess() - r.injected()) / r.error(), r.replay().counts().on(), r.replay().counts().off(),
                    r.replay().excess().alpha(), e.total(), e.syst(), e.cevns(), e.brn(), r.replay().excess().verdict().text());
            assertTrue(r.injected() > 50, "a signal was injected: " + r.injected());
            assertEquals(r.injected(), r.excess(), 3 * r.error(), "seed " + seed);
            // the expectation is what was drawn from: CEvNS and the same neutrons, boosted alike
            assertEquals(e.total(), r.replay().excess().expected(), 0);
            assertTrue(e.brn() > 0.1 * e.total(), "a fair share of neutrons: " + e);
            assertEquals(e.total(), r.excess(), 3 * Math.hypot(r.error(), e.syst()), "seed " + seed + ": the excess is the expectation");
            // the likelihood fit recovers the injected signal strength; its interval carries the systematics
            var f = r.replay().fit();
            System.out.printf("closed loop seed %d: fit mu %.3f (68 %%: %.3f .. %.3f), injected mu %.3f, %.1f sigma, BRN x %.2f%n", seed,
                    f.mu(), f.muLow(), f.muHigh(), r.injectedMu(), f.significance(), f.brnNorm());
            assertTrue(f.ok(), f.status());
            assertEquals(r.injectedMu(), f.mu(), 3 * f.error(), "seed " + seed);
            assertTrue(f.significance() > 4, "a signal of a hundred events stands out: " + f);
            assertSame(r.live(), r.replay(), seed);
            assertEquals(r.replay().counts().on(), Arrays.stream(r.replay().histograms().channelOn()).sum(), "per-channel counts add up");
            // 22.5 kg, up to 84 beam pulses = 6 s of beam (a busy machine may start the run a few late): per kg·day and
            // per 1e20 POT are the excess scaled by the exposure
            long pulses = r.replay().exposure().pulsesOn();
            assertTrue(pulses > 60 && pulses <= 84, "pulses " + pulses);
            assertEquals(r.excess() / 22.5 / (pulses / (double) EssPulse.RATE_HZ / 86400), r.replay().excessPerKgDay(),
                    1e-9 * Math.abs(r.replay().excessPerKgDay()));
            assertEquals(r.excess() / r.replay().exposure().pot() * 1e20, r.replay().excessPer1e20Pot(), 1e-9 * Math.abs(r.replay().excessPer1e20Pot()));
        }
    }

    /** Live at run end and replay agree on every number and every histogram bin. */
    static void assertSame(AnalysisSummary live, AnalysisSummary replay, long seed) {
        assertNotNull(live, "the live analysis reported");
        String what = "live analysis at run end equals the replay, seed " + seed + ": ";
        assertEquals(replay.run(), live.run(), what + "run");
        assertEquals(replay.stopped(), live.stopped(), what + "stopped");
        assertEquals(replay.lastEventNs(), live.lastEventNs(), what + "last event");
        assertEquals(replay.counts(), live.counts(), what + "counts");
        assertEquals(replay.excess(), live.excess(), what + "excess");
        assertEquals(replay.exposure(), live.exposure(), what + "exposure");
        assertEquals(replay.quality(), live.quality(), what + "quality cuts");
        assertEquals(replay.history(), live.history(), what + "rate history");
        assertEquals(replay.expectation(), live.expectation(), what + "expectation");
        assertEquals(replay.fit(), live.fit(), what + "likelihood fit");
        AnalysisSummary.Histograms l = live.histograms();
        AnalysisSummary.Histograms r = replay.histograms();
        assertArrayEquals(r.energyOn(), l.energyOn(), what + "energy on");
        assertArrayEquals(r.channelEnergy(), l.channelEnergy(), what + "channel energy");
        assertArrayEquals(r.energyOff(), l.energyOff(), what + "energy off");
        assertArrayEquals(r.timeSinceT0(), l.timeSinceT0(), what + "time since T0");
        assertArrayEquals(r.channelOn(), l.channelOn(), what + "channel on counts");
        assertArrayEquals(r.shapeVsEnergy(), l.shapeVsEnergy(), what + "shape vs energy");
    }

    @Test
    void withoutCevnsTheFittedSignalStrengthIsConsistentWithZeroAndTheNeutronsAreSeen(@TempDir Path tmp) throws Exception {
        // the run expects CEvNS and neutrons (r = 0.3, boost 1e5 recorded); the detector sees the neutrons, no neutrinos
        Result r = run(tmp, 404, 0, 1e5, 0.3, 6);
        var f = r.replay().fit();
        System.out.printf("closed loop, no CEvNS: %d neutrons injected, excess %.1f ± %.1f (on %d, off %d); fit mu %.3f (68 %%: %.3f .. %.3f),"
                        + " %.2f sigma, BRN x %.2f%n", r.injected(), r.excess(), r.error(), r.replay().counts().on(), r.replay().counts().off(),
                f.mu(), f.muLow(), f.muHigh(), f.significance(), f.brnNorm());
        assertEquals(0, r.injectedCevns());
        assertTrue(r.injected() > 5, "the neutrons were there: " + r.injected());
        assertTrue(r.replay().counts().off() > 30, "the background was there");
        assertEquals(r.injected(), r.excess(), 3 * r.error());
        assertTrue(f.ok(), f.status());
        assertEquals(0, f.mu(), 3 * f.error(), "mu compatible with 0: " + f);
        assertTrue(f.significance() < 3, "no signal claimed: " + f);
        assertSame(r.live(), r.replay(), 404);
    }
}
