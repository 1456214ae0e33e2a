package eu.ess.cevns.daq.alarm;

/**
 * Pulses of the last minute whose beam state stayed UNKNOWN although timing is connected: the
 * EPICS data of those pulses did not come in time (MINOR; MAJOR when none came). Such pulses count
 * neither as beam-on nor beam-off. While timing is lost, the timing alarm says it instead.
 */
final class UnknownPulses implements AlarmRule {
    @Override
    public void check(AlarmInputs in, AlarmReport report) {
        if (in.windowS() <= 0 || !in.timingConnected()) {
            return;
        }
        long unknown = in.growth(s -> s.beam().pulsesUnknown());
        long all = unknown + in.growth(s -> s.beam().pulsesOn()) + in.growth(s -> s.beam().pulsesOff());
        if (unknown == 0 || unknown < in.limits().unknownPulseFraction() * all) {
            return;
        }
        report.raise("pulsesUnknown", unknown == all ? Severity.MAJOR : Severity.MINOR, "Beam state UNKNOWN for some pulses",
                String.format("%d of %d pulses in the last %.0f s have no beam state from EPICS", unknown, all, in.windowS()),
                "Those pulses are not counted. Timing is connected but late or missing for them: check the timing IOC "
                        + "and the clock offset (beam.clockOffsetUs); call the DAQ expert.",
                "PulsesUnknown");
    }
}
