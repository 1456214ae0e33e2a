package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.config.AlarmLimits;
import eu.ess.cevns.config.ChannelConfig;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.config.SiteConfig;

import java.nio.file.Path;
import java.util.List;

/**
 * Configurations for the analysis' unit tests: the shipped csi-cryogenic site, and the same
 * detector read out by two digitizers of different sampling rates, with a gap in the channel ids
 * and a disabled channel (the shipped detectors have one digitizer and every channel enabled).
 */
final class TestDetectors {
    private TestDetectors() {
    }

    static SiteConfig csiSite() {
        return ConfigLoader.defaultSite(Path.of("data"), "csi-cryogenic");
    }

    /**
     * csi-cryogenic's target, with digitizer "a" (125 MHz, 14 bits: ids 0-3 at 1 keVnr) and
     * digitizer "b" (250 MHz, 12 bits: id 10 at 2 keVnr, id 11 disabled at 3 keVnr).
     */
    static DetectorConfig twoDigitizers() {
        DetectorConfig csi = ConfigLoader.shippedDetector("csi-cryogenic");
        DigitizerConfig a = csi.digitizers().get(0);
        ChannelConfig ch0 = a.channels().get(0);
        List<ChannelConfig> first = a.channels().subList(0, 4);
        List<ChannelConfig> second = List.of(new ChannelConfig(10, 0, true, 2.0, ch0.calibration()),
                new ChannelConfig(11, 1, false, 3.0, ch0.calibration()));
        DigitizerConfig b = new DigitizerConfig("b", a.fiber(), a.fen() + 1, 250, 12, a.recordLength(), a.preTrigger(), second);
        return new DetectorConfig(csi.name(), csi.description(), csi.source(), csi.target(), csi.massKg(), csi.distanceM(),
                csi.thresholdKeVnr(), csi.quenching(), csi.pulseShape(),
                List.of(new DigitizerConfig("a", a.fiber(), a.fen(), 125, 14, a.recordLength(), a.preTrigger(), first), b),
                csi.processing(), csi.resolution());
    }

    /** {@code site} with another detector and alarm limits. */
    static SiteConfig site(SiteConfig s, DetectorConfig detector, AlarmLimits alarms) {
        return s.with(b -> {
            b.detector = detector;
            b.alarms = alarms;
        });
    }
}
