package eu.ess.cevns.daq.store;

import eu.ess.cevns.daq.readout.Waveform;
import eu.ess.cevns.daq.readout.WaveformSink;
import io.netty.buffer.ByteBuf;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.nio.ByteOrder;

import java.util.concurrent.locks.LockSupport;

/**
 * The producers' side of the store: readout threads (and the timing and control code) encode
 * records straight into the off-heap ring in their stored layout ({@link RecordKind}), so the store
 * agent only copies bytes. If the ring stays full for {@code maxWaitNs} the record is dropped and
 * counted; until then the producer waits, which on TCP pushes back on the digitizer.
 */
public final class StoreIngress implements WaveformSink {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private final ManyToOneRingBuffer ring;
    private final AtomicBuffer buffer;
    private final StoreCounters counters;
    private final long maxWaitNs;
    private volatile long lastPulseSeen = Long.MIN_VALUE;

    StoreIngress(ManyToOneRingBuffer ring, StoreCounters counters, long maxWaitNs) {
        this.ring = ring;
        this.buffer = ring.buffer();
        this.counters = counters;
        this.maxWaitNs = maxWaitNs;
    }

    @Override
    public void onWaveform(Waveform w) {
        int n = w.sampleCount();
        int length = RecordKind.waveformBytes(n);
        int at = claim(RecordKind.WAVEFORM, length);
        if (at < 0) {
            counters.dropped.increment();
            return;
        }
        AtomicBuffer b = buffer;
        b.putByte(at, RecordKind.WAVEFORM);
        b.putByte(at + 1, RecordKind.SCHEMA_V1);
        b.putInt(at + 2, w.sourceId(), LE);
        b.putByte(at + 6, (byte) w.outputQueue());
        b.putByte(at + 7, (byte) w.fiber());
        b.putByte(at + 8, (byte) w.fen());
        b.putByte(at + 9, (byte) w.flags());
        b.putShort(at + 10, (short) w.channel(), LE);
        b.putShort(at + 12, (short) w.channelId(), LE);
        b.putByte(at + 14, (byte) w.sampleBits());
        b.putByte(at + RecordKind.WAVEFORM_BEAM_STATE_OFFSET, RecordKind.BEAM_UNKNOWN);
        b.putShort(at + 16, (short) w.preTrigger(), LE);
        b.putInt(at + 18, (int) w.sequence(), LE);
        b.putLong(at + RecordKind.WAVEFORM_PULSE_T0_OFFSET, w.pulseT0Ns(), LE);
        b.putLong(at + 30, w.timeSinceT0Ns(), LE);
        b.putShort(at + 38, (short) n, LE);
        copySamples(w, b, at + RecordKind.WAVEFORM_HEADER);
        ring.commit(at);
    }

    @Override
    public void onPacketPulse(long pulseT0Ns) {
        if (pulseT0Ns == lastPulseSeen) {
            return;
        }
        lastPulseSeen = pulseT0Ns;
        int at = claim(RecordKind.PULSE_SEEN, 8);
        if (at > 0) {
            buffer.putLong(at, pulseT0Ns, LE);
            ring.commit(at);
        }
    }

    /** One copy of the raw little-endian samples from the packet buffer into the ring. */
    private static void copySamples(Waveform w, AtomicBuffer b, int to) {
        ByteBuf src = w.samplesBuffer();
        int bytes = w.samplesBytes();
        if (src.hasMemoryAddress()) {
            UnsafeApi.copyMemory(null, src.memoryAddress() + w.samplesIndex(), b.byteArray(), b.addressOffset() + to, bytes);
        } else if (src.hasArray()) {
            b.putBytes(to, src.array(), src.arrayOffset() + w.samplesIndex(), bytes);
        } else {
            for (int i = 0; i < w.sampleCount(); i++) {
                b.putShort(to + 2 * i, w.sample(i), LE);
            }
        }
    }

    /** Appends a pulse record (T0, proton charge, beam state). */
    public boolean submitPulse(long t0Ns, double chargeUc, byte beamState) {
        int at = claim(RecordKind.PULSE, 2 + 8 + 8 + 1);
        if (at < 0) {
            return false;
        }
        buffer.putByte(at, RecordKind.PULSE);
        buffer.putByte(at + 1, RecordKind.SCHEMA_V1);
        buffer.putLong(at + 2, t0Ns, LE);
        buffer.putDouble(at + 10, chargeUc, LE);
        buffer.putByte(at + 18, beamState);
        ring.commit(at);
        return true;
    }

    /** Appends a config-change record: who changed what from which value to which, now. */
    public boolean submitConfigChange(String who, String what, String oldValue, String newValue) {
        return submitText(RecordKind.CONFIG_CHANGE, new byte[0], who, what, oldValue, newValue);
    }

    /** Appends an alarm transition. */
    public boolean submitAlarm(String name, int severity, boolean raised, String message) {
        return submitText(RecordKind.ALARM, new byte[] {(byte) severity, (byte) (raised ? 1 : 0)}, name, message);
    }

    private boolean submitText(byte kind, byte[] fixed, String... texts) {
        byte[][] utf8 = new byte[texts.length][];
        int length = 2 + 8 + fixed.length;
        for (int i = 0; i < texts.length; i++) {
            utf8[i] = RecordText.utf8(texts[i]);
            length += 2 + utf8[i].length;
        }
        int at = claim(kind, length);
        if (at < 0) {
            return false;
        }
        buffer.putByte(at, kind);
        buffer.putByte(at + 1, RecordKind.SCHEMA_V1);
        buffer.putLong(at + 2, RecordText.nowNs(), LE);
        int p = at + 10;
        buffer.putBytes(p, fixed);
        p += fixed.length;
        for (byte[] t : utf8) {
            buffer.putShort(p, (short) t.length, LE);
            buffer.putBytes(p + 2, t);
            p += 2 + t.length;
        }
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
