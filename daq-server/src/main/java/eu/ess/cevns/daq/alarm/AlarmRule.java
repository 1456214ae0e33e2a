package eu.ess.cevns.daq.alarm;

/**
 * One condition of the alarm model. Called once a second with what the DAQ reports; calls
 * {@link AlarmReport#raise} for each alarm that holds now (nothing when all is well). A rule keeps
 * no memory of transitions: the monitor does that.
 */
@FunctionalInterface
public interface AlarmRule {
    void check(AlarmInputs in, AlarmReport report);
}
