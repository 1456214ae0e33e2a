package eu.ess.cevns.daq.alarm;

import java.time.Instant;
import java.util.List;

/**
 * An active alarm as the shift crew sees it: a stable {@code name} (recorded in the run), its
 * severity, a {@code title} that names the problem in words, a {@code message} with the numbers,
 * the {@code action} to take, when it was raised, and the status PVs (names after the prefix)
 * whose EPICS severity it sets.
 */
public record Alarm(String name, Severity severity, String title, String message, String action, Instant since,
                    List<String> pvs) {
}
