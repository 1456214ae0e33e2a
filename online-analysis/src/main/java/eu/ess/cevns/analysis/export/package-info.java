/**
 * Export of stored runs for offline fits: every accepted event with its energy and time since T0,
 * the pulses, the exposure and counts exactly as {@code analyze} computes them (the same
 * {@link eu.ess.cevns.analysis.monitor.RunAnalysis} produces both), the histograms and the
 * configuration with its changes; as HDF5 in a NeXus layout or as CSV files. Files are written
 * under a temporary name and renamed when complete.
 */
package eu.ess.cevns.analysis.export;
