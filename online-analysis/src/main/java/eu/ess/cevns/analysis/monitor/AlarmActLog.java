package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.daq.store.AlarmActionRecord;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The acts on alarms a run recorded (acknowledge, shelve, unshelve: record kind 7), as lines for
 * the page's change log and {@code analyze}: "time who action name [until T][: reason]". Only the
 * last {@value #MAX_ACTS} are kept, so that a run of days with a shelf a minute stays readable.
 */
final class AlarmActLog {
    static final int MAX_ACTS = 1000;
    private final Deque<String> acts = new ArrayDeque<>();

    void add(Instant time, int action, String name, String who, String reason, Instant shelvedUntil) {
        if (acts.size() == MAX_ACTS) {
            acts.removeFirst();
        }
        AlarmActionRecord.Action a = AlarmActionRecord.Action.of(action);
        acts.addLast(time + " " + who + " " + (a == null ? "action " + action : a.word()) + " " + name
                + (shelvedUntil == null ? "" : " until " + shelvedUntil) + (reason.isEmpty() ? "" : ": " + reason));
    }

    List<String> lines() {
        return List.copyOf(acts);
    }
}
