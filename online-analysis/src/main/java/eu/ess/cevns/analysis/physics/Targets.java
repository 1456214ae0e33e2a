package eu.ess.cevns.analysis.physics;

import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.Nucleus;
import eu.ess.cevns.config.Quenching;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Target materials by chemical name ({@code CsI}, {@code NaI}, {@code Ge}, {@code Xe}, {@code Ar},
 * {@code Si}, {@code C3F8}) as detectors the rate model can use: each is the shipped detector of
 * that material, except NaI, which ships no detector file and is built here on the CsI detector's
 * mass, distance and threshold.
 */
public final class Targets {
    /** The names {@link #detector} takes, as a user writes them. */
    public static final List<String> NAMES = List.of("CsI", "NaI", "Ge", "Xe", "Ar", "Si", "C3F8");

    private static final Map<String, String> SHIPPED = Map.of("csi", "csi-cryogenic", "ge", "ge-ppc", "xe", "xe-hpgas",
            "si", "si-skipper-ccd", "ar", "ar-liquid", "c3f8", "c3f8-bubble");

    private Targets() {
    }

    /** The detector for target {@code name} (any case); IllegalArgumentException naming the choices if unknown. */
    public static DetectorConfig detector(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (key.equals("nai")) {
            DetectorConfig csi = ConfigLoader.shippedDetector("csi-cryogenic");
            // Na-23 and I-127 one each (AME2020 masses); quenching of Na recoils in NaI ≈ 0.1–0.3, so 0.15 as a middle value
            List<Nucleus> nai = List.of(new Nucleus("Na23", 11, 23, 22.989769, 0.5), new Nucleus("I127", 53, 127, 126.904472, 0.5));
            return new DetectorConfig("NaI", "NaI target", "--target NaI", nai, csi.massKg(), csi.distanceM(), csi.thresholdKeVnr(),
                    new Quenching(Quenching.Model.CONSTANT, 0, 0.15, List.of()), csi.pulseShape(), csi.digitizers(), csi.processing(),
                    csi.resolution());
        }
        String shipped = SHIPPED.get(key);
        if (shipped == null) {
            throw new IllegalArgumentException("unknown target '" + name + "'; use " + String.join(", ", NAMES));
        }
        return ConfigLoader.shippedDetector(shipped);
    }
}
