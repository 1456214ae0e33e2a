package eu.ess.cevns.kafka.publish;

import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.kafka.schema.EventData;

import java.util.ArrayList;
import java.util.List;

/**
 * Gathers each pulse's events as the store gives them and hands them on as one message set per
 * pulse ({@link Emitter}): once a pulse record {@code closeAfter} periods later is stored (a
 * waveform reaches the store at most a pulse period or two after the next pulse's record, since
 * readouts are stamped with their packet's pulse or the one before), when the run stops, or when
 * the store has gone quiet for a while. A pulse the store has a record of is handed on even when it
 * has no event, so that a consumer knows this host saw it. A pulse reaching
 * {@link EventData#MAX_EVENTS} events is handed on at once and carries on in a new message. Each
 * pulse remembers the first store record it still owes messages for: where a restart must read
 * again from. The event arrays are pooled: steady state allocates nothing.
 */
final class PulseAssembler {
    /** Receives the events of one pulse to publish: {@code count} events in the pulse's arrays. */
    interface Emitter {
        void emit(Pulse pulse, int count) throws InterruptedException;
    }

    /** One open pulse's events so far. */
    static final class Pulse {
        long t0Ns;
        /** The store record index of the oldest thing this pulse still owes messages for; MAX when it owes nothing. */
        long owesFromIndex;
        /** A pulse record of it was stored (it must be handed on even if empty). */
        boolean recorded;
        /** Something of it was handed on already. */
        boolean emitted;
        int count;
        final int[] timeOfFlightNs = new int[EventData.MAX_EVENTS];
        final int[] channelId = new int[EventData.MAX_EVENTS];
        final double[] keVee = new double[EventData.MAX_EVENTS];
        final float[] shape = new float[EventData.MAX_EVENTS];
        final byte[] flags = new byte[EventData.MAX_EVENTS];

        private void reset(long t0) {
            t0Ns = t0;
            owesFromIndex = Long.MAX_VALUE;
            recorded = false;
            emitted = false;
            count = 0;
        }
    }

    private final long closeAfterNs;
    private final Emitter emitter;
    private final List<Pulse> open = new ArrayList<>();
    private final List<Pulse> pool = new ArrayList<>();
    private long newestRecordedT0 = Long.MIN_VALUE;

    /** @param closeAfterPulses pulse periods after which a pulse is complete in the store */
    PulseAssembler(int closeAfterPulses, Emitter emitter) {
        // half a period of slack: T0s of one pulse from EPICS and from the readout differ by ns, not by periods
        this.closeAfterNs = closeAfterPulses * EssPulse.PERIOD_NS - EssPulse.PERIOD_NS / 2;
        this.emitter = emitter;
    }

    /** A pulse record of pulse {@code t0Ns} at store index {@code index}: older pulses may be complete now. */
    void onPulseRecord(long t0Ns, long index) throws InterruptedException {
        newestRecordedT0 = Math.max(newestRecordedT0, t0Ns);
        finishBefore(newestRecordedT0 - closeAfterNs);
        Pulse p = pulse(t0Ns);
        if (!p.recorded && !p.emitted) {
            p.owesFromIndex = Math.min(p.owesFromIndex, index);
        }
        p.recorded = true;
    }

    /** An event of pulse {@code t0Ns} from the waveform at store index {@code index}. */
    void onEvent(long t0Ns, long index, int timeOfFlightNs, int channelId, double keVee, float shape, byte flags)
            throws InterruptedException {
        Pulse p = pulse(t0Ns);
        int i = p.count;
        p.timeOfFlightNs[i] = timeOfFlightNs;
        p.channelId[i] = channelId;
        p.keVee[i] = keVee;
        p.shape[i] = shape;
        p.flags[i] = flags;
        p.count = i + 1;
        p.owesFromIndex = Math.min(p.owesFromIndex, index);
        if (p.count == EventData.MAX_EVENTS) {
            handOn(p);
        }
    }

    /** Hands on what every open pulse holds now, keeping them open (before a setting changes: events keep their place). */
    void flushAll() throws InterruptedException {
        for (Pulse p : open) {
            if (p.count > 0) {
                handOn(p);
            }
        }
    }

    /** Completes every open pulse (the run stops). */
    void finishAll() throws InterruptedException {
        finishBefore(Long.MAX_VALUE);
    }

    /** Completes the pulses older than {@code t0Ns} (exclusive). */
    void finishBefore(long t0Ns) throws InterruptedException {
        for (int i = 0; i < open.size(); ) {
            Pulse p = open.get(i);
            if (p.t0Ns < t0Ns) {
                if (p.count > 0 || (p.recorded && !p.emitted)) {
                    handOn(p);
                }
                open.remove(i);
                pool.add(p);
            } else {
                i++;
            }
        }
    }

    /** The lowest store index an open pulse still owes messages for; {@link Long#MAX_VALUE} if none. */
    long owesFromIndex() {
        long min = Long.MAX_VALUE;
        for (Pulse p : open) {
            min = Math.min(min, p.owesFromIndex);
        }
        return min;
    }

    /** The earliest T0 of an open pulse that owes messages, ns; {@link Long#MAX_VALUE} if none. */
    long oldestOwingT0Ns() {
        long min = Long.MAX_VALUE;
        for (Pulse p : open) {
            if (p.owesFromIndex != Long.MAX_VALUE) {
                min = Math.min(min, p.t0Ns);
            }
        }
        return min;
    }

    int openPulses() {
        return open.size();
    }

    private void handOn(Pulse p) throws InterruptedException {
        emitter.emit(p, p.count);
        p.count = 0;
        p.emitted = true;
        p.owesFromIndex = Long.MAX_VALUE;
    }

    private Pulse pulse(long t0Ns) {
        for (int i = open.size() - 1; i >= 0; i--) {
            if (open.get(i).t0Ns == t0Ns) {
                return open.get(i);
            }
        }
        Pulse p = pool.isEmpty() ? new Pulse() : pool.remove(pool.size() - 1);
        p.reset(t0Ns);
        // kept in T0 order (a late waveform's old pulse goes before the newer ones)
        int at = open.size();
        while (at > 0 && open.get(at - 1).t0Ns > t0Ns) {
            at--;
        }
        open.add(at, p);
        return p;
    }
}
