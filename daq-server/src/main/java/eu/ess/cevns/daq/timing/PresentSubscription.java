package eu.ess.cevns.daq.timing;

/**
 * What the current beam-present subscription has told: the value its last message carrying the
 * value brought (or a read brought), and that message's time stamp. Only the fields a monitor
 * message marks as changed are news: a core-pva 5.0.5 server that updates a PV again before its
 * previous message went out sends only the newer update's changes, so a new subscriber's first
 * message can lack the value (its structure then shows the default, false, although the IOC says
 * true and keeps saying it with new time stamps). A message with only a time stamp therefore
 * means the value this subscription carried still holds; if it has carried none yet, the value
 * must be read once, and until then it is unknown. Not thread-safe: {@link BeamStateDecider}
 * owns it under its lock.
 */
final class PresentSubscription {
    private BeamPresence carried = BeamPresence.UNKNOWN;
    private long carriedTsNs = Long.MIN_VALUE;
    private boolean readPending;

    /** A new subscription (the PV connected, or connected again): it has carried nothing yet. */
    void renew() {
        carried = BeamPresence.UNKNOWN;
        carriedTsNs = Long.MIN_VALUE;
    }

    /** A message that carries the value. */
    void valueMessage(long tsNs, boolean present) {
        carried = BeamPresence.of(present);
        carriedTsNs = tsNs;
    }

    /**
     * A message with a new time stamp only: whether the value must be read now (none carried yet
     * and no read under way; the caller then reads it).
     */
    boolean stampOnlyMessageNeedsRead() {
        if (carried != BeamPresence.UNKNOWN || readPending) {
            return false;
        }
        readPending = true;
        return true;
    }

    /**
     * The read's answer; it counts unless a message carried a newer value meanwhile.
     *
     * @return whether it counted
     */
    boolean readAnswered(long tsNs, boolean present) {
        readPending = false;
        if (carried != BeamPresence.UNKNOWN && tsNs < carriedTsNs) {
            return false;
        }
        carried = BeamPresence.of(present);
        carriedTsNs = tsNs;
        return true;
    }

    /** The read failed: the value stays unknown until a message carries it. */
    void readFailed() {
        readPending = false;
    }

    /** The value in force as far as this subscription knows: UNKNOWN until a message or a read carried one. */
    BeamPresence carried() {
        return carried;
    }
}
