package eu.ess.cevns.daq.timing;

import eu.ess.cevns.config.EssPulse;
import com.fasterxml.jackson.databind.JsonNode;
import eu.ess.cevns.config.BeamPvs;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.config.TimingConfig;
import eu.ess.cevns.daq.Await;
import eu.ess.cevns.daq.DaqServer;
import eu.ess.cevns.daq.TestSites;
import eu.ess.cevns.sim.BeamSchedule;
import eu.ess.cevns.sim.DigitizerSimulator;
import eu.ess.cevns.sim.PulseClock;
import eu.ess.cevns.sim.SimulatorSettings;
import eu.ess.cevns.sim.SimulatorTally;
import eu.ess.cevns.sim.TimingIocSimulator;
import eu.ess.cevns.sim.Transmission;
import eu.ess.cevns.daq.store.RecordVisitor;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
import eu.ess.cevns.daq.store.StoredWaveform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Simulated timing IOC (real pvAccess on loopback) + simulated digitizers + server: the beam state
 * stored for every pulse must be what the IOC's schedule says, trips and beam-off periods
 * included; while the IOC is down pulses are UNKNOWN, and the join recovers when it returns.
 */
class TimingEndToEndTest {
    /** A schedule that changes within seconds: a trip about every 2 s lasting 0.5 s, 1 s beam-off every 4 s. */
    static final BeamSchedule BUSY = new BeamSchedule(2.0, 2.0, 0.005, 1800, 0.5, 4, 1, 17);

    static long pulseNumber(long t0Ns) {
        return PulseClock.pulseNumber(t0Ns);
    }

    record Run(Map<Long, Integer> pulseStates, List<long[]> waveforms, List<String> alarms, List<String> alarmMessages) {
    }

    static Run read(Path data, int run) {
        Map<Long, Integer> pulses = new HashMap<>();
        List<long[]> waveforms = new ArrayList<>();
        List<String> alarms = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        try (RunReader r = new RunStore(data).openReader(run)) {
            r.drain(new RecordVisitor() {
                @Override
                public void onPulse(long t0Ns, double chargeUc, int beamState) {
                    assertNull(pulses.put(pulseNumber(t0Ns), beamState), "one pulse record per pulse");
                }

                @Override
                public void onWaveform(StoredWaveform w) {
                    waveforms.add(new long[] {pulseNumber(w.pulseT0Ns()), w.beamState()});
                }

                @Override
                public void onAlarm(Instant time, int severity, boolean raised, String name, String message) {
                    alarms.add(name + (raised ? " raised" : " cleared"));
                    messages.add(message);
                }
            });
        }
        return new Run(pulses, waveforms, alarms, messages);
    }

    static SiteConfig site(Path data, String ioc) {
        TimingConfig t = new TimingConfig(2000, 200, 1.0, 14, ioc);
        return TestSites.site(data).withTiming(t);
    }

    static void awaitLive(DaqServer server) throws InterruptedException {
        Await.until("timing client connected to the simulated IOC", Duration.ofSeconds(15), () -> server.timing().isLive());
    }

    /** Pulses of the run the join decided so far with {@code state} (on, off, unknown), from the status. */
    static long pulses(DaqServer server, String state) {
        return server.statusJson().path("beam").path("pulses").path(state).asLong();
    }

    /**
     * Waits until the server has stored every waveform it received and decided every pulse the
     * digitizers sent: a run stopped earlier would settle the pulses still waiting for EPICS as UNKNOWN.
     */
    static void awaitCaughtUp(DaqServer server, SimulatorTally sent) throws InterruptedException {
        Await.until("every waveform received stored and all " + sent.pulses() + " pulses sent decided", Duration.ofSeconds(15),
                () -> {
                    JsonNode s = server.statusJson();
                    JsonNode p = s.at("/beam/pulses");
                    long decided = p.path("on").asLong() + p.path("off").asLong() + p.path("unknown").asLong();
                    return s.at("/store/waveforms").asLong() == s.at("/readout/waveforms").asLong() && decided >= sent.pulses();
                });
    }

    /** Waits until run {@code run}, still open, has recorded the transition ("name raised" or "name cleared"). */
    static void awaitRecorded(Path data, int run, String transition) throws InterruptedException {
        Await.until("the run records " + transition, Duration.ofSeconds(15), () -> read(data, run).alarms().contains(transition));
    }

    static int expected(BeamSchedule s, long k) {
        return s.present(k) ? BeamState.ON.code() : BeamState.OFF.code();
    }

    @Test
    void storedPulseStatesFollowTheIocScheduleExactly(@TempDir Path data) throws Exception {
        try (TimingIocSimulator ioc = new TimingIocSimulator(TestSites.site(data).beamPvs(), BUSY, "127.0.0.1", 0, 0).start();
             DaqServer server = DaqServer.start(site(data, ioc.searchAddress()), "test")) {
            awaitLive(server);
            server.runs().start("timing", "test");
            SimulatorSettings s = SimulatorSettings.defaults(server.site().detector(), "127.0.0.1", server.udpPort(), Transmission.UDP)
                    .withRate(20, 3).withPulses(8 * EssPulse.RATE_HZ, true);
            SimulatorTally sent = new DigitizerSimulator(s, null).run();
            awaitCaughtUp(server, sent);
            server.runs().stop("", "test");
        }
        Run run = read(data, 1);
        assertTrue(run.pulseStates().size() >= 8 * EssPulse.RATE_HZ, "pulses stored: " + run.pulseStates().size());
        int on = 0;
        int off = 0;
        for (Map.Entry<Long, Integer> p : run.pulseStates().entrySet()) {
            assertEquals(expected(BUSY, p.getKey()), p.getValue(), "pulse " + p.getKey() + " (" + BUSY.mode(p.getKey()) + ")");
            if (p.getValue() == BeamState.ON.code()) {
                on++;
            } else {
                off++;
            }
        }
        assertTrue(on > 14 && off > 14, "both beam and no beam seen: on " + on + ", off " + off);
        assertTrue(run.pulseStates().keySet().stream().anyMatch(BUSY::tripped), "a trip happened during the run");
        assertTrue(run.pulseStates().keySet().stream().anyMatch(BUSY::plannedOff), "a planned beam-off happened during the run");
        assertFalse(run.waveforms().isEmpty());
        for (long[] w : run.waveforms()) {
            assertEquals(run.pulseStates().get(w[0]), (int) w[1], "waveform of pulse " + w[0] + " has its pulse's state");
        }
    }

    @Test
    void pulsesAreUnknownWhileTheIocIsDownAndTheJoinRecoversWhenItReturns(@TempDir Path data) throws Exception {
        BeamSchedule steady = new BeamSchedule(2.0, 2.0, 0.005, 0, 0, 0, 0, 5);
        TimingIocSimulator first = new TimingIocSimulator(TestSites.site(data).beamPvs(), steady, "127.0.0.1", 0, 0).start();
        long lastOfFirst;
        long firstOfSecond;
        long recoveredAtPulse;
        double reconnectS;
        try (DaqServer server = DaqServer.start(site(data, first.searchAddress()), "test")) {
            awaitLive(server);
            server.runs().start("ioc restart", "test");
            SimulatorSettings s = SimulatorSettings.defaults(server.site().detector(), "127.0.0.1", server.udpPort(), Transmission.UDP)
                    .withRate(20, 4).withPulses(0, true);
            DigitizerSimulator sim = new DigitizerSimulator(s, null);
            Thread digitizers = new Thread(() -> {
                try {
                    sim.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            digitizers.start();
            Await.until("2 s of beam-ON pulses from the first IOC", () -> pulses(server, "on") >= 2 * EssPulse.RATE_HZ);
            first.close();                     // the IOC goes down
            lastOfFirst = first.lastPulse();
            long unknownBefore = pulses(server, "unknown");
            Await.until("3 s of UNKNOWN pulses while the IOC is down", () -> pulses(server, "unknown") >= unknownBefore + 3 * EssPulse.RATE_HZ);
            awaitRecorded(data, 1, "timingDisconnected raised");
            try (TimingIocSimulator second = new TimingIocSimulator(server.site().beamPvs(), steady, "127.0.0.1",
                    first.tcpPort(), first.udpPort()).start()) {
                long back = System.nanoTime();
                Await.until("the client found the IOC again", Duration.ofSeconds(30), () -> server.timing().isLive());
                reconnectS = (System.nanoTime() - back) / 1e9;
                recoveredAtPulse = PulseClock.pulseNumber(System.currentTimeMillis() * 1_000_000L);
                long onAtRecovery = pulses(server, "on");
                Await.until("2 s of beam-ON pulses from the second IOC", () -> pulses(server, "on") >= onAtRecovery + 2 * EssPulse.RATE_HZ);
                sim.stop();
                digitizers.join(5000);
                firstOfSecond = second.firstPulse();
                awaitCaughtUp(server, sim.tally());
                server.runs().stop("", "test");
                assertTrue(second.published() > 14, "the restarted IOC published");
            }
        }
        Run run = read(data, 1);
        System.out.printf("IOC restart: last pulse of the first IOC %d, first of the second %d, client back after %.1f s at pulse %d;"
                        + " stored pulses %d..%d, %d in all; states %s%n",
                lastOfFirst, firstOfSecond, reconnectS, recoveredAtPulse, run.pulseStates().keySet().stream().mapToLong(Long::longValue).min().orElse(-1),
                run.pulseStates().keySet().stream().mapToLong(Long::longValue).max().orElse(-1), run.pulseStates().size(),
                run.pulseStates().values().stream().collect(Collectors.groupingBy(v -> v, Collectors.counting())));
        int unknownInGap = 0;
        for (Map.Entry<Long, Integer> p : run.pulseStates().entrySet()) {
            long k = p.getKey();
            if (p.getValue() != BeamState.UNKNOWN.code()) {
                assertEquals(expected(steady, k), p.getValue(), "pulse " + k);
            }
            if (k > lastOfFirst && k < firstOfSecond) {
                assertEquals(BeamState.UNKNOWN.code(), p.getValue(), "pulse " + k + " while the IOC was down");
                unknownInGap++;
            }
            if (k > recoveredAtPulse + 2) {
                assertEquals(BeamState.ON.code(), p.getValue(), "pulse " + k + " after the IOC came back");
            }
        }
        assertTrue(unknownInGap >= 28, "about 3 s of UNKNOWN pulses: " + unknownInGap);
        assertTrue(run.pulseStates().keySet().stream().filter(k -> k > recoveredAtPulse + 2).count() >= 14,
                "at least a second of pulses after recovery");
        assertTrue(run.alarms().contains("timingDisconnected raised"), "alarms: " + run.alarms());
        assertTrue(run.alarms().contains("timingDisconnected cleared"), "alarms: " + run.alarms());
    }

    /**
     * The IOC publishes charge but not the beam-present PV the site names (a wrong PV name, or that
     * record down): every pulse must be UNKNOWN, never OFF, the status must say so, and the alarm
     * must name the missing PV.
     */
    @Test
    void withoutBeamPresentPulsesAreUnknownNotOff(@TempDir Path data) throws Exception {
        BeamSchedule steady = new BeamSchedule(2.0, 2.0, 0.005, 0, 0, 0, 0, 7);
        BeamPvs site = TestSites.site(data).beamPvs();
        BeamPvs published = new BeamPvs(site.protonCharge(), "CEvNS:Test:OtherPresent", site.mode(), site.power());
        JsonNode beam;
        try (TimingIocSimulator ioc = new TimingIocSimulator(published, steady, "127.0.0.1", 0, 0).start();
             DaqServer server = DaqServer.start(site(data, ioc.searchAddress()), "test")) {
            Await.until("a second of charge updates", Duration.ofSeconds(15), () -> server.timing().updates() >= EssPulse.RATE_HZ);
            server.runs().start("no beam present", "test");
            SimulatorSettings s = SimulatorSettings.defaults(server.site().detector(), "127.0.0.1", server.udpPort(), Transmission.UDP)
                    .withRate(20, 3).withPulses(3 * EssPulse.RATE_HZ, true);
            SimulatorTally sent = new DigitizerSimulator(s, null).run();
            awaitCaughtUp(server, sent);
            awaitRecorded(data, 1, "timingDisconnected raised");
            beam = server.statusJson().path("beam");
            server.runs().stop("", "test");
        }
        assertEquals("UNKNOWN", beam.path("state").asText(), "beam: " + beam);
        assertEquals("DISCONNECTED", beam.path("timing").asText(), "beam: " + beam);
        assertEquals(0, beam.at("/pulses/off").asLong(), "no pulse called OFF: " + beam);
        assertEquals(0, beam.at("/pulses/on").asLong(), "no pulse called ON: " + beam);
        Run run = read(data, 1);
        assertTrue(run.pulseStates().size() >= 3 * EssPulse.RATE_HZ, "pulses stored: " + run.pulseStates().size());
        assertTrue(run.pulseStates().values().stream().allMatch(v -> v == BeamState.UNKNOWN.code()),
                "every stored pulse UNKNOWN: " + run.pulseStates().values().stream().distinct().toList());
        assertTrue(run.waveforms().stream().allMatch(w -> w[1] == BeamState.UNKNOWN.code()), "every waveform's pulse UNKNOWN");
        assertTrue(run.alarms().contains("timingDisconnected raised"), "alarms: " + run.alarms());
        assertTrue(run.alarmMessages().stream().anyMatch(m -> m.contains(site.present()) && !m.contains(site.protonCharge())),
                "the alarm names the beam-present PV only: " + run.alarmMessages());
    }
}
