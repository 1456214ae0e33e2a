package eu.ess.cevns.daq.store;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the store has done. The per-run figures are written only by the store agent thread and
 * reset when a run opens; {@code dropped} is written by the readout threads that could not hand
 * a waveform over in time. Everyone else only reads.
 */
public final class StoreCounters {
    final AtomicLong waveforms = new AtomicLong();
    final AtomicLong pulses = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong records = new AtomicLong();
    final AtomicLong noRunWaveforms = new AtomicLong();
    final LongAdder dropped = new LongAdder();
    final AtomicLong droppedAtRunStart = new AtomicLong();
    /** Waveforms that reached the writer, run or not, by configured channel id (u16): since start. */
    final AtomicLongArray channelWaveforms = new AtomicLongArray(1 << 16);
    final AtomicLong writeBatches = new AtomicLong();
    final AtomicLong writeNs = new AtomicLong();
    final WriteLatency writeLatency = new WriteLatency();

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

    /** Waveforms the ring could not take within the wait (disk too slow): counted, not stored. Since start. */
    public long dropped() {
        return dropped.sum();
    }

    /** Waveforms dropped during the current (or last) run. */
    public long droppedThisRun() {
        return dropped.sum() - droppedAtRunStart.get();
    }

    void resetForRun() {
        waveforms.set(0);
        pulses.set(0);
        bytes.set(0);
        records.set(0);
        droppedAtRunStart.set(dropped.sum());
    }
}
