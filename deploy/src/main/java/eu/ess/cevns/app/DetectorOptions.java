package eu.ess.cevns.app;

import eu.ess.cevns.analysis.physics.Exposure;
import eu.ess.cevns.analysis.physics.Targets;
import eu.ess.cevns.config.ConfigException;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.DetectorConfig;
import picocli.CommandLine.Option;

/**
 * The detector and the exposure a physics command ({@code expected}, {@code reach}) works on: a
 * detector file or shipped name, or a target material, with mass, distance and threshold overridden
 * at will; protons on target, or years of beam at a power.
 */
final class DetectorOptions {
    @Option(names = "--detector", paramLabel = "NAME|FILE", description = "Shipped detector or detector file (default: csi-cryogenic).")
    String detector;

    @Option(names = "--target", paramLabel = "CsI|NaI|Ge|Xe|Ar|Si|C3F8", description = "Target material instead of a detector file.")
    String target;

    @Option(names = "--mass", paramLabel = "KG", description = "Target mass (overrides the detector file).")
    Double massKg;

    @Option(names = "--distance", paramLabel = "M", description = "Distance from the ESS target (overrides the detector file).")
    Double distanceM;

    @Option(names = "--threshold", paramLabel = "KEVNR", description = "Nuclear-recoil threshold (overrides the detector file).")
    Double thresholdKeVnr;

    @Option(names = "--pot", paramLabel = "N", description = "Protons on target (default: one year, see --years and --power).")
    Double pot;

    @Option(names = "--years", defaultValue = "1", description = "Years of beam, 5000 h each (default: ${DEFAULT-VALUE}).")
    double years;

    @Option(names = "--power", paramLabel = "MW", defaultValue = "5.0", description = "Beam power of 2 GeV protons (default: ${DEFAULT-VALUE} MW, the ESS design).")
    double powerMw;

    /** Protons on target in one year at {@link #powerMw}. */
    double potPerYear() {
        return Exposure.potPerYear(powerMw, Exposure.ESS_PROTON_ENERGY_GEV, Exposure.ESS_BEAM_HOURS_PER_YEAR);
    }

    /** The exposure: {@code --pot}, else {@code --years} at {@code --power}. */
    double pot() {
        return pot != null ? pot : years * potPerYear();
    }

    /** Whether the command line named an exposure of its own. */
    boolean exposureGiven() {
        return pot != null;
    }

    DetectorConfig detectorConfig() {
        DetectorConfig base;
        try {
            if (target != null) {
                if (detector != null) {
                    throw new CommandException("give --detector or --target, not both");
                }
                try {
                    base = Targets.detector(target);
                } catch (IllegalArgumentException e) {
                    throw new CommandException("unknown --target '" + target + "'; use " + String.join(", ", Targets.NAMES), e);
                }
            } else {
                base = ConfigLoader.detector(detector != null ? detector : "csi-cryogenic");
            }
        } catch (ConfigException e) {
            throw new CommandException(e.getMessage(), e);
        }
        return base.withExposure(massKg != null ? massKg : base.massKg(), distanceM != null ? distanceM : base.distanceM(),
                thresholdKeVnr != null ? thresholdKeVnr : base.thresholdKeVnr());
    }

    /** Whether anything of the detector was named (a stored run brings its own). */
    boolean detectorGiven() {
        return detector != null || target != null || massKg != null || distanceM != null || thresholdKeVnr != null;
    }
}
