package eu.ess.cevns.daq.timing;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the pulse join has decided in the current run: pulses ON, OFF and UNKNOWN, the protons on
 * target of the ON pulses, and the last measured offset between the readout's and EPICS's T0.
 * Pulses count only while a run is open ({@link #reset} when it opens, {@link #stop} when it
 * closes): the counts are the run's, and after a stop they stay what the run got instead of
 * growing with pulses that were never stored. Written by the store writer thread only, read by anyone.
 */
public final class BeamCounters {
    /** Elementary charge, C (CODATA 2018, exact). */
    public static final double ELEMENTARY_CHARGE_C = 1.602176634e-19;

    final AtomicLong on = new AtomicLong();
    final AtomicLong off = new AtomicLong();
    final AtomicLong unknown = new AtomicLong();
    final AtomicLong chargeOnPc = new AtomicLong();
    volatile long lastClockOffsetNs;
    volatile long maxAbsClockOffsetNs;
    volatile BeamState lastState = BeamState.UNKNOWN;
    private volatile boolean counting;

    public long pulsesOn() { return on.get(); }
    public long pulsesOff() { return off.get(); }
    public long pulsesUnknown() { return unknown.get(); }

    /** Integrated proton charge of the ON pulses, µC. */
    public double chargeOnUc() {
        return chargeOnPc.get() / 1e6;
    }

    /** Protons on target of the ON pulses. */
    public double potOn() {
        return chargeOnUc() * 1e-6 / ELEMENTARY_CHARGE_C;
    }

    /** EPICS T0 minus readout T0 of the last matched pulse, ns. */
    public long lastClockOffsetNs() { return lastClockOffsetNs; }
    public long maxAbsClockOffsetNs() { return maxAbsClockOffsetNs; }
    /** State of the last decided pulse. */
    public BeamState lastState() { return lastState; }

    /** Whether pulses are being counted (a run is open). */
    public boolean counting() {
        return counting;
    }

    void count(BeamState s, double chargeUc) {
        lastState = s;
        if (!counting) {
            return;
        }
        switch (s) {
            case ON -> {
                on.incrementAndGet();
                chargeOnPc.addAndGet(Math.round(chargeUc * 1e6));
            }
            case OFF -> off.incrementAndGet();
            default -> unknown.incrementAndGet();
        }
    }

    /** Starts counting afresh (a new run). */
    public void reset() {
        on.set(0);
        off.set(0);
        unknown.set(0);
        chargeOnPc.set(0);
        maxAbsClockOffsetNs = 0;
        counting = true;
    }

    /** Stops counting (the run closed): the counts stay the run's until the next {@link #reset}. */
    public void stop() {
        counting = false;
    }
}
