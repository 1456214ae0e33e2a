package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.analysis.stats.ExcessVerdict;
import eu.ess.cevns.daq.alarm.AlarmInputs;
import eu.ess.cevns.daq.alarm.AlarmReport;
import eu.ess.cevns.daq.alarm.AlarmRule;
import eu.ess.cevns.daq.alarm.Severity;
import eu.ess.cevns.daq.status.StatusPart;

import java.util.Locale;

/**
 * The beam-correlated excess is far below the Standard-Model expectation (MINOR): the verdict the
 * page shows says "FAR BELOW" ({@link ExcessVerdict}: more than {@code excessLowSigma} standard
 * errors low, once {@code excessMinExpected} events are expected). Thresholds, windows,
 * calibration or timing may be wrong.
 */
final class ExcessLowAlarm implements AlarmRule {
    private final StatusPart<AnalysisStatus> part;

    ExcessLowAlarm(StatusPart<AnalysisStatus> part) {
        this.part = part;
    }

    @Override
    public void check(AlarmInputs in, AlarmReport report) {
        AnalysisStatus a = in.now().part(part);
        if (a == null || a.summary() == null || a.summary().excess().verdict().level() != ExcessVerdict.Level.FAR_BELOW) {
            return;
        }
        AnalysisSummary.Excess s = a.summary().excess();
        report.raise("excessLow", Severity.MINOR, "Excess far below expectation",
                String.format(Locale.ROOT, "excess %.1f ± %.1f but %.1f expected: %.1f standard errors low", s.value(),
                        s.error(), s.expected(), -s.verdict().pull()),
                "Data are recorded, but something may be off: check that thresholds and windows are as intended, "
                        + "the beam timing (clock offset) and the channels' rates. Tell the run coordinator.",
                "Excess");
    }
}
