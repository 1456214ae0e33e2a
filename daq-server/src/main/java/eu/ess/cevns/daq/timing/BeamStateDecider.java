package eu.ess.cevns.daq.timing;

/**
 * Decides each pulse's beam state from its proton charge and the beam-present value in force at
 * its T0, and puts it in the {@link PulseTable}: ON when beam is present and the charge reaches the
 * minimum, OFF when EPICS says no beam (or the charge is below the minimum), UNKNOWN when beam
 * present is not known for it (never reported, its PV disconnected): a pulse is never OFF for want
 * of data. Charge and beam present come on separate PVs and their updates for one pulse may arrive
 * in either order, so a beam-present report re-decides the pulses it covers (those at or after its
 * time stamp); the join reads a pulse a pulse period or more after its T0, so the revision is in
 * time. Knows nothing of pvAccess: the timing client feeds it what its monitors and reads deliver,
 * from their threads, hence the lock.
 */
final class BeamStateDecider {
    private final double minChargeUc;
    private final PulseTable table;
    private final BeamPresentHistory history = new BeamPresentHistory();
    private final PresentSubscription subscription = new PresentSubscription();
    private volatile BeamPresence presentNow = BeamPresence.UNKNOWN;
    private volatile long lastT0Ns = Long.MIN_VALUE;

    BeamStateDecider(double minChargeUc, PulseTable table) {
        this.minChargeUc = minChargeUc;
        this.table = table;
    }

    /** A pulse: its T0 (the charge update's time stamp) and proton charge. */
    synchronized void chargeReported(long t0Ns, double chargeUc) {
        table.add(t0Ns, chargeUc, decide(chargeUc, history.at(t0Ns)));
        lastT0Ns = t0Ns;
    }

    /** The beam-present PV connected (again) and is subscribed anew. */
    synchronized void presentSubscribed() {
        subscription.renew();
    }

    /** A beam-present message that carries the value. */
    synchronized void presentMessage(long tsNs, boolean present) {
        subscription.valueMessage(tsNs, present);
        presentReported(tsNs, subscription.carried());
    }

    /**
     * A beam-present message with only a new time stamp: the value the subscription carried holds
     * from it on (UNKNOWN if it carried none yet).
     *
     * @return whether the caller must read the value (the subscription has carried none and no read is under way)
     */
    synchronized boolean presentStampOnly(long tsNs) {
        boolean read = subscription.stampOnlyMessageNeedsRead();
        presentReported(tsNs, subscription.carried());
        return read;
    }

    /**
     * The answer to the read {@link #presentStampOnly} asked for.
     *
     * @return whether it counted (it does not when a message carried a newer value meanwhile)
     */
    synchronized boolean presentRead(long tsNs, boolean present) {
        if (!subscription.readAnswered(tsNs, present)) {
            return false;
        }
        presentReported(tsNs, subscription.carried());
        return true;
    }

    /** The read {@link #presentStampOnly} asked for failed: beam present stays as it was until a message carries it. */
    synchronized void presentReadFailed() {
        subscription.readFailed();
    }

    /**
     * The beam-present PV went away: from the newest pulse on, beam present is not known until it
     * reports again (its first value after reconnecting re-decides the pulses it covers).
     */
    synchronized void presentLost() {
        long t0 = lastT0Ns;
        record(t0 == Long.MIN_VALUE ? Long.MIN_VALUE : t0 + 1, BeamPresence.UNKNOWN);
    }

    /** Beam present as last reported (UNKNOWN before any report and while its PV is disconnected). */
    BeamPresence presentNow() {
        return presentNow;
    }

    /** T0 of the newest pulse reported, or {@link Long#MIN_VALUE}. */
    long lastT0Ns() {
        return lastT0Ns;
    }

    /** A beam-present value in force from {@code tsNs}: recorded, and the pulses it covers re-decided. */
    private void presentReported(long tsNs, BeamPresence presence) {
        record(tsNs, presence);
        for (int back = 0; ; back++) {
            int slot = table.slotBefore(back);
            if (slot < 0 || table.t0Ns(slot) < tsNs) {
                break;
            }
            table.restate(slot, decide(table.chargeUc(slot), history.at(table.t0Ns(slot))));
        }
    }

    private void record(long fromNs, BeamPresence presence) {
        history.record(fromNs, presence);
        presentNow = presence;
    }

    private BeamState decide(double chargeUc, BeamPresence presence) {
        return switch (presence) {
            case UNKNOWN -> BeamState.UNKNOWN;
            case ABSENT -> BeamState.OFF;
            case PRESENT -> chargeUc >= minChargeUc ? BeamState.ON : BeamState.OFF;
        };
    }
}
