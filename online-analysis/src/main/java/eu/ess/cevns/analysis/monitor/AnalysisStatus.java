package eu.ess.cevns.analysis.monitor;

/**
 * The live analysis as one status snapshot sees it: its latest summary (null before the first run)
 * and how far it trails the newest event (ms, NaN before it knows).
 */
public record AnalysisStatus(AnalysisSummary summary, double lagMs) {
}
