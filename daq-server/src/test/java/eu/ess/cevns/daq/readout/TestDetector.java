package eu.ess.cevns.daq.readout;

import eu.ess.cevns.config.Calibration;
import eu.ess.cevns.config.ChannelConfig;
import eu.ess.cevns.config.ChannelMap;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.config.Nucleus;
import eu.ess.cevns.config.PulseShape;
import eu.ess.cevns.config.Quenching;

import java.util.ArrayList;
import java.util.List;

/** A small detector for readout tests: fiber 0 / FEN 0 channels 0..3 (ids 0..3), fiber 2 / FEN 5 channel 7 (id 10). */
final class TestDetector {
    private TestDetector() {
    }

    static DetectorConfig detector() {
        List<ChannelConfig> a = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            a.add(new ChannelConfig(i, i, true, 1.0, new Calibration(0.01, 0)));
        }
        a.add(new ChannelConfig(4, 4, false, 1.0, new Calibration(0.01, 0)));
        List<ChannelConfig> b = List.of(new ChannelConfig(10, 7, true, 1.0, new Calibration(0.01, 0)));
        return new DetectorConfig("test", "", "test", List.of(new Nucleus("Cs133", 55, 133, 132.9, 1.0)), 1, 20, 1,
                new Quenching(Quenching.Model.CONSTANT, 0, 0.1, List.of()), new PulseShape(10, 100, 1000, 2),
                List.of(new DigitizerConfig("a", 0, 0, 100, 14, 64, 16, a), new DigitizerConfig("b", 2, 5, 100, 14, 64, 16, b)),
                eu.ess.cevns.config.Processing.DEFAULT, eu.ess.cevns.config.Resolution.NONE);
    }

    static ChannelMap channels() {
        return new ChannelMap(detector());
    }
}
