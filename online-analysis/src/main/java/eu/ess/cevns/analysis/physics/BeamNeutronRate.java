package eu.ess.cevns.analysis.physics;

import eu.ess.cevns.config.BeamNeutrons;
import eu.ess.cevns.config.DetectorConfig;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The beam-related neutron recoils a detector file describes ({@link BeamNeutrons}), as numbers:
 * recoils per proton above any threshold (the file gives them above the detector threshold; the
 * spectrum shape carries them to another), the fraction in an energy range, the fraction arriving in
 * a window after T0 (the proton pulse followed by an exponential delay, {@link TimingProfile}), and
 * draws from that spectrum for the simulated detector. A rate per MW·h becomes a rate per proton
 * with the ESS proton energy ({@link Exposure#ESS_PROTON_ENERGY_GEV}).
 */
public final class BeamNeutronRate {
    private final BeamNeutrons neutrons;
    private final double perProtonAboveDetectorThreshold;
    private final double detectorThresholdKeVnr;
    /** Cumulative integral of a tabulated spectrum at each table point, from its first point. */
    private final double[] tableCumulative;

    public BeamNeutronRate(DetectorConfig detector) {
        this.neutrons = detector.beamNeutrons();
        this.detectorThresholdKeVnr = detector.thresholdKeVnr();
        this.perProtonAboveDetectorThreshold = neutrons.eventsPerProton() > 0 ? neutrons.eventsPerProton()
                : neutrons.eventsPerMWh() / protonsPerMWh(Exposure.ESS_PROTON_ENERGY_GEV);
        List<BeamNeutrons.Point> t = neutrons.spectrum().table();
        tableCumulative = new double[t.size()];
        for (int i = 1; i < t.size(); i++) {
            tableCumulative[i] = tableCumulative[i - 1] + (t.get(i).keVnr() - t.get(i - 1).keVnr()) * (t.get(i).weight() + t.get(i - 1).weight()) / 2;
        }
    }

    /** Protons in one MW·h of beam at {@code protonEnergyGeV}: 3.6 × 10⁹ J over the proton's energy in J. */
    public static double protonsPerMWh(double protonEnergyGeV) {
        return 3.6e9 / (protonEnergyGeV * 1e9 * Constants.ELEMENTARY_CHARGE_C);
    }

    /** Whether the detector expects any. */
    public boolean present() {
        return neutrons.present() && perProtonAboveDetectorThreshold > 0;
    }

    /** Relative 1σ uncertainty of the normalisation. */
    public double normUncertainty() {
        return neutrons.normUncertainty();
    }

    /** Recoils per proton on target above {@code thresholdKeVnr}, arriving at any time. */
    public double eventsPerProton(double thresholdKeVnr) {
        if (!present()) {
            return 0;
        }
        double atDetector = above(detectorThresholdKeVnr);
        return atDetector > 0 ? perProtonAboveDetectorThreshold * above(thresholdKeVnr) / atDetector : 0;
    }

    /** Recoils per proton in [lowKeVnr, highKeVnr). */
    public double eventsPerProton(double lowKeVnr, double highKeVnr) {
        return eventsPerProton(lowKeVnr) - eventsPerProton(highKeVnr);
    }

    /** Fraction of the recoils arriving in [startUs, endUs] after T0. */
    public double windowFraction(double startUs, double endUs) {
        return TimingProfile.fractionWithDelay(startUs, endUs, neutrons.delayUs());
    }

    /** Mean delay of a neutron after its proton, µs. */
    public double delayUs() {
        return neutrons.delayUs();
    }

    /** The spectrum integrated from {@code keVnr} up (unnormalised; the shape is all that matters). */
    private double above(double keVnr) {
        BeamNeutrons.Spectrum s = neutrons.spectrum();
        if (s.model() == BeamNeutrons.Spectrum.Model.EXPONENTIAL) {
            return Math.exp(-Math.max(0, keVnr) / s.slopeKeVnr());
        }
        return tableCumulative[tableCumulative.length - 1] - cumulative(keVnr);
    }

    /** ∫ from the table's first point to {@code keVnr} of the linear interpolation. */
    private double cumulative(double keVnr) {
        List<BeamNeutrons.Point> t = neutrons.spectrum().table();
        if (keVnr <= t.get(0).keVnr()) {
            return 0;
        }
        for (int i = 1; i < t.size(); i++) {
            BeamNeutrons.Point a = t.get(i - 1);
            BeamNeutrons.Point b = t.get(i);
            if (keVnr < b.keVnr()) {
                double x = keVnr - a.keVnr();
                double slope = (b.weight() - a.weight()) / (b.keVnr() - a.keVnr());
                return tableCumulative[i - 1] + x * (a.weight() + slope * x / 2);
            }
        }
        return tableCumulative[tableCumulative.length - 1];
    }

    /** A recoil energy drawn from the spectrum above {@code minKeVnr}, keVnr. */
    public double drawKeVnr(SplittableRandom random, double minKeVnr) {
        BeamNeutrons.Spectrum s = neutrons.spectrum();
        if (s.model() == BeamNeutrons.Spectrum.Model.EXPONENTIAL) {
            return Math.max(0, minKeVnr) - s.slopeKeVnr() * Math.log(1 - random.nextDouble());
        }
        // inverse of the cumulative integral by bisection: the table is short and draws are few
        double lo = Math.max(minKeVnr, neutrons.spectrum().table().get(0).keVnr());
        double hi = neutrons.spectrum().table().get(neutrons.spectrum().table().size() - 1).keVnr();
        double from = cumulative(lo);
        double target = from + random.nextDouble() * (tableCumulative[tableCumulative.length - 1] - from);
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (cumulative(mid) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
