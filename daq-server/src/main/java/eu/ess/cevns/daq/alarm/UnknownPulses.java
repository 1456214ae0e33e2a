package eu.ess.cevns.daq.alarm;

import eu.ess.cevns.config.EssPulse;

import java.util.Locale;

/**
 * Pulses of the last minute whose beam state stayed UNKNOWN although timing is connected (MINOR;
 * MAJOR when none got one). Such pulses count neither as beam-on nor beam-off. The message names
 * the measured cause: the pulse join's timeouts, split into pulses whose EPICS data never came
 * near them (late or missing: the IOC or the network) and pulses with an EPICS pulse near but
 * beyond the T0 tolerance (the clocks disagree), with the EPICS update count beside the 14 Hz
 * the IOC should deliver. While timing is lost, the timing alarm says it instead.
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
        long timeouts = in.growth(s -> s.beam().join().timeouts());
        long offClock = in.growth(s -> s.beam().join().offClockTimeouts());
        long late = timeouts - offClock;
        long updates = in.growth(s -> s.beam().epicsUpdates());
        String cause;
        String action;
        if (timeouts == 0) {
            cause = "none of them timed out in the pulse join (they were decided while timing was down, or as a run ended)";
            action = "Check that the timing connection is steady (TimingConnected); call the DAQ expert if this goes on.";
        } else if (late >= offClock) {
            cause = String.format(Locale.ROOT, "%d join timeouts: for %d the EPICS data never came within timing.joinWaitMs "
                    + "(%d EPICS updates in %.0f s, %.0f expected at %d Hz)%s", timeouts, late, updates, in.windowS(),
                    in.windowS() * EssPulse.RATE_HZ, EssPulse.RATE_HZ, offClockPart(offClock, in));
            action = "The timing IOC's data for those pulses came late or not at all: check the IOC and the network between it and "
                    + "this server; if the data arrive but late, raise timing.joinWaitMs. Call the DAQ expert.";
        } else {
            cause = String.format(Locale.ROOT, "%d join timeouts%s", timeouts, offClockPart(offClock, in));
            action = "The readout's and EPICS' pulse times disagree by more than timing.t0ToleranceUs: check the digitizers' "
                    + "timing receivers (beam.clockOffsetUs) and the IOC's time stamps. Call the DAQ expert.";
        }
        report.raise("pulsesUnknown", unknown == all ? Severity.MAJOR : Severity.MINOR, "Beam state UNKNOWN for some pulses",
                String.format(Locale.ROOT, "%d of %d pulses in the last %.0f s have no beam state from EPICS: %s", unknown, all,
                        in.windowS(), cause),
                "Those pulses are not counted. " + action,
                "PulsesUnknown");
    }

    private static String offClockPart(long offClock, AlarmInputs in) {
        return offClock == 0 ? "" : String.format(Locale.ROOT, "; for %d an EPICS pulse came, but %.0f µs away (last seen), beyond "
                + "timing.t0ToleranceUs", offClock, in.now().beam().join().lastOffClockUs());
    }
}
