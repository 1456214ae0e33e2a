package eu.ess.cevns.analysis.monitor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Each class of event lands in its own count; events outside the windows in none. */
class EventCountsTest {

    @Test
    void eachClassHasItsCountAndOutsideHasNone() {
        EventCounts c = new EventCounts();
        for (int i = 0; i < 5; i++) {
            c.add(EventClass.ON_WINDOW);
        }
        for (int i = 0; i < 3; i++) {
            c.add(EventClass.OFF_WINDOW);
        }
        c.add(EventClass.BEAM_OFF_WINDOW);
        c.add(EventClass.BEAM_OFF_WINDOW);
        c.add(EventClass.UNKNOWN_BEAM);
        c.add(EventClass.OUTSIDE);
        c.add(EventClass.OUTSIDE);
        assertEquals(new AnalysisSummary.Counts(5, 3, 2, 1), c.snapshot());
        assertEquals(5, c.on());
        assertEquals(3, c.off());
    }

    @Test
    void aSnapshotDoesNotMoveWithLaterEvents() {
        EventCounts c = new EventCounts();
        c.add(EventClass.ON_WINDOW);
        AnalysisSummary.Counts before = c.snapshot();
        c.add(EventClass.ON_WINDOW);
        assertEquals(1, before.on());
        assertEquals(2, c.snapshot().on());
    }
}
