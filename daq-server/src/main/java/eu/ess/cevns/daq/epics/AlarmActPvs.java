package eu.ess.cevns.daq.epics;

import eu.ess.cevns.daq.alarm.AlarmMonitor;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * What a put to one of the alarm-act PVs means: acknowledge, shelve or unshelve an alarm by name,
 * as a text a control-room screen or {@code pvput} can write. {@code AlarmAck} takes
 * {@code "NAME [REASON]"}, {@code AlarmShelve} {@code "NAME MINUTES REASON"}, {@code AlarmUnshelve}
 * {@code "NAME [REASON]"}; the act goes to the one {@link AlarmMonitor} (checked and recorded in the
 * run as any act) under the client's name. Who may put is the site's {@code pvaWrites}, as for every
 * writable PV; a put that is refused (a text that is none of these, an alarm that is not listed)
 * changes nothing and fails at the client with why.
 * The PV then reads what the last accepted put did.
 */
final class AlarmActPvs {
    static final String ACK = "AlarmAck";
    static final String SHELVE = "AlarmShelve";
    static final String UNSHELVE = "AlarmUnshelve";
    static final List<String> NAMES = List.of(ACK, SHELVE, UNSHELVE);

    private final AlarmMonitor alarms;

    AlarmActPvs(AlarmMonitor alarms) {
        this.alarms = alarms;
    }

    /** Carries out a put of {@code text} to {@code pv} by {@code who}; returns what the PV reads after it. */
    String put(String pv, String text, String who) {
        String[] words = text == null ? new String[0] : text.strip().split("\\s+", pv.equals(SHELVE) ? 3 : 2);
        if (words.length == 0 || words[0].isEmpty()) {
            throw new IllegalArgumentException(usage(pv));
        }
        String name = words[0];
        try {
            AlarmMonitor.Outcome done = switch (pv) {
                case ACK -> alarms.acknowledge(name, who, words.length > 1 ? words[1] : "");
                case UNSHELVE -> alarms.unshelve(name, who, words.length > 1 ? words[1] : "");
                case SHELVE -> {
                    if (words.length < 3) {
                        throw new IllegalArgumentException(usage(pv));
                    }
                    double minutes;
                    try {
                        minutes = Double.parseDouble(words[1]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("minutes must be a number, got '" + words[1] + "'; " + usage(pv));
                    }
                    yield alarms.shelve(name, who, words[2], minutes * 60);
                }
                default -> throw new IllegalArgumentException("no alarm act PV " + pv);
            };
            AlarmMonitor.AlarmAct a = done.act();
            return a.action().word() + "d " + a.name() + " by " + a.who() + " at " + a.time()
                    + (a.shelvedUntil() == null ? "" : " until " + a.shelvedUntil());
        } catch (NoSuchElementException | IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static String usage(String pv) {
        return switch (pv) {
            case SHELVE -> "put 'NAME MINUTES REASON', e.g. 'noRun 60 beam study, no run wanted'";
            default -> "put 'NAME' or 'NAME REASON', e.g. 'noRun calling the run coordinator'";
        };
    }
}
