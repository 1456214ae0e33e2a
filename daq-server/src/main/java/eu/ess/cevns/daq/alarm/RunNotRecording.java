package eu.ess.cevns.daq.alarm;

/** Beam is on but no run is recording (MINOR): neutrinos are going by unrecorded. */
final class RunNotRecording implements AlarmRule {
    @Override
    public void check(AlarmInputs in, AlarmReport report) {
        if (in.running() || !"ON".equals(in.now().at("/beam/state").asText())) {
            return;
        }
        // between two runs this holds for a few seconds; only a gap that lasts is worth a crew's attention
        report.raiseAfter(in.limits().noRunGraceS(), "noRun", Severity.MINOR, "Beam on, no run recording",
                "beam is ON and run state is " + in.now().at("/run/state").asText(),
                "Start a run (dashboard expert tab, or 'cevns-daq run start'), unless the run coordinator said not to.",
                "RunState");
    }
}
