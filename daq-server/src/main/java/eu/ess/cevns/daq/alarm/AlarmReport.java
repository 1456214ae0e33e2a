package eu.ess.cevns.daq.alarm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the rules found in one evaluation: the alarms that hold now, by name. */
public final class AlarmReport {
    /** An alarm that holds, before the monitor gives it its time of raising. */
    record Finding(String name, Severity severity, String title, String message, String action, List<String> pvs) {
    }

    private final Map<String, Finding> findings = new LinkedHashMap<>();

    /**
     * Reports that alarm {@code name} holds now.
     *
     * @param pvs status PV names (after the prefix) that carry its severity
     */
    public void raise(String name, Severity severity, String title, String message, String action, String... pvs) {
        findings.put(name, new Finding(name, severity, title, message, action, List.of(pvs)));
    }

    Map<String, Finding> findings() {
        return findings;
    }
}
