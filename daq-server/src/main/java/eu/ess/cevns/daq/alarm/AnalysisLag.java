package eu.ess.cevns.daq.alarm;

/** The live analysis trails the newest event by more than {@code analysisLagS} (MINOR): the excess shown is old. */
final class AnalysisLag implements AlarmRule {
    @Override
    public void check(AlarmInputs in, AlarmReport report) {
        double lagS = in.now().at("/analysis/lagMs").asDouble(0) / 1000;
        if (lagS <= in.limits().analysisLagS()) {
            return;
        }
        report.raise("analysisLag", Severity.MINOR, "Online analysis is behind",
                String.format("the live analysis is %.0f s behind the newest data", lagS),
                "Recording is not affected; only the live excess is out of date. If it keeps growing, the server is "
                        + "overloaded: tell the DAQ expert.",
                "AnalysisLag");
    }
}
