package eu.ess.cevns.config;

import java.util.List;

/**
 * A detector's beam-related neutron background (BRN) as its detector file describes it: how many
 * neutron recoils above the detector's {@code thresholdKeVnr} arrive per proton on target (or per
 * MW·h of beam; exactly one of the two is above zero), their recoil spectrum, when they arrive, and
 * how well the normalisation is known. Neutrons follow their protons: they arrive uniformly over the
 * proton pulse, each after an exponential delay of mean {@code delayUs} (time of flight and
 * moderation). {@link #NONE} where the file gives none: no beam-related neutrons are expected.
 *
 * @param eventsPerProton  recoils above the detector threshold per proton on target (0 when given per MW·h)
 * @param eventsPerMWh     recoils above the detector threshold per MW·h of beam (0 when given per proton)
 * @param spectrum         recoil spectrum shape
 * @param delayUs          mean delay after the proton, µs
 * @param normUncertainty  relative 1σ uncertainty of the rate (0.25 for 25 %)
 */
public record BeamNeutrons(double eventsPerProton, double eventsPerMWh, Spectrum spectrum, double delayUs,
                           double normUncertainty) {
    /** No beam-related neutrons. */
    public static final BeamNeutrons NONE = new BeamNeutrons(0, 0, new Spectrum(Spectrum.Model.EXPONENTIAL, 1, List.of()), 0, 0);

    /** Whether the detector expects any. */
    public boolean present() {
        return eventsPerProton > 0 || eventsPerMWh > 0;
    }

    /**
     * The recoil spectrum's shape: {@code EXPONENTIAL} falls as exp(−T/slopeKeVnr); {@code TABLE}
     * is the density (any scale) at rising recoil energies, linear between points and zero outside.
     */
    public record Spectrum(Model model, double slopeKeVnr, List<Point> table) {
        /** The spectrum models a detector file may name. */
        public enum Model { EXPONENTIAL, TABLE }
    }

    /** One point of a tabulated spectrum: relative density {@code weight} per keVnr at {@code keVnr}. */
    public record Point(double keVnr, double weight) {
    }
}
