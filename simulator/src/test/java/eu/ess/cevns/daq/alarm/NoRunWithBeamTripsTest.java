package eu.ess.cevns.daq.alarm;

import eu.ess.cevns.config.AlarmDelay;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.Await;
import eu.ess.cevns.daq.DaqServer;
import eu.ess.cevns.daq.ServerContext;
import eu.ess.cevns.daq.ServerExtension;
import eu.ess.cevns.daq.TestSites;
import eu.ess.cevns.daq.timing.BeamState;
import eu.ess.cevns.sim.BeamSchedule;
import eu.ess.cevns.sim.TimingIocSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The noRun flapping of issue 12 on a real server with the simulated ESS timing IOC: beam on, no
 * run, and a beam trip (a planned beam-off of 1 s) every 2.5 s. With no delays, noRun flaps:
 * raised and cleared at each trip, its "since" reset each time (as it did before the delays). With
 * a clear delay longer than the trips it is one alarm, raised once, never cleared by a trip, whose
 * "since" is when beam first went by without a run. Delays shortened to seconds (1 s raise) so the
 * test is short; the site's defaults are 30 s and 120 s.
 */
class NoRunWithBeamTripsTest {
    static final BeamSchedule TRIPS = new BeamSchedule(2.0, 2.0, 0.005, 0, 0, 2.5, 1, 11);

    /**
     * The noRun transitions, the alarm at the end, when an evaluation first saw beam on without a
     * run (a rule of the test's own, judged with the server's on the same status), and the alarm's
     * since as it was when first raised.
     */
    record Seen(List<AlarmTransition> noRun, Alarm alarm, Instant firstHeld, Instant sinceAtRaise) {
    }

    Seen watch(Path data, AlarmDelay noRunDelay) throws Exception {
        try (TimingIocSimulator ioc = new TimingIocSimulator(TestSites.site(data).beamPvs(), TRIPS, "127.0.0.1", 0, 0).start()) {
            SiteConfig base = TestSites.site(data);
            SiteConfig site = base.withTiming(base.timing().withIocAddress(ioc.searchAddress()))
                    .withAlarms(base.alarms().withDelays(Map.of("noRun", noRunDelay)));
            List<AlarmTransition> noRun = new CopyOnWriteArrayList<>();
            Instant[] firstHeld = {null};
            Instant[] sinceAtRaise = {null};
            // attached before the server's first evaluation, so the test's rule sees every one the server's rule sees
            ServerExtension watch = new ServerExtension() {
                @Override
                public String name() {
                    return "noRun watch of NoRunWithBeamTripsTest";
                }

                @Override
                public void attach(ServerContext context) {
                    context.addAlarmRule((in, report) -> {
                        if (firstHeld[0] == null && in.now().beam().state() == BeamState.ON && !in.running()) {
                            firstHeld[0] = in.now().time(); // the evaluation's time, as the server's rule sees it
                        }
                    });
                    context.onAlarmTransition(t -> {
                        if (t.name().equals("noRun")) {
                            noRun.add(t);
                        }
                    });
                }

                @Override
                public void close() {
                }
            };
            try (DaqServer server = DaqServer.start(site, "test", watch)) {
                // the beam as the server sees it, each change: until three trips have come and gone after noRun was raised
                List<BeamState> changes = new ArrayList<>();
                int[] raisedAt = {-1};
                Await.until("three beam trips seen by the server after noRun was raised", Duration.ofSeconds(30), () -> {
                    if (sinceAtRaise[0] == null) {
                        server.alarms().listed().stream().filter(x -> x.name().equals("noRun")).findFirst()
                                .ifPresent(a -> sinceAtRaise[0] = a.since());
                    }
                    BeamState now = server.status().beam().state();
                    if (changes.isEmpty() || changes.get(changes.size() - 1) != now) {
                        changes.add(now);
                    }
                    if (raisedAt[0] < 0 && !noRun.isEmpty()) {
                        raisedAt[0] = changes.size() - 1;
                    }
                    int trips = 0;
                    for (int i = Math.max(1, raisedAt[0] + 1); raisedAt[0] >= 0 && i < changes.size(); i++) {
                        if (changes.get(i - 1) == BeamState.ON && changes.get(i) != BeamState.ON) {
                            trips++;
                        }
                    }
                    return trips >= 3 && changes.get(changes.size() - 1) == BeamState.ON;
                }, done -> done);
                Alarm a = server.alarms().listed().stream().filter(x -> x.name().equals("noRun")).findFirst().orElse(null);
                return new Seen(List.copyOf(noRun), a, firstHeld[0], sinceAtRaise[0]);
            }
        }
    }

    @Test
    void withoutAClearDelayNoRunFlapsWithEachTripAndItsSinceResets(@TempDir Path data) throws Exception {
        Seen s = watch(data, new AlarmDelay(0, 0));
        long raises = s.noRun().stream().filter(AlarmTransition::raised).count();
        long clears = s.noRun().size() - raises;
        assertTrue(raises >= 2 && clears >= 2, "the flapping of issue 12 reproduced: " + s.noRun());
    }

    @Test
    void withAClearDelayLongerThanTheTripsNoRunIsOneAlarmSinceBeamFirstWentByWithoutARun(@TempDir Path data) throws Exception {
        Seen s = watch(data, new AlarmDelay(1, 2.5));
        assertEquals(1, s.noRun().size(), "raised once, never cleared by a trip: " + s.noRun());
        assertTrue(s.noRun().get(0).raised());
        assertNotNull(s.alarm());
        assertEquals(Alarm.State.ACTIVE, s.alarm().state());
        // since: the evaluation that first saw beam on without a run, and it stayed there through the trips
        Instant since = s.alarm().since();
        assertTrue(Math.abs(Duration.between(s.firstHeld(), since).toMillis()) < 250, "since " + since + ", first held " + s.firstHeld());
        assertEquals(s.sinceAtRaise(), since, "the same since at the raise and after three trips");
        assertTrue(Duration.between(since, s.noRun().get(0).time()).toMillis() >= 1000, "raised after its 1 s raise delay");
        assertTrue(Duration.between(since, Instant.now()).toSeconds() >= 5, "since stayed at the start across three trips (2.5 s apart) after the raise");
    }
}
