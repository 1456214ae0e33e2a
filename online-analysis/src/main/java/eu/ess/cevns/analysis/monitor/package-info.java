/**
 * The analysis of a run, live or replayed: {@link eu.ess.cevns.analysis.monitor.RunAnalysis} reads
 * a run's records in order (configuration, pulses, waveforms, config changes) and hands each job to
 * its part: the configuration replay, the quality cuts, the classification of each accepted event
 * by beam state and window, the counts, the histograms, the rate history and the SM expectation.
 * Its {@link eu.ess.cevns.analysis.monitor.AnalysisSummary} holds the same parts as records, and
 * {@link eu.ess.cevns.analysis.monitor.AnalysisJson} writes it as the views' JSON.
 * {@link eu.ess.cevns.analysis.monitor.LiveAnalysis} tails the current run with it and hands its
 * summary to the server's views ({@link eu.ess.cevns.analysis.monitor.AnalysisExtension}), or, in a
 * process of its own beside the server, to {@link eu.ess.cevns.analysis.monitor.FollowView}. A
 * replay reads the same records with the same code, so it ends where the live analysis ended.
 */
package eu.ess.cevns.analysis.monitor;
