package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.daq.alarm.AlarmInputs;
import eu.ess.cevns.daq.alarm.AlarmReport;
import eu.ess.cevns.daq.alarm.AlarmRule;
import eu.ess.cevns.daq.alarm.Severity;
import eu.ess.cevns.daq.status.StatusPart;

import java.util.Locale;

/**
 * The live analysis trails the run store by more than {@code analysisLagS} of data (MINOR): the
 * excess shown is old. The lag is measured against the store, so a detector that stops sending
 * raises nothing: the analysis catches up and its lag is 0.
 */
final class AnalysisLagAlarm implements AlarmRule {
    private final StatusPart<AnalysisStatus> part;

    AnalysisLagAlarm(StatusPart<AnalysisStatus> part) {
        this.part = part;
    }

    @Override
    public void check(AlarmInputs in, AlarmReport report) {
        AnalysisStatus a = in.now().part(part);
        double lagS = a == null ? Double.NaN : a.lagMs() / 1000;
        if (!(lagS > in.limits().analysisLagS())) {
            return;
        }
        report.raise("analysisLag", Severity.MINOR, "Online analysis is behind",
                String.format(Locale.ROOT, "the live analysis is %.0f s behind the newest stored data%s", lagS,
                        a.backlog() < 0 ? "" : String.format(Locale.ROOT, " (%,d records not yet analysed)", a.backlog())),
                "Recording is not affected; only the live excess is out of date. If it keeps growing, the server is "
                        + "overloaded: tell the DAQ expert.",
                "AnalysisLag");
    }
}
