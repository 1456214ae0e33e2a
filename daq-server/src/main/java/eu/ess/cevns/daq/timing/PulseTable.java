package eu.ess.cevns.daq.timing;

/**
 * The pulses EPICS reported, newest last: T0 (the PV's timeStamp), proton charge and the state
 * decided from charge and beam-present. One writer (the timing client's thread), one reader (the
 * store writer thread): entries are written before the count that publishes them, and the last
 * {@value #CAPACITY} pulses (about five minutes) are kept, in primitive arrays.
 */
public final class PulseTable {
    /** Pulses kept: 4096 at 14 Hz is 4.9 minutes. */
    static final int CAPACITY = 4096;
    private final long[] t0Ns = new long[CAPACITY];
    private final double[] chargeUc = new double[CAPACITY];
    private final byte[] state = new byte[CAPACITY];
    private volatile long published;

    /** Adds a pulse (timing thread only). T0s are expected in increasing order; an older one is ignored. */
    public void add(long pulseT0Ns, double charge, BeamState s) {
        long n = published;
        if (n > 0 && pulseT0Ns <= t0Ns[(int) ((n - 1) % CAPACITY)]) {
            return;
        }
        int i = (int) (n % CAPACITY);
        t0Ns[i] = pulseT0Ns;
        chargeUc[i] = charge;
        state[i] = s.code();
        published = n + 1;
    }

    /** Pulses ever added. */
    public long size() {
        return published;
    }

    /** T0 of the newest pulse, or {@link Long#MIN_VALUE} if none. */
    public long newestT0Ns() {
        long n = published;
        return n == 0 ? Long.MIN_VALUE : t0Ns[(int) ((n - 1) % CAPACITY)];
    }

    /**
     * Finds the pulse whose T0 is within {@code toleranceNs} of {@code readoutT0Ns}, searching from the
     * newest back (readout data trails EPICS by a pulse period or so, so the search is short).
     *
     * @return a slot to read with {@link #t0Ns(int)}, {@link #chargeUc(int)}, {@link #state(int)}; or -1
     */
    public int find(long readoutT0Ns, long toleranceNs) {
        long n = published;
        long oldest = Math.max(0, n - CAPACITY + 1);
        for (long k = n - 1; k >= oldest; k--) {
            int i = (int) (k % CAPACITY);
            long d = t0Ns[i] - readoutT0Ns;
            if (Math.abs(d) <= toleranceNs) {
                return i;
            }
            if (d < -toleranceNs) {
                return -1;
            }
        }
        return -1;
    }

    public long t0Ns(int slot) {
        return t0Ns[slot];
    }

    public double chargeUc(int slot) {
        return chargeUc[slot];
    }

    public BeamState state(int slot) {
        return BeamState.of(state[slot]);
    }

    /** Slot of the newest pulse, or -1. */
    int newestSlot() {
        long n = published;
        return n == 0 ? -1 : (int) ((n - 1) % CAPACITY);
    }

    /** Slot {@code back} pulses before the newest, or -1 past the oldest kept (writer thread only). */
    int slotBefore(int back) {
        long n = published;
        long k = n - 1 - back;
        return k < 0 || k < n - CAPACITY ? -1 : (int) (k % CAPACITY);
    }

    /** Changes the state of a recent pulse (writer thread only): a late beam-present update revises it. */
    void restate(int slot, BeamState s) {
        state[slot] = s.code();
    }
}
