package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.sim.CevnsEventSource;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.DaqServer;
import eu.ess.cevns.sim.BeamSchedule;
import eu.ess.cevns.sim.DigitizerSimulator;
import eu.ess.cevns.sim.SimulatorSettings;
import eu.ess.cevns.sim.TimingIocSimulator;
import eu.ess.cevns.sim.Transmission;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

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

    record Result(double excess, double error, long injected, AnalysisSummary live, AnalysisSummary replay) {
    }

    static Result run(Path data, long seed, double boost, double neutronsPerPulse) throws Exception {
        BeamSchedule beam = new BeamSchedule(2.0, 2.0, 0.005, 0, 0, 0, 0, seed);
        SiteConfig d = ConfigLoader.defaultSite(data, "csi-cryogenic");
        try (TimingIocSimulator ioc = new TimingIocSimulator(d.beamPvs(), beam, "127.0.0.1", 0, 0).start()) {
            SiteConfig site = d.withListen("127.0.0.1", 0, 0, 0, 0).withWriteToken("t").withStoreRingBytes(16L << 20)
                    .withTiming(d.timing().withIocAddress(ioc.searchAddress()));
            CevnsEventSource physics = new CevnsEventSource(site.detector(), beam, 0.3, boost, 0.5, neutronsPerPulse, 20,
                    ON_START_US, ON_END_US, seed);
            AnalysisSummary live;
            AnalysisExtension extension = new AnalysisExtension(0.3);
            try (DaqServer server = DaqServer.start(site, "test", extension)) {
                for (int i = 0; i < 300 && !server.timing().isLive(); i++) {
                    Thread.sleep(50);
                }
                assertTrue(server.timing().isLive());
                LiveAnalysis analysis = extension.live();
                server.runs().start("closed loop " + seed, "test");
                SimulatorSettings s = SimulatorSettings.defaults(site.detector(), "127.0.0.1", server.udpPort(), Transmission.UDP)
                        .withRate(0, seed).withPulses(6 * EssPulse.RATE_HZ, true);
                new DigitizerSimulator(s, null, physics).run();
                Thread.sleep(400);
                server.runs().stop("", "test");
                for (int i = 0; i < 100 && (analysis.summary() == null || !analysis.summary().stopped()); i++) {
                    Thread.sleep(50);
                }
                Thread.sleep(300);
                live = analysis.summary();
            }
            RunAnalysis replay = new RunAnalysis(0.3);
            try (RunReader r = new RunStore(data).openReader(1)) {
                r.drain(replay);
            }
            AnalysisSummary a = replay.summary();
            return new Result(a.excess(), a.excessError(), physics.cevnsInOnWindow() + physics.neutronsInOnWindow(), live, a);
        }
    }

    @Test
    void theMeasuredExcessAgreesWithTheInjectedSignalForSeveralSeeds(@TempDir Path tmp) throws Exception {
        for (long seed : new long[] {101, 202, 303}) {
            // boost 1e5: about 1.3 CEvNS per pulse at 2 MW instead of 1.3e-5 (8 472 a year at 5 MW, csi-cryogenic)
            Result r = run(Files.createDirectory(tmp.resolve("s" + seed)), seed, 1e5, 0.3);
            System.out.printf("closed loop seed %d: injected %d in the on window, measured excess %.1f ± %.1f, pulls %.2f; "
                            + "on %d off %d alpha %.4f, SM expected (boost 1) %.3g%n", seed, r.injected(), r.excess(), r.error(),
                    (r.excess() - r.injected()) / r.error(), r.replay().onCounts(), r.replay().offCounts(), r.replay().alpha(),
                    r.replay().expected());
            assertTrue(r.injected() > 50, "a signal was injected: " + r.injected());
            assertEquals(r.injected(), r.excess(), 3 * r.error(), "seed " + seed);
            assertSame(r.live(), r.replay(), seed);
            assertEquals(r.replay().onCounts(), java.util.Arrays.stream(r.replay().channelOn()).sum(), "per-channel counts add up");
            // 22.5 kg, 84 beam pulses = 6 s of beam: per kg·day and per 1e20 POT are the excess scaled by the exposure
            assertEquals(r.excess() / 22.5 / (84.0 / EssPulse.RATE_HZ / 86400), r.replay().excessPerKgDay(), 1e-9 * Math.abs(r.replay().excessPerKgDay()));
            assertEquals(r.excess() / r.replay().pot() * 1e20, r.replay().excessPer1e20Pot(), 1e-9 * Math.abs(r.replay().excessPer1e20Pot()));
        }
    }

    /** Live at run end and replay agree on every number and every histogram bin. */
    static void assertSame(AnalysisSummary live, AnalysisSummary replay, long seed) {
        assertNotNull(live, "the live analysis reported");
        AnalysisSummary liveNoHist = new AnalysisSummary(live.run(), live.stopped(), live.onCounts(), live.offCounts(),
                live.beamOffCounts(), live.unknownCounts(), live.alpha(), live.excess(), live.excessError(), live.significance(),
                live.intervalLow(), live.intervalHigh(), live.expected(), live.pot(), live.onLiveS(), live.offLiveS(),
                live.beamOffLiveS(), live.pulsesOn(), live.pulsesOff(), live.pulsesUnknown(), live.waveforms(),
                live.belowThreshold(), live.pileUp(), live.saturated(), live.lastEventNs(), null, null, null, live.massKg(), null, null,
                live.history(), null, live.verdict());
        AnalysisSummary replayNoHist = new AnalysisSummary(replay.run(), replay.stopped(), replay.onCounts(), replay.offCounts(),
                replay.beamOffCounts(), replay.unknownCounts(), replay.alpha(), replay.excess(), replay.excessError(),
                replay.significance(), replay.intervalLow(), replay.intervalHigh(), replay.expected(), replay.pot(),
                replay.onLiveS(), replay.offLiveS(), replay.beamOffLiveS(), replay.pulsesOn(), replay.pulsesOff(),
                replay.pulsesUnknown(), replay.waveforms(), replay.belowThreshold(), replay.pileUp(), replay.saturated(),
                replay.lastEventNs(), null, null, null, replay.massKg(), null, null, replay.history(), null, replay.verdict());
        assertEquals(replayNoHist, liveNoHist, "live analysis at run end equals the replay, seed " + seed);
        assertArrayEquals(replay.energyOn(), live.energyOn());
        assertArrayEquals(replay.channelEnergy(), live.channelEnergy());
        assertArrayEquals(replay.energyOff(), live.energyOff());
        assertArrayEquals(replay.timeSinceT0(), live.timeSinceT0());
        assertArrayEquals(replay.channelOn(), live.channelOn());
        assertArrayEquals(replay.shapeVsEnergy(), live.shapeVsEnergy());
    }

    @Test
    void withNothingBeamCorrelatedTheExcessIsConsistentWithZero(@TempDir Path tmp) throws Exception {
        Result r = run(tmp, 404, 0, 0);
        System.out.printf("closed loop, no signal: excess %.1f ± %.1f (on %d, off %d)%n", r.excess(), r.error(),
                r.replay().onCounts(), r.replay().offCounts());
        assertEquals(0, r.injected());
        assertTrue(r.replay().offCounts() > 30, "the background was there");
        assertEquals(0, r.excess(), 3 * r.error());
    }
}
