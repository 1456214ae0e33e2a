package eu.ess.cevns.daq.timing;

import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.config.TimingConfig;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Decides the beam state of each readout pulse by matching its T0 to a pulse EPICS reported
 * ({@link PulseTable}). A pulse waits for its EPICS data at most {@code joinWaitMs} after its T0 and
 * is then UNKNOWN; while the timing connection is known to be down nothing waits at all. Runs on the
 * store writer thread: the store asks {@link #stateOf} for each waveform and holds the waveform
 * back (in its ring) while the answer is {@link #PENDING}. Decisions are reported once per pulse,
 * in T0 order, to a {@link DecidedPulses} (which stores the pulse record). No allocation.
 */
public final class PulseJoin {
    /** {@link #stateOf} answer for a pulse still waiting for EPICS. */
    public static final int PENDING = -1;
    private static final int PENDING_CAPACITY = 1024;
    private static final int DECIDED_CAPACITY = 1024;

    /** Receives each decided pulse once. */
    public interface DecidedPulses {
        void onDecided(long t0Ns, double chargeUc, BeamState state);
    }

    private final PulseTable table;
    private final long waitNs;
    private final long toleranceNs;
    private final BooleanSupplier timingLive;
    private final BeamCounters counters;
    private final long[] pending = new long[PENDING_CAPACITY];
    private final long[] pendingSinceNs = new long[PENDING_CAPACITY];
    private final AtomicLong waits = new AtomicLong();
    private final AtomicLong waitNsTotal = new AtomicLong();
    private final AtomicLong waitTimeouts = new AtomicLong();
    private final AtomicLong offClockTimeouts = new AtomicLong();
    private volatile long lastOffClockNs;
    /** {@link #pendingSize} published for other threads, once per pulse queued or settled. */
    private final AtomicInteger pendingPublished = new AtomicInteger();
    private long lastNowNs;
    private int pendingHead;
    private int pendingSize;
    private final long[] decidedT0 = new long[DECIDED_CAPACITY];
    private final byte[] decidedState = new byte[DECIDED_CAPACITY];
    private long decidedCount;
    private long cachedT0 = Long.MIN_VALUE;
    private int cachedState;

    public PulseJoin(PulseTable table, TimingConfig config, BooleanSupplier timingLive, BeamCounters counters) {
        this.table = table;
        this.waitNs = (long) (config.joinWaitMs() * 1e6);
        this.toleranceNs = (long) (config.t0ToleranceUs() * 1e3);
        this.timingLive = timingLive;
        this.counters = counters;
    }

    public BeamCounters counters() {
        return counters;
    }

    /** A readout packet of pulse {@code t0Ns} arrived (heartbeats included): that pulse needs a decision. */
    public void onPulseSeen(long t0Ns) {
        if (t0Ns != cachedT0 && decided(t0Ns) < 0 && !isPending(t0Ns)) {
            enqueue(t0Ns);
        }
    }

    /**
     * Beam state code of the pulse {@code t0Ns} ({@link BeamState#code()}), or {@link #PENDING} if
     * it is still waiting for EPICS; call {@link #decide} first so that due pulses are settled.
     */
    public int stateOf(long t0Ns) {
        if (t0Ns == cachedT0) {
            return cachedState;
        }
        int s = decided(t0Ns);
        if (s >= 0) {
            cachedT0 = t0Ns;
            cachedState = s;
            return s;
        }
        if (!isPending(t0Ns)) {
            enqueue(t0Ns);
        }
        return PENDING;
    }

    /** Settles every pending pulse that EPICS has reported, or whose wait is over; in T0 order. */
    public int decide(long nowNs, DecidedPulses out) {
        int n = 0;
        // Long.MAX_VALUE settles everything at once as a run ends: no wait to measure then
        boolean clocked = nowNs != Long.MAX_VALUE;
        if (clocked) {
            lastNowNs = nowNs;
        }
        boolean live = timingLive.getAsBoolean();
        while (pendingSize > 0) {
            long t0 = pending[pendingHead];
            int slot = table.find(t0, toleranceNs);
            BeamState s;
            double charge;
            if (slot >= 0) {
                s = table.state(slot);
                charge = table.chargeUc(slot);
                long offset = table.t0Ns(slot) - t0;
                counters.lastClockOffsetNs = offset;
                counters.maxAbsClockOffsetNs = Math.max(counters.maxAbsClockOffsetNs, Math.abs(offset));
            } else if (!live || nowNs - t0 >= waitNs || table.newestT0Ns() > t0 + toleranceNs + waitNs) {
                s = BeamState.UNKNOWN;
                charge = Double.NaN;
                if (live && clocked) {
                    waitTimeouts.lazySet(waitTimeouts.get() + 1);
                    // why: EPICS reported a pulse near this one but beyond the tolerance (the clocks
                    // disagree), or none at all (its data came late or never); looked up only here
                    int near = table.find(t0, EssPulse.PERIOD_NS / 2);
                    if (near >= 0) {
                        offClockTimeouts.lazySet(offClockTimeouts.get() + 1);
                        lastOffClockNs = table.t0Ns(near) - t0;
                    }
                }
            } else {
                break;
            }
            if (clocked) {
                waits.lazySet(waits.get() + 1);
                waitNsTotal.lazySet(waitNsTotal.get() + Math.max(0, nowNs - pendingSinceNs[pendingHead]));
            }
            pendingHead = (pendingHead + 1) % PENDING_CAPACITY;
            pendingSize--;
            record(t0, s);
            counters.count(s, charge);
            out.onDecided(t0, charge, s);
            n++;
        }
        if (n > 0) {
            pendingPublished.lazySet(pendingSize);
        }
        return n;
    }

    /** Pulses that waited in the join for their EPICS data (every pulse does, if only for one duty cycle). */
    public long waits() {
        return waits.get();
    }

    /** Total time pulses waited for their EPICS data, ns (ms resolution: the join's clock is wall time). */
    public long waitNsTotal() {
        return waitNsTotal.get();
    }

    /** Pulses stored UNKNOWN because their EPICS data did not come within the wait while timing was live. */
    public long waitTimeouts() {
        return waitTimeouts.get();
    }

    /**
     * Of the {@link #waitTimeouts}, the pulses for which EPICS did report a pulse within half a
     * pulse period, but further than {@code timing.t0ToleranceUs}: the readout's and EPICS' clocks
     * disagree. The rest had no EPICS pulse near at all: its data came late or never.
     */
    public long offClockTimeouts() {
        return offClockTimeouts.get();
    }

    /** EPICS T0 minus readout T0 of the last off-clock timeout, ns (0 before the first). */
    public long lastOffClockNs() {
        return lastOffClockNs;
    }

    /** Pulses waiting for their EPICS data now (any thread may ask). */
    public int pendingPulses() {
        return pendingPublished.get();
    }

    private void enqueue(long t0Ns) {
        if (pendingSize == PENDING_CAPACITY) {
            // more undecided pulses than a minute of beam: settle the oldest as UNKNOWN rather than grow
            long oldest = pending[pendingHead];
            pendingHead = (pendingHead + 1) % PENDING_CAPACITY;
            pendingSize--;
            record(oldest, BeamState.UNKNOWN);
            counters.count(BeamState.UNKNOWN, Double.NaN);
        }
        pending[(pendingHead + pendingSize) % PENDING_CAPACITY] = t0Ns;
        pendingSinceNs[(pendingHead + pendingSize) % PENDING_CAPACITY] = lastNowNs;
        pendingSize++;
        pendingPublished.lazySet(pendingSize);
    }

    private boolean isPending(long t0Ns) {
        for (int i = pendingSize - 1; i >= 0; i--) {
            if (pending[(pendingHead + i) % PENDING_CAPACITY] == t0Ns) {
                return true;
            }
        }
        return false;
    }

    private void record(long t0Ns, BeamState s) {
        int i = (int) (decidedCount % DECIDED_CAPACITY);
        decidedT0[i] = t0Ns;
        decidedState[i] = s.code();
        decidedCount++;
    }

    /** State code of a decided pulse among the recent ones, or -1. */
    private int decided(long t0Ns) {
        long oldest = Math.max(0, decidedCount - DECIDED_CAPACITY);
        for (long k = decidedCount - 1; k >= oldest; k--) {
            int i = (int) (k % DECIDED_CAPACITY);
            if (decidedT0[i] == t0Ns) {
                return decidedState[i];
            }
        }
        return -1;
    }
}
