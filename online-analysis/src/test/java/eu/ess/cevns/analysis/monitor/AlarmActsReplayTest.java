package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.daq.store.AlarmActionRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A run's acts on alarms, as its records give them to the analysis: listed in order for the page and {@code analyze}. */
class AlarmActsReplayTest {
    @Test
    void actsAreListedWithWhoWhatWhyAndUntilWhenInTheOrderTheRunRecordedThem() {
        RunAnalysis a = new RunAnalysis(null);
        Instant t = Instant.parse("2026-12-01T03:04:05Z");
        a.onAlarmAction(t, AlarmActionRecord.Action.ACKNOWLEDGE.code(), "noRun", "Åsa", "asked the run coordinator", null);
        a.onAlarmAction(t.plusSeconds(60), AlarmActionRecord.Action.SHELVE.code(), "noRun", "Åsa", "machine development",
                t.plusSeconds(3660));
        a.onAlarmAction(t.plusSeconds(3660), AlarmActionRecord.Action.UNSHELVE.code(), "noRun", "server", "", null);
        a.onAlarmAction(t.plusSeconds(3661), 9, "noRun", "a newer server", "", null);
        assertEquals(List.of("2026-12-01T03:04:05Z Åsa acknowledge noRun: asked the run coordinator",
                "2026-12-01T03:05:05Z Åsa shelve noRun until 2026-12-01T04:05:05Z: machine development",
                "2026-12-01T04:05:05Z server unshelve noRun",
                "2026-12-01T04:05:06Z a newer server action 9 noRun"), a.alarmActs());
    }
}
