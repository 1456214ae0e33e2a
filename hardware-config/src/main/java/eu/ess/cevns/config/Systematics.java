package eu.ess.cevns.config;

/**
 * What limits the CEvNS prediction of a detector besides statistics, as relative or absolute 1σ
 * uncertainties (detector file {@code systematics:}): the neutrino flux (10 % is the usual figure for
 * a decay-at-rest source without a flux measurement), the quenching factor (it moves the threshold
 * in keVnr), the nuclear form factor, and the threshold calibration in keVnr. The beam-related
 * neutron normalisation is with the neutrons ({@link BeamNeutrons#normUncertainty()}). {@link #NONE}
 * where the file gives none.
 *
 * @param fluxFraction        relative uncertainty of the neutrino flux
 * @param quenchingFraction   relative uncertainty of the quenching factor
 * @param formFactorFraction  relative uncertainty of the rate from the form factor
 * @param thresholdKeVnr      uncertainty of the threshold, keVnr
 */
public record Systematics(double fluxFraction, double quenchingFraction, double formFactorFraction, double thresholdKeVnr) {
    public static final Systematics NONE = new Systematics(0, 0, 0, 0);
}
