package eu.ess.cevns.sim;

import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.config.PulseShape;
import eu.ess.cevns.daq.readout.Waveform;

import java.util.SplittableRandom;

/**
 * Draws one digitizer record of a detector pulse: baseline plus a double-exponential pulse
 * (rise and decay times of the detector's {@link PulseShape}) starting at the pre-trigger point,
 * plus white Gaussian noise, clipped to the ADC range (flagged as saturated). Fills a reused array.
 */
public final class WaveformSynth {
    private final PulseShape shape;
    private final int recordLength;
    private final int preTrigger;
    private final int adcMax;
    private final double[] unitPulse;
    private final SplittableRandom random;

    public WaveformSynth(PulseShape shape, DigitizerConfig digitizer, SplittableRandom random) {
        this.shape = shape;
        this.recordLength = digitizer.recordLength();
        this.preTrigger = digitizer.preTrigger();
        this.adcMax = (1 << digitizer.adcBits()) - 1;
        this.random = random;
        this.unitPulse = unitPulse(shape, digitizer);
    }

    /** Pulse shape sampled from the trigger point, scaled so its maximum is 1. */
    private static double[] unitPulse(PulseShape shape, DigitizerConfig d) {
        int n = d.recordLength() - d.preTrigger();
        double dtNs = 1000.0 / d.samplingRateMHz();
        double[] p = new double[n];
        double max = 0;
        for (int i = 0; i < n; i++) {
            double t = i * dtNs;
            p[i] = Math.exp(-t / shape.decayNs()) - Math.exp(-t / shape.riseNs());
            max = Math.max(max, p[i]);
        }
        for (int i = 0; i < n && max > 0; i++) {
            p[i] /= max;
        }
        return p;
    }

    public int recordLength() {
        return recordLength;
    }

    public int preTrigger() {
        return preTrigger;
    }

    /**
     * Fills {@code out} with a record of a pulse of {@code amplitudeAdc} above baseline.
     *
     * @return the readout flags ({@link Waveform#FLAG_SATURATED} if any sample was clipped)
     */
    public int fill(double amplitudeAdc, short[] out) {
        int flags = 0;
        for (int i = 0; i < recordLength; i++) {
            double v = shape.baselineAdc() + random.nextGaussian() * shape.noiseRmsAdc();
            if (i >= preTrigger) {
                v += amplitudeAdc * unitPulse[i - preTrigger];
            }
            long adc = Math.round(v);
            if (adc > adcMax) {
                adc = adcMax;
                flags |= Waveform.FLAG_SATURATED;
            } else if (adc < 0) {
                adc = 0;
                flags |= Waveform.FLAG_SATURATED;
            }
            out[i] = (short) adc;
        }
        return flags;
    }
}
