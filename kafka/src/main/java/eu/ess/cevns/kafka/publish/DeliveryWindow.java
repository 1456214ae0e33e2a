package eu.ess.cevns.kafka.publish;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The messages sent and not yet acknowledged, each with the store record it came from: what makes
 * delivery at least once. The publisher thread reserves a slot per message (in send order) and
 * retires acknowledged ones from the oldest; the producer's I/O thread marks each acknowledged or
 * failed. The lowest record index still unacknowledged is where a restart must read again from.
 * A failed message (Kafka gave up after its delivery timeout) is remembered until the publisher
 * rewinds. Fixed capacity: when full, the publisher waits, which slows only itself.
 */
final class DeliveryWindow {
    private static final int FREE = 0;
    private static final int IN_FLIGHT = 1;
    private static final int ACKED = 2;

    private final int mask;
    private final long[] recordIndex;
    private final long[] dataTimeNs;
    private final AtomicIntegerArray state;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long head;
    private long tail;

    /** @param capacity messages in flight at most, a power of two */
    DeliveryWindow(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        mask = capacity - 1;
        recordIndex = new long[capacity];
        dataTimeNs = new long[capacity];
        state = new AtomicIntegerArray(capacity);
    }

    /** Reserves the next slot for a message from record {@code index}; -1 when the window is full (retire, then try again). */
    long reserve(long index, long timeNs) {
        retire();
        if (head - tail > mask) {
            return -1;
        }
        int slot = (int) (head & mask);
        recordIndex[slot] = index;
        dataTimeNs[slot] = timeNs;
        state.set(slot, IN_FLIGHT);
        return head++;
    }

    /** Kafka acknowledged message {@code seq} (any thread). */
    void acked(long seq) {
        state.set((int) (seq & mask), ACKED);
    }

    /** Kafka gave up on message {@code seq} (any thread): it must be sent again. */
    void failed(long seq, Exception e) {
        failure.compareAndSet(null, e);
    }

    /** The first failure since the window was made, or null. */
    Exception failure() {
        return failure.get();
    }

    /** Frees the acknowledged slots from the oldest on. */
    void retire() {
        while (tail < head && state.get((int) (tail & mask)) == ACKED) {
            state.set((int) (tail & mask), FREE);
            tail++;
        }
    }

    /** Messages sent and not yet retired. */
    int inFlight() {
        retire();
        return (int) (head - tail);
    }

    /** The lowest record index with a message not yet acknowledged; {@link Long#MAX_VALUE} if none. */
    long lowestPendingIndex() {
        long min = Long.MAX_VALUE;
        for (long s = tail; s < head; s++) {
            int slot = (int) (s & mask);
            if (state.get(slot) != ACKED) {
                min = Math.min(min, recordIndex[slot]);
            }
        }
        return min;
    }

    /** The earliest data time of a message not yet acknowledged, ns; {@link Long#MAX_VALUE} if none. */
    long oldestPendingTimeNs() {
        long min = Long.MAX_VALUE;
        for (long s = tail; s < head; s++) {
            int slot = (int) (s & mask);
            if (state.get(slot) != ACKED) {
                min = Math.min(min, dataTimeNs[slot]);
            }
        }
        return min;
    }
}
