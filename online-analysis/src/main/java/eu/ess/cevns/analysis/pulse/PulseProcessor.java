package eu.ess.cevns.analysis.pulse;

import eu.ess.cevns.daq.readout.Waveform;

/**
 * Processes one waveform (samples through a {@link Samples} view, so stored records are read in
 * place): baseline mean and rms from the pre-trigger samples; amplitude and peak as the largest
 * excursion above baseline; integral of the baseline-subtracted samples from the trigger point;
 * trigger time by constant fraction (the first crossing of {@code cfdFraction} × amplitude before
 * the peak, linearly interpolated) or by leading edge (the first crossing of a fixed height);
 * pulse shape as the fraction of the integral after {@code tailStartNs} past the peak; pile-up when
 * the digitizer flagged it or the signal, averaged over 8 samples, rises above half the amplitude
 * again after falling below a quarter of it (pulses within 20 averaged-noise rms of zero excepted); saturation when flagged or a sample sits at the ADC limit.
 * No allocation.
 */
public final class PulseProcessor {
    /** How the trigger time is found. */
    public enum TriggerMethod { CONSTANT_FRACTION, LEADING_EDGE }

    /** Samples of one waveform: count and value by index. */
    public interface Samples {
        int count();

        int preTrigger();

        int flags();

        short sample(int i);
    }

    /** Samples in the moving average of the pile-up scan. */
    private static final int PILE_UP_AVERAGE = 8;

    private final TriggerMethod method;
    private final double cfdFraction;
    private final double leadingEdgeAdc;
    private final double tailStartNs;
    private final double nsPerSample;
    private final int adcMax;

    public PulseProcessor(TriggerMethod method, double cfdFraction, double leadingEdgeAdc, double tailStartNs,
                          double samplingRateMHz, int adcBits) {
        this.method = method;
        this.cfdFraction = cfdFraction;
        this.leadingEdgeAdc = leadingEdgeAdc;
        this.tailStartNs = tailStartNs;
        this.nsPerSample = 1000.0 / samplingRateMHz;
        this.adcMax = Math.min((1 << adcBits) - 1, Short.MAX_VALUE);
    }

    public void process(Samples w, PulseFeatures f) {
        int n = w.count();
        int pre = Math.max(1, Math.min(w.preTrigger(), n));
        double sum = 0;
        double sum2 = 0;
        boolean saturated = (w.flags() & Waveform.FLAG_SATURATED) != 0;
        for (int i = 0; i < pre; i++) {
            double v = w.sample(i);
            sum += v;
            sum2 += v * v;
        }
        double base = sum / pre;
        f.baselineAdc = base;
        f.baselineRmsAdc = Math.sqrt(Math.max(0, sum2 / pre - base * base));

        double amp = Double.NEGATIVE_INFINITY;
        int peak = pre;
        double integral = 0;
        for (int i = pre; i < n; i++) {
            int raw = w.sample(i);
            if (raw >= adcMax || raw <= 0) {
                saturated = true;
            }
            double v = raw - base;
            integral += v;
            if (v > amp) {
                amp = v;
                peak = i;
            }
        }
        if (amp == Double.NEGATIVE_INFINITY) {
            amp = 0;
        }
        f.amplitudeAdc = amp;
        f.peakIndex = peak;
        f.integralAdc = integral;
        f.saturated = saturated;

        double level = method == TriggerMethod.CONSTANT_FRACTION ? cfdFraction * amp : leadingEdgeAdc;
        double crossing = pre;
        for (int i = pre; i <= peak; i++) {
            double v = w.sample(i) - base;
            if (v >= level) {
                double prev = i > 0 ? w.sample(i - 1) - base : v;
                crossing = i - 1 + (v == prev ? 1 : (level - prev) / (v - prev));
                break;
            }
        }
        f.triggerOffsetNs = (crossing - pre) * nsPerSample;

        // the tail is the integral less its head (from the trigger region to tailStart): the head is
        // short (the peak comes early in a readout window), the tail is most of it, so this reads the
        // fewest samples again
        int tailStart = Math.min(n, peak + (int) Math.ceil(tailStartNs / nsPerSample));
        double head = 0;
        for (int i = pre; i < tailStart; i++) {
            head += w.sample(i) - base;
        }
        double tail = integral - head;
        f.tailFraction = integral > 0 ? Math.max(0, Math.min(1, tail / integral)) : 0;

        boolean pile = (w.flags() & Waveform.FLAG_PILE_UP) != 0;
        // a pulse that falls below a quarter of its height and rises above half again is two pulses;
        // the scan runs on a moving average so that noise on a small pulse cannot fake the dip and the rise
        double smoothedNoise = f.baselineRmsAdc / Math.sqrt(PILE_UP_AVERAGE);
        if (!pile && amp > 20 * smoothedNoise && n - pre > PILE_UP_AVERAGE) {
            boolean high = false;
            boolean decayed = false;
            double window = 0;
            for (int i = pre; i < n && !pile; i++) {
                window += w.sample(i) - base;
                if (i - pre >= PILE_UP_AVERAGE) {
                    window -= w.sample(i - PILE_UP_AVERAGE) - base;
                } else {
                    continue;
                }
                double v = window / PILE_UP_AVERAGE;
                if (!high) {
                    high = v > 0.5 * amp;
                } else if (!decayed) {
                    decayed = v < 0.25 * amp;
                } else {
                    pile = v > 0.5 * amp;
                }
            }
        }
        f.pileUp = pile;
    }
}
