package eu.ess.cevns.daq.alarm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the rules found in one evaluation: the alarms that hold now, by name. */
public final class AlarmReport {
    /**
     * An alarm that holds, before the monitor gives it its time of raising; {@code holdS} is how
     * long it must hold before it is raised (0: at once).
     */
    record Finding(String name, Severity severity, String title, String message, String action, List<String> pvs,
                   double holdS) {
        Finding(String name, Severity severity, String title, String message, String action, List<String> pvs) {
            this(name, severity, title, message, action, pvs, 0);
        }
    }

    private final Map<String, Finding> findings = new LinkedHashMap<>();
    private final java.util.Set<String> pending = new java.util.HashSet<>();

    /**
     * Reports that alarm {@code name} holds now.
     *
     * @param pvs status PV names (after the prefix) that carry its severity
     */
    public void raise(String name, Severity severity, String title, String message, String action, String... pvs) {
        findings.put(name, new Finding(name, severity, title, message, action, List.of(pvs)));
    }

    /**
     * Reports that alarm {@code name} holds now, to be raised only once it has held for
     * {@code holdS} seconds: for conditions that are normal for a moment (between two runs).
     */
    public void raiseAfter(double holdS, String name, Severity severity, String title, String message, String action,
                           String... pvs) {
        findings.put(name, new Finding(name, severity, title, message, action, List.of(pvs), holdS));
    }

    /**
     * Alarm {@code name} is not to be shown now, but the wait before it may be raised (see
     * {@link #raiseAfter}) goes on: what it waits for still holds, only what it shows does not.
     */
    public void keepPending(String name) {
        pending.add(name);
    }

    java.util.Set<String> pending() {
        return pending;
    }

    Map<String, Finding> findings() {
        return findings;
    }
}
