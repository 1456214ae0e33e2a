package eu.ess.cevns.kafka.publish;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The messages in flight and the store index a restart must go back to. */
class DeliveryWindowTest {
    @Test
    void theLowestUnacknowledgedRecordIsWhereARestartReadsFrom() {
        DeliveryWindow w = new DeliveryWindow(8);
        long a = w.reserve(100, 1000);
        long b = w.reserve(90, 900); // an ev44 of an older pulse, sent after a newer record's message
        long c = w.reserve(120, 1200);
        assertEquals(90, w.lowestPendingIndex());
        assertEquals(900, w.oldestPendingTimeNs());
        w.acked(b);
        assertEquals(100, w.lowestPendingIndex());
        w.acked(a);
        assertEquals(120, w.lowestPendingIndex());
        assertEquals(1, w.inFlight());
        w.acked(c);
        assertEquals(Long.MAX_VALUE, w.lowestPendingIndex());
        assertEquals(0, w.inFlight());
    }

    @Test
    void aFullWindowRefusesUntilTheOldestIsAcknowledged() {
        DeliveryWindow w = new DeliveryWindow(4);
        long first = w.reserve(1, 1);
        for (int i = 0; i < 3; i++) {
            w.reserve(2 + i, 2);
        }
        assertEquals(-1, w.reserve(9, 9));
        w.acked(first + 2); // not the oldest: nothing frees up yet
        assertEquals(-1, w.reserve(9, 9));
        w.acked(first);
        assertEquals(first + 4, w.reserve(9, 9), "the oldest acknowledged frees its slot");
    }

    @Test
    void aFailureStaysUntilTheWindowIsDroppedAndItsRecordStaysOwed() {
        DeliveryWindow w = new DeliveryWindow(4);
        long s = w.reserve(5, 50);
        assertNull(w.failure());
        w.failed(s, new IllegalStateException("expired"));
        assertNotNull(w.failure());
        assertEquals(5, w.lowestPendingIndex(), "a failed message is owed");
    }
}
