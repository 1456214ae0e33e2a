package eu.ess.cevns.daq.store;

import eu.ess.cevns.daq.readout.Waveform;
import eu.ess.cevns.daq.readout.WaveformSink;
import eu.ess.cevns.daq.timing.BeamState;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The producers' side of the store: readout threads (and the timing and control code) encode
 * records straight into the off-heap ring in their stored layout (the record descriptors,
 * {@link WaveformRecord} and its siblings), so the store agent only copies bytes. If the ring stays
 * full for {@code maxWaitNs} the record is dropped and counted; until then the producer waits,
 * which on TCP pushes back on the digitizer. While the store refuses records (the data disk is
 * full, or a write failed) a waveform is dropped and counted at once, by reason, without touching
 * the ring: readout never waits on a store that cannot write. After each record the writer is woken
 * if it sleeps ({@link WriterIdle}).
 */
public final class StoreIngress implements WaveformSink {
    private final ManyToOneRingBuffer ring;
    private final AtomicBuffer buffer;
    private final StoreCounters counters;
    private final long maxWaitNs;
    private final Runnable wakeWriter;
    private volatile long lastPulseSeen = Long.MIN_VALUE;
    /** Why the store refuses waveforms now, or null while it takes them (set by the store agent). */
    private volatile DropReason refusing;

    /** @param wakeWriter wakes the store writer if it sleeps (called after each record) */
    StoreIngress(ManyToOneRingBuffer ring, StoreCounters counters, long maxWaitNs, Runnable wakeWriter) {
        this.ring = ring;
        this.buffer = ring.buffer();
        this.counters = counters;
        this.maxWaitNs = maxWaitNs;
        this.wakeWriter = wakeWriter;
    }

    private void commit(int at) {
        ring.commit(at);
        wakeWriter.run();
    }

    @Override
    public void onWaveform(Waveform w) {
        DropReason refused = refusing;
        if (refused != null) {
            counters.drop(refused);
            counters.countRefused(w.channelId());
            return;
        }
        int at = claim(RecordKind.WAVEFORM, WaveformRecord.length(w.sampleCount()));
        if (at < 0) {
            counters.drop(DropReason.RING_FULL);
            return;
        }
        WaveformRecord.encode(buffer, at, w);
        commit(at);
    }

    /** From the store agent: drop waveforms at once for {@code reason} (null: take them again). */
    void refuse(DropReason reason) {
        refusing = reason;
    }

    @Override
    public void onPacketPulse(long pulseT0Ns) {
        if (pulseT0Ns == lastPulseSeen) {
            return;
        }
        lastPulseSeen = pulseT0Ns;
        int at = claim(RecordKind.PULSE_SEEN, PulseSeenMessage.LENGTH);
        if (at > 0) {
            PulseSeenMessage.encode(buffer, at, pulseT0Ns);
            commit(at);
        }
    }

    /** Appends a pulse record (T0, proton charge, beam state). */
    public boolean submitPulse(long t0Ns, double chargeUc, BeamState state) {
        int at = claim(RecordKind.PULSE, PulseRecord.LENGTH);
        if (at < 0) {
            return false;
        }
        PulseRecord.encode(buffer, at, t0Ns, chargeUc, state);
        commit(at);
        return true;
    }

    /** Appends a config-change record: who changed what from which value to which, now. */
    public boolean submitConfigChange(String who, String what, String oldValue, String newValue) {
        byte[] whoUtf8 = RecordText.utf8(who);
        byte[] whatUtf8 = RecordText.utf8(what);
        byte[] oldUtf8 = RecordText.utf8(oldValue);
        byte[] newUtf8 = RecordText.utf8(newValue);
        int at = claim(RecordKind.CONFIG_CHANGE, ConfigChangeRecord.length(whoUtf8, whatUtf8, oldUtf8, newUtf8));
        if (at < 0) {
            return false;
        }
        ConfigChangeRecord.encode(buffer, at, RecordText.nowNs(), whoUtf8, whatUtf8, oldUtf8, newUtf8);
        commit(at);
        return true;
    }

    /** Appends an alarm transition. */
    public boolean submitAlarm(String name, int severity, boolean raised, String message) {
        byte[] nameUtf8 = RecordText.utf8(name);
        byte[] messageUtf8 = RecordText.utf8(message);
        int at = claim(RecordKind.ALARM, AlarmRecord.length(nameUtf8, messageUtf8));
        if (at < 0) {
            return false;
        }
        AlarmRecord.encode(buffer, at, RecordText.nowNs(), severity, raised, nameUtf8, messageUtf8);
        commit(at);
        return true;
    }

    /** Appends a logbook entry: who wrote {@code text} with {@code tags}, at {@code time}. */
    public boolean submitLogEntry(Instant time, String who, String text, List<String> tags) {
        byte[] whoUtf8 = RecordText.utf8(who);
        byte[] textUtf8 = RecordText.utf8(text);
        byte[][] tagsUtf8 = tags.stream().map(RecordText::utf8).toArray(byte[][]::new);
        int at = claim(RecordKind.LOG_ENTRY, LogEntryRecord.length(whoUtf8, textUtf8, tagsUtf8));
        if (at < 0) {
            return false;
        }
        LogEntryRecord.encode(buffer, at, RecordText.epochNs(time), whoUtf8, textUtf8, tagsUtf8);
        ring.commit(at);
        return true;
    }

    /** Appends the run's quality flag as {@code who} set it at {@code time}, with the reason. */
    public boolean submitRunQuality(Instant time, String who, RunQuality.Flag flag, String reason) {
        byte[] whoUtf8 = RecordText.utf8(who);
        byte[] reasonUtf8 = RecordText.utf8(reason);
        int at = claim(RecordKind.RUN_QUALITY, RunQualityRecord.length(whoUtf8, reasonUtf8));
        if (at < 0) {
            return false;
        }
        RunQualityRecord.encode(buffer, at, RecordText.epochNs(time), flag, whoUtf8, reasonUtf8);
        ring.commit(at);
        return true;
    }

    /**
     * Appends an alarm action: {@code action} of {@code who} on alarm {@code name} at {@code timeNs}
     * (ns since the epoch; an act made while no run was recording is written later with its own
     * time), why, and until when for a shelve (0 otherwise).
     */
    public boolean submitAlarmAction(long timeNs, AlarmActionRecord.Action action, String name, String who, String reason,
                                     long shelvedUntilNs) {
        byte[] nameUtf8 = RecordText.utf8(name);
        byte[] whoUtf8 = RecordText.utf8(who);
        byte[] reasonUtf8 = RecordText.utf8(reason);
        int at = claim(RecordKind.ALARM_ACTION, AlarmActionRecord.length(nameUtf8, whoUtf8, reasonUtf8));
        if (at < 0) {
            return false;
        }
        AlarmActionRecord.encode(buffer, at, timeNs, action, shelvedUntilNs, nameUtf8, whoUtf8, reasonUtf8);
        ring.commit(at);
        return true;
    }

    private int claim(int type, int length) {
        int at = ring.tryClaim(type, length);
        if (at > 0) {
            return at;
        }
        long deadline = System.nanoTime() + maxWaitNs;
        int spins = 0;
        while (true) {
            at = ring.tryClaim(type, length);
            if (at > 0) {
                return at;
            }
            if (at == RingBuffer.INSUFFICIENT_CAPACITY && length > ring.maxMsgLength()) {
                return -1;
            }
            if (System.nanoTime() > deadline) {
                return -1;
            }
            if (++spins < 100) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(20_000);
            }
        }
    }
}
