package eu.ess.cevns.analysis.physics;

import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.Nucleus;
import eu.ess.cevns.config.Quenching;

import java.util.ArrayList;
import java.util.List;

/**
 * The Standard-Model CEvNS expectation for a detector and an exposure: events above the nuclear-
 * recoil threshold and the recoil spectrum, summed over the target's nuclei (by atom fraction) and
 * over the three flavours of pion decay at rest (prompt νμ, delayed νe and ν̄μ). The spectrum is
 * given in keVnr and, through the detector's quenching model, in keVee.
 */
public final class ExpectedRate {
    private final DetectorConfig detector;
    private final List<CevnsCrossSection> nuclei = new ArrayList<>();
    private final double[] targetsPerSpecies;

    public ExpectedRate(DetectorConfig detector) {
        this.detector = detector;
        double meanMassU = 0;
        for (Nucleus n : detector.target()) {
            meanMassU += n.fraction() * n.massU();
        }
        double atoms = detector.massKg() * 1000 / meanMassU * Constants.AVOGADRO;
        targetsPerSpecies = new double[detector.target().size()];
        for (int i = 0; i < detector.target().size(); i++) {
            Nucleus n = detector.target().get(i);
            nuclei.add(new CevnsCrossSection(n));
            targetsPerSpecies[i] = atoms * n.fraction();
        }
    }

    /** Target nuclei of each species, in the order of the detector file. */
    public double[] targets() {
        return targetsPerSpecies.clone();
    }

    /** Events per keVnr at recoil {@code tKeV}, for the exposure. */
    public double dRdT(double tKeV, Exposure exposure) {
        return dRdT(tKeV, exposure, 1, 1);
    }

    /** Events per keVnr with the prompt and delayed contributions weighted (by a window's acceptance, say). */
    double dRdT(double tKeV, Exposure exposure, double promptWeight, double delayedWeight) {
        double tMev = tKeV / 1000;
        double fluence = exposure.fluencePerFlavorCm2();
        double sum = 0;
        for (int i = 0; i < nuclei.size(); i++) {
            CevnsCrossSection x = nuclei.get(i);
            double prompt = x.differential(DarSpectrum.promptEnergyMev(), tMev);
            double delayed = Quadrature.integrate(e -> (DarSpectrum.electronNeutrino(e) + DarSpectrum.muonAntineutrino(e))
                    * x.differential(e, tMev), minEnergyMev(x, tMev), DarSpectrum.delayedEndpointMev(), 16);
            sum += targetsPerSpecies[i] * (promptWeight * prompt + delayedWeight * delayed);
        }
        return sum * fluence / 1000;          // per MeV → per keV
    }

    /** Events above {@code thresholdKeVnr} (and below the largest recoil), for the exposure. */
    public double events(double thresholdKeVnr, Exposure exposure) {
        return events(thresholdKeVnr, exposure, 1, 1);
    }

    /** Events above threshold arriving in the window [startUs, endUs] after T0 ({@link TimingProfile}). */
    public double eventsInWindow(double thresholdKeVnr, Exposure exposure, double startUs, double endUs) {
        return events(thresholdKeVnr, exposure, TimingProfile.promptFraction(startUs, endUs),
                TimingProfile.delayedFraction(startUs, endUs));
    }

    /** Events with the prompt and delayed flavours weighted (1, 0 gives the prompt νμ alone). */
    public double events(double thresholdKeVnr, Exposure exposure, double promptWeight, double delayedWeight) {
        double tMax = maxRecoilKeV();
        if (thresholdKeVnr >= tMax) {
            return 0;
        }
        // the rate falls steeply: integrate in log T so the low-energy end is resolved
        double lo = Math.log(Math.max(thresholdKeVnr, 1e-4));
        double hi = Math.log(tMax);
        return Quadrature.integrate(u -> {
            double t = Math.exp(u);
            return dRdT(t, exposure, promptWeight, delayedWeight) * t;
        }, lo, hi, 48);
    }

    /** Largest recoil any species can get from DAR neutrinos, keVnr. */
    public double maxRecoilKeV() {
        double m = 0;
        for (CevnsCrossSection x : nuclei) {
            m = Math.max(m, x.maxRecoilMev(DarSpectrum.delayedEndpointMev()) * 1000);
        }
        return m;
    }

    /** Flux-averaged total cross section per nucleus of one species (no threshold), cm²: the figure COHERENT quotes. */
    public static double fluxAveragedCrossSection(CevnsCrossSection x) {
        double prompt = x.total(DarSpectrum.promptEnergyMev(), 0);
        double delayed = Quadrature.integrate(e -> (DarSpectrum.electronNeutrino(e) + DarSpectrum.muonAntineutrino(e)) * x.total(e, 0),
                0, DarSpectrum.delayedEndpointMev(), 32);
        return (prompt + delayed) / 3;
    }

    /** Electron-equivalent energy of a recoil, by the detector's quenching model. */
    public double keVee(double keVnr) {
        return keVnr * quenchingFactor(detector.quenching(), keVnr, detector.target());
    }

    static double quenchingFactor(Quenching q, double keVnr, List<Nucleus> target) {
        switch (q.model()) {
            case CONSTANT:
                return q.factor();
            case TABLE: {
                List<double[]> t = q.table();
                if (keVnr <= t.get(0)[0]) {
                    return t.get(0)[1];
                }
                for (int i = 1; i < t.size(); i++) {
                    if (keVnr <= t.get(i)[0]) {
                        double f = (keVnr - t.get(i - 1)[0]) / (t.get(i)[0] - t.get(i - 1)[0]);
                        return t.get(i - 1)[1] + f * (t.get(i)[1] - t.get(i - 1)[1]);
                    }
                }
                return t.get(t.size() - 1)[1];
            }
            default: {
                // Lindhard: ε = 11.5 E Z^(-7/3), g = 3ε^0.15 + 0.7ε^0.6 + ε, f = k g / (1 + k g) (Lindhard et al. 1963)
                double z = 0;
                for (Nucleus n : target) {
                    z += n.fraction() * n.z();
                }
                double eps = 11.5 * keVnr * Math.pow(z, -7.0 / 3.0);
                double g = 3 * Math.pow(eps, 0.15) + 0.7 * Math.pow(eps, 0.6) + eps;
                return q.k() * g / (1 + q.k() * g);
            }
        }
    }

    /** Smallest neutrino energy that can give recoil T on this nucleus, MeV. */
    static double minEnergyMev(CevnsCrossSection x, double tMev) {
        // T_max(E) = 2E²/(M + 2E) ≥ T  ⇔  E ≥ (T + √(T² + 2 M T)) / 2
        return (tMev + Math.sqrt(tMev * tMev + 2 * x.massMev() * tMev)) / 2;
    }

    public DetectorConfig detector() {
        return detector;
    }
}
