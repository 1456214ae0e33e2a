package eu.ess.cevns.daq.timing;

/** Where the timing client reports alarm transitions (the run store records them). */
@FunctionalInterface
public interface TimingAlarms {
    /** EPICS alarm severities as numbers: 1 MINOR, 2 MAJOR, 3 INVALID. */
    int MINOR = 1;
    int MAJOR = 2;
    int INVALID = 3;

    /** A PV a pulse's state needs (proton charge, beam present) is not connected. */
    String DISCONNECTED = "timingDisconnected";
    /** Connected, but no update for {@code timing.staleAfterPulses} pulse periods. */
    String STALE = "timingStale";

    void alarm(String name, int severity, boolean raised, String message);
}
