package eu.ess.cevns.daq.timing;

import eu.ess.cevns.config.BeamPvs;
import eu.ess.cevns.config.EssPulse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/** The timing alarms' transitions, on an injected clock: no waiting, every step checked. */
class TimingConnectionWatchTest {
    static final BeamPvs PVS = new BeamPvs("T:Charge", "T:Present", "T:Mode", "T:Power");
    static final int STALE_AFTER_PULSES = 14;
    static final long STALE_NS = STALE_AFTER_PULSES * EssPulse.PERIOD_NS;

    record Transition(String name, int severity, boolean raised, String message) {
    }

    final AtomicLong nowNs = new AtomicLong(5_000_000_000L);
    final List<Transition> alarms = new ArrayList<>();
    final TimingConnectionWatch watch = new TimingConnectionWatch(PVS, STALE_AFTER_PULSES,
            (name, severity, raised, message) -> alarms.add(new Transition(name, severity, raised, message)), nowNs::get);

    void connectBoth() {
        watch.pvConnected(PVS.protonCharge(), true);
        watch.pvConnected(PVS.present(), true);
    }

    void advance(long ns) {
        nowNs.addAndGet(ns);
    }

    Transition only() {
        assertEquals(1, alarms.size(), "transitions: " + alarms);
        Transition t = alarms.remove(0);
        assertEquals(TimingAlarms.MAJOR, t.severity());
        return t;
    }

    @Test
    void silenceRaisesStaleAfterTheConfiguredPulsesAndAnUpdateClearsIt() {
        connectBoth();
        watch.chargeUpdated();
        watch.check();
        assertTrue(alarms.isEmpty(), "connected and updating: " + alarms);
        assertTrue(watch.isLive());
        advance(STALE_NS);
        watch.check();
        assertTrue(alarms.isEmpty(), "exactly staleAfterPulses periods is not yet silence: " + alarms);
        advance(1);
        watch.check();
        Transition stale = only();
        assertEquals(TimingConnectionWatch.ALARM_STALE, stale.name());
        assertTrue(stale.raised());
        assertTrue(stale.message().contains(STALE_AFTER_PULSES + " pulse periods"), stale.message());
        assertFalse(watch.isLive());
        assertTrue(watch.isConnected(), "silent, not disconnected");
        watch.check();
        assertTrue(alarms.isEmpty(), "raised once: " + alarms);
        watch.chargeUpdated();
        watch.check();
        Transition cleared = only();
        assertEquals(TimingConnectionWatch.ALARM_STALE, cleared.name());
        assertFalse(cleared.raised());
        assertTrue(watch.isLive());
    }

    @Test
    void silenceIsCountedFromTheConnectionBeforeTheFirstUpdate() {
        connectBoth();
        watch.check();
        assertTrue(alarms.isEmpty(), "just connected: " + alarms);
        assertFalse(watch.isLive(), "not live before the first update");
        advance(STALE_NS + 1);
        watch.check();
        Transition stale = only();
        assertEquals(TimingConnectionWatch.ALARM_STALE, stale.name());
        assertTrue(stale.raised());
    }

    @Test
    void aDisconnectedPvRaisesTheAlarmNamingItAndReconnectingClearsIt() {
        connectBoth();
        watch.chargeUpdated();
        watch.check();
        watch.pvConnected(PVS.present(), false);
        watch.check();
        Transition lost = only();
        assertEquals(TimingConnectionWatch.ALARM_DISCONNECTED, lost.name());
        assertTrue(lost.raised());
        assertTrue(lost.message().contains(PVS.present()), lost.message());
        assertFalse(lost.message().contains(PVS.protonCharge()), "only the missing PV is named: " + lost.message());
        assertFalse(watch.isConnected());
        assertFalse(watch.isLive());
        advance(STALE_NS + 1);
        watch.check();
        assertTrue(alarms.isEmpty(), "no stale alarm while disconnected, no second raise: " + alarms);
        watch.pvConnected(PVS.present(), true);
        watch.chargeUpdated();
        watch.check();
        Transition back = only();
        assertEquals(TimingConnectionWatch.ALARM_DISCONNECTED, back.name());
        assertFalse(back.raised());
        assertTrue(watch.isLive());
    }

    @Test
    void theAlarmNamesThePvsStillMissing() {
        watch.check();
        Transition both = only();
        assertEquals(TimingConnectionWatch.ALARM_DISCONNECTED, both.name());
        assertTrue(both.raised());
        assertTrue(both.message().contains(PVS.protonCharge() + " and " + PVS.present()), both.message());
        watch.check();
        assertTrue(alarms.isEmpty(), "nothing changed, nothing reported: " + alarms);
        watch.pvConnected(PVS.protonCharge(), true);
        watch.check();
        Transition presentOnly = only();
        assertTrue(presentOnly.raised(), "still raised, now naming beam present only");
        assertTrue(presentOnly.message().contains(PVS.present()) && !presentOnly.message().contains(PVS.protonCharge()),
                presentOnly.message());
        watch.pvConnected(PVS.present(), true);
        watch.check();
        assertFalse(only().raised());
    }

    @Test
    void modeAndPowerDoNotCountForTheConnection() {
        connectBoth();
        watch.pvConnected(PVS.mode(), false);
        watch.pvConnected(PVS.power(), false);
        watch.check();
        assertTrue(alarms.isEmpty(), "display-only PVs: " + alarms);
        assertTrue(watch.isConnected());
    }

    @Test
    void staleAfterIsTheConfiguredPulsePeriods() {
        assertEquals(STALE_AFTER_PULSES / (double) EssPulse.RATE_HZ, watch.staleAfterS(), 1e-6);
    }
}
