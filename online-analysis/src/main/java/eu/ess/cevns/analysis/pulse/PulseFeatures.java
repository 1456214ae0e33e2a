package eu.ess.cevns.analysis.pulse;

/**
 * What pulse processing found in one waveform; a reused holder, overwritten for each waveform.
 * Amplitudes and integrals are in ADC counts above baseline; {@code triggerOffsetNs} is the time of
 * the pulse's leading edge relative to the digitizer's trigger point (the pre-trigger sample).
 */
public final class PulseFeatures {
    public double baselineAdc;
    public double baselineRmsAdc;
    public double amplitudeAdc;
    public int peakIndex;
    public double integralAdc;
    public double triggerOffsetNs;
    public double tailFraction;
    public boolean pileUp;
    public boolean saturated;
}
