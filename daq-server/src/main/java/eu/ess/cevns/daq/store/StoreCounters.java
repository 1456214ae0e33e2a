package eu.ess.cevns.daq.store;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the store has done. The per-run figures are written only by the store agent thread and
 * reset when a run opens; the drops, by reason, by the readout threads that could not hand a
 * waveform over (ring full, or the store refusing: disk full, write failure) and by the agent.
 * Everyone else only reads.
 */
public final class StoreCounters {
    final AtomicLong waveforms = new AtomicLong();
    final AtomicLong pulses = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong records = new AtomicLong();
    final AtomicLong noRunWaveforms = new AtomicLong();
    private final LongAdder[] dropped = new LongAdder[DropReason.all().length];
    private final AtomicLongArray droppedAtRunStart = new AtomicLongArray(DropReason.all().length);
    /** Waveforms that reached the writer, run or not, by configured channel id (u16): since start. */
    final AtomicLongArray channelWaveforms = new AtomicLongArray(1 << 16);
    final AtomicLong writeBatches = new AtomicLong();
    final AtomicLong writeNs = new AtomicLong();
    final WriteLatency writeLatency = new WriteLatency();

    StoreCounters() {
        for (int i = 0; i < dropped.length; i++) {
            dropped[i] = new LongAdder();
        }
    }

    /** Waveforms of channel {@code channelId} that reached the store writer since the server started, run or not. */
    public long channelWaveforms(int channelId) {
        return channelWaveforms.get(channelId);
    }

    /** Batches of records the writer appended to a run (one duty cycle each, at most a few hundred records). */
    public long writeBatches() {
        return writeBatches.get();
    }

    /** Time the writer spent appending those batches, ns. */
    public long writeNs() {
        return writeNs.get();
    }

    /** Percentiles of the batch append times of the last completed interval. */
    public WriteLatency writeLatency() {
        return writeLatency;
    }

    /** Waveforms appended to the current (or last) run. */
    public long waveforms() {
        return waveforms.get();
    }

    /** Pulse records appended to the current (or last) run. */
    public long pulses() {
        return pulses.get();
    }

    /** Bytes of records appended to the current (or last) run. */
    public long bytes() {
        return bytes.get();
    }

    /** Records of every kind appended to the current (or last) run. */
    public long records() {
        return records.get();
    }

    /** Waveforms that arrived while no run was open: counted, not stored. */
    public long noRunWaveforms() {
        return noRunWaveforms.get();
    }

    /** Waveforms the store dropped since the server started, every reason. */
    public long dropped() {
        long n = 0;
        for (LongAdder d : dropped) {
            n += d.sum();
        }
        return n;
    }

    /** Waveforms dropped for {@code reason} since the server started. */
    public long dropped(DropReason reason) {
        return dropped[reason.ordinal()].sum();
    }

    /** Waveforms dropped during the current (or last) run, every reason. */
    public long droppedThisRun() {
        return dropped() - sumAtRunStart();
    }

    /** Waveforms dropped during the current (or last) run, by reason. */
    public Map<DropReason, Long> droppedThisRunByReason() {
        Map<DropReason, Long> m = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.all()) {
            m.put(r, dropped(r) - droppedAtRunStart.get(r.ordinal()));
        }
        return m;
    }

    private long sumAtRunStart() {
        long n = 0;
        for (int i = 0; i < droppedAtRunStart.length(); i++) {
            n += droppedAtRunStart.get(i);
        }
        return n;
    }

    /**
     * A waveform of channel {@code channelId} that a producer dropped because the store refuses
     * records: still counted per channel, so a channel that delivers is not taken for a silent one.
     * The agent counts the rest with a plain store (it is their only writer); while the store
     * refuses, it sees none, and a count lost where the two meet is one waveform of a rate.
     */
    void countRefused(int channelId) {
        channelWaveforms.incrementAndGet(channelId);
    }

    /** One waveform dropped for {@code reason} (any thread). */
    void drop(DropReason reason) {
        dropped[reason.ordinal()].increment();
    }

    void resetForRun() {
        waveforms.set(0);
        pulses.set(0);
        bytes.set(0);
        records.set(0);
        for (DropReason r : DropReason.all()) {
            droppedAtRunStart.set(r.ordinal(), dropped(r));
        }
    }
}
