package eu.ess.cevns.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A detector as a detector file describes it: target, exposure geometry (mass, distance to the
 * ESS target), analysis threshold, quenching, signal shape and the digitizers that read it out,
 * its beam-related neutron background and the systematic uncertainties of its prediction (both
 * {@code NONE} when the file, or a run recorded before they existed, gives none).
 * {@code source} is the file it was loaded from (or the shipped resource name).
 */
public record DetectorConfig(String name, String description, String source,
                             List<Nucleus> target, double massKg, double distanceM, double thresholdKeVnr,
                             Quenching quenching, PulseShape pulseShape, List<DigitizerConfig> digitizers,
                             Processing processing, Resolution resolution, BeamNeutrons beamNeutrons, Systematics systematics) {

    public DetectorConfig {
        beamNeutrons = beamNeutrons == null ? BeamNeutrons.NONE : beamNeutrons;
        systematics = systematics == null ? Systematics.NONE : systematics;
    }

    /** A detector without beam-related neutrons or systematics. */
    public DetectorConfig(String name, String description, String source, List<Nucleus> target, double massKg, double distanceM,
                          double thresholdKeVnr, Quenching quenching, PulseShape pulseShape, List<DigitizerConfig> digitizers,
                          Processing processing, Resolution resolution) {
        this(name, description, source, target, massKg, distanceM, thresholdKeVnr, quenching, pulseShape, digitizers, processing,
                resolution, BeamNeutrons.NONE, Systematics.NONE);
    }

    /** The same detector with other exposure geometry and threshold (what-if calculations). */
    public DetectorConfig withExposure(double mass, double distance, double threshold) {
        return new DetectorConfig(name, description, source, target, mass, distance, threshold, quenching, pulseShape,
                digitizers, processing, resolution, beamNeutrons, systematics);
    }

    /** The same detector with another beam-related neutron description. */
    /** The same detector with each channel's threshold from {@code thresholdsKeVnr} (channels it lacks keep theirs). */
    public DetectorConfig withThresholds(Map<Integer, Double> thresholdsKeVnr) {
        List<DigitizerConfig> ds = new ArrayList<>();
        for (DigitizerConfig d : digitizers) {
            List<ChannelConfig> cs = new ArrayList<>();
            for (ChannelConfig c : d.channels()) {
                cs.add(new ChannelConfig(c.id(), c.channel(), c.enabled(), thresholdsKeVnr.getOrDefault(c.id(), c.thresholdKeVnr()),
                        c.calibration()));
            }
            ds.add(new DigitizerConfig(d.name(), d.fiber(), d.fen(), d.samplingRateMHz(), d.adcBits(), d.recordLength(),
                    d.preTrigger(), List.copyOf(cs)));
        }
        return new DetectorConfig(name, description, source, target, massKg, distanceM, thresholdKeVnr, quenching, pulseShape,
                List.copyOf(ds), processing, resolution, beamNeutrons, systematics);
    }

    public DetectorConfig withBeamNeutrons(BeamNeutrons b) {
        return new DetectorConfig(name, description, source, target, massKg, distanceM, thresholdKeVnr, quenching, pulseShape,
                digitizers, processing, resolution, b, systematics);
    }

    /** The same detector with other systematic uncertainties. */
    public DetectorConfig withSystematics(Systematics s) {
        return new DetectorConfig(name, description, source, target, massKg, distanceM, thresholdKeVnr, quenching, pulseShape,
                digitizers, processing, resolution, beamNeutrons, s);
    }
}
