package eu.ess.cevns.daq.alarm;

import eu.ess.cevns.config.AlarmDelay;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.Await;
import eu.ess.cevns.daq.DaqServer;
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
 * run, and a beam trip (a planned beam-off of 1 s) every 2.5 s. With no clear delay, noRun flaps:
 * raised and cleared at each trip, its "since" reset each time (as it did before the delays). With
 * a clear delay longer than the trips it is one alarm, raised once, never cleared by a trip, whose
 * "since" is when beam first went by without a run. Delays shortened to seconds (1 s raise) so the
 * test is short; the site's defaults are 30 s and 120 s.
 */
class NoRunWithBeamTripsTest {
    static final BeamSchedule TRIPS = new BeamSchedule(2.0, 2.0, 0.005, 0, 0, 2.5, 1, 11);

    record Seen(List<AlarmTransition> noRun, Alarm alarm, Instant firstOn) {
    }

    Seen watch(Path data, AlarmDelay noRunDelay) throws Exception {
        try (TimingIocSimulator ioc = new TimingIocSimulator(TestSites.site(data).beamPvs(), TRIPS, "127.0.0.1", 0, 0).start()) {
            SiteConfig base = TestSites.site(data);
            SiteConfig site = base.withTiming(base.timing().withIocAddress(ioc.searchAddress()))
                    .withAlarms(base.alarms().withDelays(Map.of("noRun", noRunDelay)));
            try (DaqServer server = DaqServer.start(site, "test")) {
                List<AlarmTransition> noRun = new CopyOnWriteArrayList<>();
                server.alarms().onTransition(t -> {
                    if (t.name().equals("noRun")) {
                        noRun.add(t);
                    }
                });
                // the beam as the server sees it, each state change with its time: until three trips have come and gone
                List<BeamState> changes = new ArrayList<>();
                Instant[] firstOn = {null};
                Await.until("three beam trips seen by the server after noRun was raised", Duration.ofSeconds(30), () -> {
                    BeamState now = server.status().beam().state();
                    if (changes.isEmpty() || changes.get(changes.size() - 1) != now) {
                        changes.add(now);
                        if (now == BeamState.ON && firstOn[0] == null) {
                            firstOn[0] = Instant.now();
                        }
                    }
                    int on = changes.indexOf(BeamState.ON);
                    return !noRun.isEmpty() && on >= 0 && changes.subList(on, changes.size()).stream()
                            .filter(s -> s != BeamState.ON).count() >= 3 && changes.get(changes.size() - 1) == BeamState.ON;
                }, done -> done);
                Alarm a = server.alarms().listed().stream().filter(x -> x.name().equals("noRun")).findFirst().orElse(null);
                return new Seen(List.copyOf(noRun), a, firstOn[0]);
            }
        }
    }

    @Test
    void withoutAClearDelayNoRunFlapsWithEachTripAndItsSinceResets(@TempDir Path data) throws Exception {
        Seen s = watch(data, new AlarmDelay(1, 0));
        long raises = s.noRun().stream().filter(AlarmTransition::raised).count();
        long clears = s.noRun().size() - raises;
        assertTrue(raises >= 2 && clears >= 1, "the flapping of issue 12 reproduced: " + s.noRun());
    }

    @Test
    void withAClearDelayLongerThanTheTripsNoRunIsOneAlarmSinceBeamFirstWentByWithoutARun(@TempDir Path data) throws Exception {
        Seen s = watch(data, new AlarmDelay(1, 2.5));
        assertEquals(1, s.noRun().size(), "raised once, never cleared by a trip: " + s.noRun());
        assertTrue(s.noRun().get(0).raised());
        assertNotNull(s.alarm());
        assertEquals(Alarm.State.ACTIVE, s.alarm().state());
        // since: the first evaluation that saw beam on without a run, at most one status second after the test saw beam on
        Instant since = s.alarm().since();
        assertFalse(since.isAfter(s.firstOn().plusMillis(1500)), "since " + since + ", beam first on " + s.firstOn());
        assertTrue(Duration.between(since, s.noRun().get(0).time()).toMillis() >= 1000, "raised after its 1 s raise delay");
        assertTrue(Duration.between(since, Instant.now()).toSeconds() >= 5, "since stayed at the start across three trips");
    }
}
