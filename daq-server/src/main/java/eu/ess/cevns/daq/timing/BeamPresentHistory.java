package eu.ess.cevns.daq.timing;

/**
 * The recent beam-present reports, each a value in force from a time stamp on; a disconnection
 * is an UNKNOWN report. Answers which value held for a pulse's T0. Kept in primitive arrays: the
 * last {@value #CAPACITY} reports, far more than the present PV changes in the pulses the join
 * still waits for. Not thread-safe: {@link BeamStateDecider} owns it under its lock.
 */
final class BeamPresentHistory {
    static final int CAPACITY = 64;
    private final long[] fromNs = new long[CAPACITY];
    private final BeamPresence[] value = new BeamPresence[CAPACITY];
    private int count;

    /** {@code presence} holds from {@code fromNs} on (until a later report). */
    void record(long fromNs, BeamPresence presence) {
        this.fromNs[count % CAPACITY] = fromNs;
        value[count % CAPACITY] = presence;
        count++;
    }

    /**
     * Beam present at {@code t0Ns}: the newest report stamped at or before it; UNKNOWN if none is
     * (the pulse is older than anything the PV told us, or the PV never reported).
     */
    BeamPresence at(long t0Ns) {
        for (int i = 1; i <= Math.min(count, CAPACITY); i++) {
            int slot = (count - i) % CAPACITY;
            if (fromNs[slot] <= t0Ns) {
                return value[slot];
            }
        }
        return BeamPresence.UNKNOWN;
    }
}
