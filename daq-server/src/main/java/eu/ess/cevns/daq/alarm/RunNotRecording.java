package eu.ess.cevns.daq.alarm;

import eu.ess.cevns.daq.timing.BeamState;

/**
 * Beam is on and no run has been recording for {@code noRunGraceS} (MINOR): neutrinos are going by
 * unrecorded. Shown only while the beam is on; beam trips in between do not restart the wait.
 */
final class RunNotRecording implements AlarmRule {
    @Override
    public void check(AlarmInputs in, AlarmReport report) {
        if (in.running()) {
            return;
        }
        if (in.now().beam().state() != BeamState.ON) {
            // a trip does not restart the wait: the time without a run is what counts
            report.keepPending("noRun");
            return;
        }
        // between two runs this holds for a few seconds; only a gap that lasts is worth a crew's attention
        report.raiseAfter(in.limits().noRunGraceS(), "noRun", Severity.MINOR, "Beam on, no run recording",
                "beam is ON and run state is " + in.now().run().state(),
                "Start a run (dashboard expert tab, or 'cevns-daq run start'), unless the run coordinator said not to.",
                "RunState");
    }
}
