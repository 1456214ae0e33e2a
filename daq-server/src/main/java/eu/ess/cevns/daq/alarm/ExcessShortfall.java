package eu.ess.cevns.daq.alarm;

/**
 * The beam-correlated excess is below the Standard Model expectation by more than
 * {@code excessLowSigma} standard errors, once {@code excessMinExpected} events are expected
 * (MINOR): thresholds, windows, calibration or timing may be wrong.
 */
final class ExcessShortfall implements AlarmRule {
    @Override
    public void check(AlarmInputs in, AlarmReport report) {
        double expected = in.now().at("/analysis/expected").asDouble(Double.NaN);
        double excess = in.now().at("/analysis/excess").asDouble(Double.NaN);
        double error = in.now().at("/analysis/excessError").asDouble(Double.NaN);
        if (!(expected >= in.limits().excessMinExpected()) || !(error > 0) || Double.isNaN(excess)) {
            return;
        }
        double pull = (expected - excess) / error;
        if (pull <= in.limits().excessLowSigma()) {
            return;
        }
        report.raise("excessLow", Severity.MINOR, "Excess far below expectation",
                String.format("excess %.1f ± %.1f but %.1f expected: %.1f standard errors low", excess, error, expected, pull),
                "Data are recorded, but something may be off: check that thresholds and windows are as intended, "
                        + "the beam timing (clock offset) and the channels' rates. Tell the run coordinator.",
                "Excess");
    }
}
