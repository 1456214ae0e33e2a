/**
 * The analysis of a run, live or replayed: {@link eu.ess.cevns.analysis.monitor.RunAnalysis} reads
 * a run's records in order (configuration, pulses, waveforms, config changes) and keeps the counts,
 * exposure, histograms and statistics; {@link eu.ess.cevns.analysis.monitor.LiveAnalysis} tails the
 * current run with it and hands its summary to the server's views. A replay reads the same records
 * with the same code, so it ends where the live analysis ended.
 */
package eu.ess.cevns.analysis.monitor;
