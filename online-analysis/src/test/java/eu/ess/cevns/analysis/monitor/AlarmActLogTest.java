package eu.ess.cevns.analysis.monitor;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The run's alarm acts as lines, the newest {@value AlarmActLog#MAX_ACTS} kept. */
class AlarmActLogTest {
    @Test
    void eachActIsOneLineAndOnlyTheNewestAreKept() {
        AlarmActLog log = new AlarmActLog();
        Instant t = Instant.parse("2026-12-01T03:00:00Z");
        log.add(t, 2, "noRun", "shift", "beam study", t.plusSeconds(3600));
        log.add(t.plusSeconds(1), 9, "noData", "server", "", null);
        assertEquals(List.of("2026-12-01T03:00:00Z shift shelve noRun until 2026-12-01T04:00:00Z: beam study",
                "2026-12-01T03:00:01Z server action 9 noData"), log.lines());
        for (int i = 0; i < AlarmActLog.MAX_ACTS; i++) {
            log.add(t.plusSeconds(10 + i), 1, "lostPackets", "shift", "seen " + i, null);
        }
        List<String> lines = log.lines();
        assertEquals(AlarmActLog.MAX_ACTS, lines.size());
        assertEquals("2026-12-01T03:00:10Z shift acknowledge lostPackets: seen 0", lines.get(0), "the two oldest went");
        assertEquals("seen " + (AlarmActLog.MAX_ACTS - 1), lines.get(lines.size() - 1).substring(lines.get(lines.size() - 1).indexOf("seen")));
    }
}
