package eu.ess.cevns.analysis.monitor;

/**
 * Where a run's analysis stands: counts in the on window of ON pulses and in the off window
 * (scaled by α = on/off live time), the excess, its error, the Li & Ma significance and a 68 %
 * profile-likelihood interval, the SM expectation for the same exposure and window, and the
 * exposure itself (POT, live times, pulses). Histograms are fixed binning: energy in keVnr
 * ({@link RunAnalysis#ENERGY_BINS} bins to {@link RunAnalysis#ENERGY_MAX_KEVNR}) and time since T0 in µs
 * ({@link RunAnalysis#TIME_BINS} bins over one pulse period).
 */
public record AnalysisSummary(int run, boolean stopped, long onCounts, long offCounts, long beamOffCounts, long unknownCounts,
                              double alpha, double excess, double excessError, double significance,
                              double intervalLow, double intervalHigh, double expected, double pot,
                              double onLiveS, double offLiveS, double beamOffLiveS,
                              long pulsesOn, long pulsesOff, long pulsesUnknown,
                              long waveforms, long belowThreshold, long pileUp, long saturated,
                              long lastEventNs, long[] energyOn, long[] energyOff, long[] timeSinceT0) {
}
