package eu.ess.cevns.analysis.beam;

import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.daq.timing.BeamState;

/**
 * Exposure accumulated pulse by pulse, with the windows in force at each pulse: an ON pulse adds
 * the on window's length to the on live time, the off window's to the off live time and its
 * charge to the POT; an OFF pulse adds the on window's length to the beam-off live time (a second
 * background sample, in the same window); an UNKNOWN pulse is only counted.
 */
public final class BeamExposure {
    /** Elementary charge, C (SI, exact). */
    private static final double E_C = 1.602176634e-19;
    private long pulsesOn;
    private long pulsesOff;
    private long pulsesUnknown;
    private double onLiveUs;
    private double offLiveUs;
    private double beamOffLiveUs;
    private double chargeOnUc;

    public void onPulse(int beamState, double chargeUc, BeamWindows w) {
        switch (BeamState.of(beamState)) {
            case ON -> {
                pulsesOn++;
                onLiveUs += w.onEndUs() - w.onStartUs();
                offLiveUs += w.offEndUs() - w.offStartUs();
                chargeOnUc += chargeUc;
            }
            case OFF -> {
                pulsesOff++;
                beamOffLiveUs += w.onEndUs() - w.onStartUs();
            }
            default -> pulsesUnknown++;
        }
    }

    public long pulsesOn() { return pulsesOn; }
    public long pulsesOff() { return pulsesOff; }
    public long pulsesUnknown() { return pulsesUnknown; }
    public double onLiveSeconds() { return onLiveUs / 1e6; }
    public double offLiveSeconds() { return offLiveUs / 1e6; }
    public double beamOffLiveSeconds() { return beamOffLiveUs / 1e6; }
    public double chargeOnUc() { return chargeOnUc; }

    /** Protons on target: the ON pulses' charge over e. */
    public double pot() {
        return chargeOnUc * 1e-6 / E_C;
    }

    /** On live time over off live time: the factor that scales off counts to the on window. */
    public double alpha() {
        return offLiveUs > 0 ? onLiveUs / offLiveUs : Double.NaN;
    }
}
