package eu.ess.cevns.daq.alarm;

import eu.ess.cevns.daq.timing.BeamState;

import java.time.Duration;
import java.time.Instant;

/**
 * Beam is on and no run is recording (MINOR): neutrinos are going by unrecorded. Between two runs
 * this holds for a few seconds, so the raise delay ({@code alarms.delays.noRun.raiseS}) lets a run
 * change pass; a beam trip interrupts the condition without ending it, so the clear delay
 * ({@code clearS}) keeps it one alarm, its "since" the moment beam first went by without a run.
 * A run starting ends it at once.
 */
final class RunNotRecording implements AlarmRule {
    @Override
    public void check(AlarmInputs in, AlarmReport report) {
        if (in.running()) {
            report.resolve("noRun");
            return;
        }
        if (in.now().beam().state() != BeamState.ON) {
            return;
        }
        Instant stop = in.now().run().stop();
        String last = in.now().run().number().isPresent() && stop != null
                ? "; run " + in.now().run().number().getAsInt() + " stopped at " + stop.toString().substring(11, 19) + " UTC, "
                + minutes(Duration.between(stop, in.now().time())) + " ago"
                : in.now().run().number().isPresent() ? "" : "; no run since the server started";
        report.raise("noRun", Severity.MINOR, "Beam on, no run recording",
                "beam is ON (" + power(in.now().beam().powerMw()) + ") and run state is " + in.now().run().state() + last,
                "Start a run (dashboard expert tab, or 'cevns-daq run start'), unless the run coordinator said not to; "
                        + "then shelve this alarm with that reason.",
                "RunState");
    }

    private static String power(double mw) {
        return Double.isFinite(mw) ? String.format("%.2f MW", mw) : "power unknown";
    }

    private static String minutes(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s < 120 ? s + " s" : s / 60 + " min";
    }
}
