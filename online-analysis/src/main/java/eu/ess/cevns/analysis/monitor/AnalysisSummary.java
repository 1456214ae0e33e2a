package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.analysis.stats.ExcessVerdict;
import eu.ess.cevns.config.EssPulse;

/**
 * Where a run's analysis stands: counts in the on window of ON pulses and in the off window
 * (scaled by α = on/off live time), the excess, its error, the Li & Ma significance and a 68 %
 * profile-likelihood interval, the SM expectation for the same exposure and window, and the
 * exposure itself (POT, live times, pulses). Histograms are fixed binning: energy in keVnr
 * ({@link RunAnalysis#ENERGY_BINS} bins to {@link RunAnalysis#ENERGY_MAX_KEVNR}) and time since T0 in µs
 * ({@link RunAnalysis#TIME_BINS} bins over one pulse period). {@code channelEnergy} holds, per channel id,
 * the energies of its accepted events in every window and beam state ({@code [id * ENERGY_BINS + bin]}).
 * {@code verdict} compares the excess with the expectation under the run's alarm limits.
 */
public record AnalysisSummary(int run, boolean stopped, long onCounts, long offCounts, long beamOffCounts, long unknownCounts,
                              double alpha, double excess, double excessError, double significance,
                              double intervalLow, double intervalHigh, double expected, double pot,
                              double onLiveS, double offLiveS, double beamOffLiveS,
                              long pulsesOn, long pulsesOff, long pulsesUnknown,
                              long waveforms, long belowThreshold, long pileUp, long saturated,
                              long lastEventNs, long[] energyOn, long[] energyOff, long[] timeSinceT0,
                              double massKg, long[] channelOn, long[] shapeVsEnergy, java.util.List<HistoryPoint> history,
                              long[] channelEnergy, ExcessVerdict verdict) {

    /** Beam days of the ON pulses. */
    public double beamDays() {
        return pulsesOn / (double) EssPulse.RATE_HZ / 86400.0;
    }

    /** Excess per 10²⁰ protons on target (NaN before any POT). */
    public double excessPer1e20Pot() {
        return pot > 0 ? excess / pot * 1e20 : Double.NaN;
    }

    public double excessErrorPer1e20Pot() {
        return pot > 0 ? excessError / pot * 1e20 : Double.NaN;
    }

    /** Excess per kg of target per beam day. */
    public double excessPerKgDay() {
        return beamDays() > 0 ? excess / massKg / beamDays() : Double.NaN;
    }

    public double excessErrorPerKgDay() {
        return beamDays() > 0 ? excessError / massKg / beamDays() : Double.NaN;
    }

    /** One point of the rate history: the run so far, at the end of a slice of beam pulses. */
    public record HistoryPoint(long pulses, double pot, long onCounts, long offCounts, double alpha, double excess,
                               double excessError, double expected) {
    }
}
