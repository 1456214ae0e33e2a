package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.daq.alarm.AlarmInputs;
import eu.ess.cevns.daq.alarm.AlarmReport;
import eu.ess.cevns.daq.alarm.AlarmRule;
import eu.ess.cevns.daq.alarm.Severity;
import eu.ess.cevns.daq.status.StatusPart;

import java.util.Locale;

/** The live analysis trails the newest event by more than {@code analysisLagS} (MINOR): the excess shown is old. */
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
                String.format(Locale.ROOT, "the live analysis is %.0f s behind the newest data", lagS),
                "Recording is not affected; only the live excess is out of date. If it keeps growing, the server is "
                        + "overloaded: tell the DAQ expert.",
                "AnalysisLag");
    }
}
