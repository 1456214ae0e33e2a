package eu.ess.cevns.daq.timing;

/** Where the timing client reports alarm transitions (the run store records them). */
@FunctionalInterface
public interface TimingAlarms {
    /** EPICS alarm severities as numbers: 1 MINOR, 2 MAJOR, 3 INVALID. */
    int MINOR = 1;
    int MAJOR = 2;
    int INVALID = 3;

    void alarm(String name, int severity, boolean raised, String message);
}
