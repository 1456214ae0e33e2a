package eu.ess.cevns.daq.readout;

import org.agrona.collections.Long2LongHashMap;

/**
 * Follows the sequence number of each (source, output queue) and counts the packets missing
 * between consecutive ones as lost. A number that goes backwards or repeats counts as reordered
 * and is not subtracted from the lost count: a late packet is still a gap at the time it was
 * noticed, and an alarm on loss must not be undone by a duplicate. Sequence numbers are u32 and
 * wrap; the difference is taken modulo 2³², so a wrap from 0xFFFFFFFF to 0 is a step of one, and
 * a step of more than 2³¹ is read as going backwards.
 * Shared by all readout threads (a digitizer may reconnect on another TCP connection), hence the
 * lock; it is taken once per packet, never per waveform, and the map does not box.
 */
public final class SequenceTracker {
    private static final long NONE = -1L;
    private final Long2LongHashMap last = new Long2LongHashMap(NONE);
    private final ReadoutCounters counters;

    public SequenceTracker(ReadoutCounters counters) {
        this.counters = counters;
    }

    /** Records an accepted packet's sequence number. */
    public void onPacket(int sourceId, int outputQueue, long sequence) {
        long key = ((long) sourceId << 8) | outputQueue;
        synchronized (this) {
            long previous = last.get(key);
            if (previous == NONE) {
                last.put(key, sequence);
                return;
            }
            long step = (sequence - previous) & 0xFFFF_FFFFL;
            if (step == 0 || step > 0x7FFF_FFFFL) {
                counters.reordered.increment();
                return;
            }
            if (step > 1) {
                counters.lostPackets.add(step - 1);
            }
            last.put(key, sequence);
        }
    }

    /** Forgets all sources (a new run starts counting afresh). */
    public synchronized void clear() {
        last.clear();
    }
}
