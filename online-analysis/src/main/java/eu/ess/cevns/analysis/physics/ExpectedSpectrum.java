package eu.ess.cevns.analysis.physics;

import eu.ess.cevns.config.Resolution;
import org.apache.commons.math3.distribution.NormalDistribution;

import java.util.ArrayList;
import java.util.List;

/**
 * The expected recoil spectrum of a detector for an exposure, in equal keVnr bins from its
 * threshold to the largest recoil, each with its keVee range and the events a measurement would
 * put in that keVee range once the detector's resolution has smeared the true energies. What
 * {@code cevns-daq expected} prints.
 */
public final class ExpectedSpectrum {
    /** One bin: true recoil range, its quenched range, events in it, and events measured in the keVee range. */
    public record Bin(double keVnrLow, double keVnrHigh, double keVeeLow, double keVeeHigh, double events, double eventsSmeared) {
    }

    private static final NormalDistribution GAUSS = new NormalDistribution();

    private ExpectedSpectrum() {
    }

    /** {@code bins} bins between {@code thresholdKeVnr} and the largest recoil (none above it). */
    public static List<Bin> of(ExpectedRate rate, double thresholdKeVnr, Exposure exposure, int bins, Resolution resolution) {
        double step = (rate.maxRecoilKeV() - thresholdKeVnr) / bins;
        int n = step > 0 ? bins : 0;
        double[] lowEe = new double[n];
        double[] highEe = new double[n];
        double[] events = new double[n];
        for (int i = 0; i < n; i++) {
            double a = thresholdKeVnr + i * step;
            lowEe[i] = rate.keVee(a);
            highEe[i] = rate.keVee(a + step);
            events[i] = rate.events(a, exposure) - rate.events(a + step, exposure);
        }
        double[] smeared = smear(lowEe, highEe, events, resolution);
        List<Bin> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double a = thresholdKeVnr + i * step;
            out.add(new Bin(a, a + step, lowEe[i], highEe[i], events[i], smeared[i]));
        }
        return out;
    }

    /**
     * Events measured in each keVee range [low[j], high[j]) when each bin's events, at its centre,
     * are spread by a Gaussian of the resolution there; with no resolution, the events themselves.
     */
    static double[] smear(double[] lowKeVee, double[] highKeVee, double[] events, Resolution r) {
        int n = events.length;
        double[] smeared = new double[n];
        for (int i = 0; i < n; i++) {
            double center = (lowKeVee[i] + highKeVee[i]) / 2;
            double sigma = r.sigmaKeVee(center);
            for (int j = 0; j < n; j++) {
                double fraction = sigma <= 0 ? (i == j ? 1 : 0)
                        : GAUSS.cumulativeProbability((highKeVee[j] - center) / sigma)
                        - GAUSS.cumulativeProbability((lowKeVee[j] - center) / sigma);
                smeared[j] += fraction * events[i];
            }
        }
        return smeared;
    }
}
