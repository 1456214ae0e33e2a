package eu.ess.cevns.daq.alarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.config.AlarmLimits;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The alarm model on status objects of the shape {@code /api/status} serves, with a clock of the
 * test's own: each rule raises at its limit and clears when the condition goes, every transition
 * is recorded once, and the PVs named by an alarm see its severity.
 */
class AlarmMonitorTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final AtomicLong clockMs = new AtomicLong(1_000_000);
    final List<String> recorded = new ArrayList<>();
    ObjectNode status = baseStatus();
    Map<Integer, Double> silent = new TreeMap<>(Map.of(0, 0.0, 1, 0.0, 2, 0.0));
    long diskFree = 100L << 30;
    final AlarmMonitor monitor = new AlarmMonitor(AlarmLimits.DEFAULT, () -> status.deepCopy(), () -> silent, () -> diskFree,
            (name, severity, raised, message) -> recorded.add(name + " " + Severity.of(severity) + " " + (raised ? "raised" : "cleared")),
            clockMs::get);

    static ObjectNode baseStatus() {
        try {
            return (ObjectNode) JSON.readTree("""
                    {"run": {"number": 1, "state": "RUNNING"},
                     "readout": {"packets": 0, "lostPackets": 0, "rejected": {"total": 0, "cookie": 0, "samples": 0}},
                     "store": {"dropped": 0},
                     "beam": {"state": "ON", "timing": "CONNECTED", "timingFresh": true, "pulses": {"on": 0, "off": 0, "unknown": 0}},
                     "analysis": {"excess": null, "excessError": null, "expected": null, "lagMs": 0}}""");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void advance(long ms, long packets, long lost) {
        clockMs.addAndGet(ms);
        ObjectNode r = (ObjectNode) status.get("readout");
        r.put("packets", r.get("packets").asLong() + packets);
        r.put("lostPackets", r.get("lostPackets").asLong() + lost);
    }

    List<String> names() {
        return monitor.active().stream().map(Alarm::name).toList();
    }

    @Test
    void aQuietHealthyDaqHasNoAlarm() {
        monitor.evaluate();
        advance(1000, 100, 0);
        monitor.evaluate();
        assertEquals(List.of(), monitor.active());
        assertEquals(Severity.NO_ALARM, monitor.severity());
        assertEquals(List.of(), recorded);
    }

    @Test
    void packetLossIsMinorThenMajorWithTheFractionAndClearsWhenTheMinuteHasNoLoss() {
        monitor.evaluate();
        advance(1000, 1000, 2); // 0.2 % lost: above 1 per minute, below 1 %
        monitor.evaluate();
        assertEquals(Severity.MINOR, monitor.alarmOf("LostPackets").severity());
        advance(1000, 100, 40); // now 42 of 1142 in the window: 3.7 %
        monitor.evaluate();
        assertEquals(Severity.MAJOR, monitor.alarmOf("LostPackets").severity());
        assertTrue(monitor.alarmOf("LostPackets").message().contains("42 packets lost"), monitor.alarmOf("LostPackets").message());
        for (int i = 0; i < 62; i++) {
            advance(1000, 100, 0);
            monitor.evaluate();
        }
        assertNull(monitor.alarmOf("LostPackets"), "a minute without loss clears it");
        // as the lossy seconds age, the fraction falls below 1 %: back to MINOR (recorded), then cleared
        assertEquals(List.of("lostPackets MINOR raised", "lostPackets MAJOR raised", "lostPackets MINOR raised",
                "lostPackets MINOR cleared"), recorded);
    }

    @Test
    void oneSilentChannelIsNamedAllSilentIsOneAlarmAndOnlyWhileARunIsGoing() {
        silent.put(2, 11.0);
        monitor.evaluate();
        assertEquals(List.of("noData:Ch2"), names());
        assertTrue(monitor.active().get(0).title().contains("channel 2"));
        silent.replaceAll((k, v) -> 30.0);
        monitor.evaluate();
        assertEquals(List.of("noData"), names(), "every channel silent is one alarm about the source, not three");
        assertNotNull(monitor.alarmOf("WaveformRate"));
        ((ObjectNode) status.get("run")).put("state", "STOPPED");
        ((ObjectNode) status.get("beam")).put("state", "OFF");
        monitor.evaluate();
        assertEquals(List.of(), names(), "no run, no expectation of data");
        assertEquals(List.of("noData:Ch2 MAJOR raised", "noData MAJOR raised", "noData:Ch2 MAJOR cleared", "noData MAJOR cleared"),
                recorded);
    }

    @Test
    void diskAnalysisLagExcessShortfallAndBeamWithoutRun() {
        diskFree = 10L << 30;
        ObjectNode a = (ObjectNode) status.get("analysis");
        a.put("lagMs", 45_000);
        // 100 expected, 40 ± 12 measured: 5 standard errors low
        a.put("expected", 100.0).put("excess", 40.0).put("excessError", 12.0);
        monitor.evaluate();
        assertEquals(Severity.MINOR, monitor.alarmOf("DiskFree").severity());
        assertEquals("analysisLag", monitor.alarmOf("AnalysisLag").name());
        assertEquals("excessLow", monitor.alarmOf("Excess").name());
        diskFree = 1L << 30;
        a.put("excess", 90.0);
        ((ObjectNode) status.get("run")).put("state", "IDLE");
        monitor.evaluate();
        assertEquals(Severity.MAJOR, monitor.alarmOf("DiskFree").severity());
        assertNull(monitor.alarmOf("Excess"), "90 ± 12 against 100 is fine");
        assertNull(monitor.alarmOf("RunState"), "a run change is not an alarm: noRun waits noRunGraceS");
        clockMs.addAndGet(29_000);
        monitor.evaluate();
        assertNull(monitor.alarmOf("RunState"), "29 s without a run, beam on");
        ((ObjectNode) status.get("run")).put("state", "RUNNING");
        clockMs.addAndGet(2_000);
        monitor.evaluate();
        ((ObjectNode) status.get("run")).put("state", "STOPPED");
        clockMs.addAndGet(1_000);
        monitor.evaluate();
        clockMs.addAndGet(20_000);
        monitor.evaluate();
        // a 5 s trip: no beam, so nothing to show, but the time without a run goes on counting
        ObjectNode beam = (ObjectNode) status.get("beam");
        beam.put("state", "OFF");
        clockMs.addAndGet(5_000);
        monitor.evaluate();
        assertNull(monitor.alarmOf("RunState"), "beam off: no noRun");
        beam.put("state", "ON");
        clockMs.addAndGet(4_500);
        monitor.evaluate();
        assertNull(monitor.alarmOf("RunState"), "the grace starts again after a run: 29.5 s");
        clockMs.addAndGet(1_000);
        monitor.evaluate();
        assertEquals("noRun", monitor.alarmOf("RunState").name(), "30 s without a run, a trip in between");
        beam.put("state", "OFF");
        clockMs.addAndGet(1_000);
        monitor.evaluate();
        assertNull(monitor.alarmOf("RunState"), "shown only while beam is on");
        beam.put("state", "ON");
        clockMs.addAndGet(1_000);
        monitor.evaluate();
        assertEquals("noRun", monitor.alarmOf("RunState").name(), "back at once when beam returns: no new wait");
        assertEquals(1, recorded.stream().filter(r -> r.startsWith("noRun") && r.endsWith("cleared")).count(),
                "cleared once, by the trip after it was raised: " + recorded);
        assertEquals(Severity.MAJOR, monitor.active().get(0).severity(), "most severe first");
    }

    @Test
    void aPushedConditionThatMustHoldIsRaisedOnlyOnceItHasAndNotAtAllIfItGoesFirst() {
        monitor.evaluate();
        // start-up: timing connects within a second, which is no alarm
        monitor.push("timingDisconnected", Severity.MAJOR, true, 2, "Beam timing lost", "PV not connected", "check the IOC",
                "TimingConnected");
        assertEquals(List.of(), names(), "not at once");
        advance(1000, 10, 0);
        monitor.evaluate();
        assertEquals(List.of(), names(), "1 s of 2");
        monitor.push("timingDisconnected", Severity.MAJOR, false, 2, "Beam timing lost", "connected", "", "TimingConnected");
        advance(5000, 10, 0);
        monitor.evaluate();
        assertEquals(List.of(), names());
        assertFalse(recorded.stream().anyMatch(r -> r.startsWith("timingDisconnected")), "nothing recorded: " + recorded);
        // a real loss: raised at the first evaluation 2 s after it began
        monitor.push("timingDisconnected", Severity.MAJOR, true, 2, "Beam timing lost", "PV not connected", "check the IOC",
                "TimingConnected");
        advance(1500, 10, 0);
        monitor.evaluate();
        assertEquals(List.of(), names());
        advance(1000, 10, 0);
        monitor.evaluate();
        assertEquals(List.of("timingDisconnected"), names());
        assertEquals(List.of("timingDisconnected MAJOR raised"), recorded);
    }

    @Test
    void pushedTimingLossIsRaisedAndClearedAndUnknownPulsesAreNotDoubleCounted() {
        monitor.evaluate();
        ((ObjectNode) status.get("beam")).put("timing", "DISCONNECTED");
        ((ObjectNode) status.at("/beam/pulses")).put("unknown", 50);
        monitor.push("timingDisconnected", Severity.MAJOR, true, 0, "Beam timing lost", "PV not connected", "check the IOC",
                "TimingConnected", "BeamState");
        advance(1000, 10, 0);
        monitor.evaluate();
        assertEquals(List.of("timingDisconnected"), names(), "UNKNOWN pulses while timing is lost are the timing alarm's");
        assertEquals(Severity.MAJOR, monitor.alarmOf("BeamState").severity());
        ((ObjectNode) status.get("beam")).put("timing", "CONNECTED");
        monitor.push("timingDisconnected", Severity.MAJOR, false, 0, "Beam timing lost", "connected again", "", "TimingConnected");
        assertEquals(List.of(), names());
        ((ObjectNode) status.at("/beam/pulses")).put("unknown", 60).put("on", 10);
        advance(1000, 10, 0);
        monitor.evaluate();
        assertEquals(List.of("pulsesUnknown"), names(), "UNKNOWN pulses with timing connected are an alarm of their own");
        assertEquals(List.of("timingDisconnected MAJOR raised", "timingDisconnected MAJOR cleared", "pulsesUnknown MINOR raised"),
                recorded);
    }

    @Test
    void alarmsActiveWhenARunStartsAreRecordedInIt() {
        diskFree = 1L << 30;
        ((ObjectNode) status.get("run")).put("state", "IDLE").put("number", 1);
        monitor.evaluate();
        recorded.clear();
        ((ObjectNode) status.get("run")).put("state", "RUNNING").put("number", 2);
        monitor.evaluate();
        assertTrue(recorded.contains("diskLow MAJOR raised"), "the new run learns of the alarm already active: " + recorded);
        JsonNode json = monitor.toJson();
        assertEquals(1, json.path("count").asInt(), json.toString());
        assertEquals("MAJOR", json.path("severity").asText());
        assertFalse(json.at("/active/0/action").asText().isBlank(), "every alarm says what to do");
    }
}
