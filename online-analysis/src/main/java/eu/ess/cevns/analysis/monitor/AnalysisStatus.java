package eu.ess.cevns.analysis.monitor;

/**
 * The live analysis as one status snapshot sees it: its latest summary (null before the first run),
 * how far it trails the run store (ms of data time between the newest waveform stored and the
 * newest analysed, 0 when caught up, NaN before it knows) and its backlog (records stored and not
 * yet analysed, -1 before it knows).
 */
public record AnalysisStatus(AnalysisSummary summary, double lagMs, long backlog) {
    /** A status without a backlog figure. */
    public AnalysisStatus(AnalysisSummary summary, double lagMs) {
        this(summary, lagMs, -1);
    }
}
