package eu.ess.cevns.kafka.publish;

import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.kafka.schema.EventData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How the publisher gathers a pulse's events and when it hands them on. */
class PulseAssemblerTest {
    private static final long T = 1_764_590_400_000_000_000L;
    private static final long P = EssPulse.PERIOD_NS;

    /** What was handed on: pulse T0 and its channel ids. */
    record Out(long t0, List<Integer> channels) {
    }

    private final List<Out> out = new ArrayList<>();
    private final PulseAssembler a = new PulseAssembler(2, (p, n) -> {
        List<Integer> ch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ch.add(p.channelId[i]);
        }
        out.add(new Out(p.t0Ns, ch));
    });

    private void event(long t0, long index, int channel) throws InterruptedException {
        a.onEvent(t0, index, 100, channel, 1.0, 0.1f, (byte) 0);
    }

    @Test
    void aPulseIsHandedOnOnceAPulseTwoPeriodsLaterIsStoredEvenWhenEmpty() throws InterruptedException {
        a.onPulseRecord(T, 1);
        event(T, 2, 7);
        a.onPulseRecord(T + P, 3);
        event(T, 4, 8); // a late readout of the first pulse, in a packet of the next
        assertEquals(List.of(), out, "nothing is complete one period later");
        a.onPulseRecord(T + 2 * P, 5);
        assertEquals(List.of(new Out(T, List.of(7, 8))), out);
        a.onPulseRecord(T + 3 * P, 6);
        assertEquals(new Out(T + P, List.of()), out.get(1), "a pulse without events is handed on empty: the host saw it");
        a.finishAll();
        assertEquals(List.of(new Out(T, List.of(7, 8)), new Out(T + P, List.of()), new Out(T + 2 * P, List.of()), new Out(T + 3 * P, List.of())),
                out);
    }

    @Test
    void aPulseOfMoreThanTheEv44LimitGoesOutInParts() throws InterruptedException {
        a.onPulseRecord(T, 0);
        for (int i = 0; i < EventData.MAX_EVENTS + 5; i++) {
            event(T, 1 + i, i % 16);
        }
        assertEquals(1, out.size());
        assertEquals(EventData.MAX_EVENTS, out.get(0).channels().size());
        a.finishAll();
        assertEquals(2, out.size());
        assertEquals(5, out.get(1).channels().size());
    }

    @Test
    void whatAPulseOwesTellsWhereARestartMustReadFrom() throws InterruptedException {
        assertEquals(Long.MAX_VALUE, a.owesFromIndex());
        a.onPulseRecord(T, 10);
        assertEquals(10, a.owesFromIndex(), "the pulse record: an empty ev44 is owed");
        event(T + P, 12, 1);
        a.onPulseRecord(T + P, 11);
        assertEquals(10, a.owesFromIndex());
        a.flushAll();
        assertEquals(10, a.owesFromIndex(), "the empty pulse owes its message until it is complete");
        a.onPulseRecord(T + 2 * P, 13);
        assertEquals(13, a.owesFromIndex(), "the first pulse is out; the second's events went out with the flush and it owes nothing more; "
                + "the third owes its record's message");
    }

    @Test
    void aFlushHandsOnEventsSoFarAndKeepsThePulseOpen() throws InterruptedException {
        a.onPulseRecord(T, 1);
        event(T, 2, 3);
        a.flushAll();
        assertEquals(List.of(new Out(T, List.of(3))), out);
        event(T, 3, 4);
        a.finishAll();
        assertEquals(List.of(new Out(T, List.of(3)), new Out(T, List.of(4))), out, "the rest follows; no empty message after a flush");
    }

    @Test
    void quietStorePulsesOlderThanTheHorizonComplete() throws InterruptedException {
        a.onPulseRecord(T, 1);
        a.onPulseRecord(T + P, 2);
        a.finishBefore(T + P);
        assertEquals(List.of(new Out(T, List.of())), out);
        assertEquals(1, a.openPulses());
    }
}
