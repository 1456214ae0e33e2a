package eu.ess.cevns.daq.alarm;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the rules found in one evaluation: the alarms whose conditions hold now, by name. */
public final class AlarmReport {
    /**
     * A condition that holds, before the monitor gives it its state; {@code holdS} is how long it
     * must hold before it is raised at least (a pushed condition's own wait; 0: the site's delay alone).
     */
    record Finding(String name, Severity severity, String title, String message, String action, List<String> pvs,
                   double holdS) {
        Finding(String name, Severity severity, String title, String message, String action, List<String> pvs) {
            this(name, severity, title, message, action, pvs, 0);
        }
    }

    private final Map<String, Finding> findings = new LinkedHashMap<>();
    private final Set<String> resolved = new HashSet<>();

    /**
     * Reports that the condition of alarm {@code name} holds now. It is raised once it has held
     * for the alarm's raise delay ({@code alarms.delays}), and clears once it has not been reported
     * for its clear delay.
     *
     * @param pvs status PV names (after the prefix) that carry its severity
     */
    public void raise(String name, Severity severity, String title, String message, String action, String... pvs) {
        findings.put(name, new Finding(name, severity, title, message, action, List.of(pvs)));
    }

    /**
     * Reports that the condition of alarm {@code name} has ended in a way that cannot flap back by
     * itself (a run started, for "beam on, no run"): it clears now, without waiting out its clear
     * delay, which is there for conditions that come and go (a beam trip).
     */
    public void resolve(String name) {
        resolved.add(name);
    }

    Set<String> resolved() {
        return resolved;
    }

    Map<String, Finding> findings() {
        return findings;
    }
}
