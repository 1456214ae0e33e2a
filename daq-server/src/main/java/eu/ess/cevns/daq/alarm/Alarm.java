package eu.ess.cevns.daq.alarm;

import java.time.Instant;
import java.util.List;

/**
 * An alarm as the shift crew sees it: a stable {@code name} (recorded in the run), a {@code title}
 * that names the problem in words, a {@code message} with the measured numbers, the {@code action}
 * to take, {@code since} when its condition first held (across the flaps its clear delay bridges),
 * the status PVs (names after the prefix) whose EPICS severity it sets, and where it stands
 * ({@link State}, as in the Phoebus alarm server). {@code severity} is the alarm's: the highest the
 * condition reached since the last acknowledgement while unacknowledged, else the condition's own;
 * {@code currentSeverity} is the condition's now ({@code NO_ALARM} once it cleared).
 *
 * @param acknowledged who acknowledged it, when and why; null while unacknowledged
 * @param shelf        who shelved it, when, why and until when; null unless shelved
 */
public record Alarm(String name, Severity severity, String title, String message, String action, Instant since,
                    List<String> pvs, State state, Severity currentSeverity, Act acknowledged, Shelf shelf) {

    public Alarm {
        pvs = List.copyOf(pvs);
    }

    /** Where an alarm stands. */
    public enum State {
        /** The condition holds and nobody has acknowledged it. */
        ACTIVE,
        /** The condition holds; someone has acknowledged it. */
        ACKNOWLEDGED,
        /** The condition has cleared but nobody acknowledged the alarm: it stays (latched) until someone does. */
        CLEARED,
        /** Put aside by someone for a while: not shown among the active, not sounded, not on the PVs; it comes back when the shelf runs out. */
        SHELVED
    }

    /** One person's acknowledgement. */
    public record Act(String who, Instant time, String reason) {
    }

    /** One person's shelf: the alarm is put aside {@code until}. */
    public record Shelf(String who, Instant time, String reason, Instant until) {
    }

    /** Whether its condition holds now (shelved or not). */
    public boolean holding() {
        return currentSeverity != Severity.NO_ALARM;
    }

    /** Whether it still waits for someone to acknowledge it (shelved alarms do not). */
    public boolean unacknowledged() {
        return state == State.ACTIVE || state == State.CLEARED;
    }
}
