package eu.ess.cevns.config;

import java.util.List;

/**
 * A detector as a detector file describes it: target, exposure geometry (mass, distance to the
 * ESS target), analysis threshold, quenching, signal shape and the digitizers that read it out.
 * {@code source} is the file it was loaded from (or the shipped resource name).
 */
public record DetectorConfig(String name, String description, String source,
                             List<Nucleus> target, double massKg, double distanceM, double thresholdKeVnr,
                             Quenching quenching, PulseShape pulseShape, List<DigitizerConfig> digitizers,
                             Processing processing, Resolution resolution) {

    /** The same detector with other exposure geometry and threshold (what-if calculations). */
    public DetectorConfig withExposure(double mass, double distance, double threshold) {
        return new DetectorConfig(name, description, source, target, mass, distance, threshold, quenching, pulseShape,
                digitizers, processing, resolution);
    }
}
