package eu.ess.cevns.analysis.pulse;

import com.sun.management.ThreadMXBean;
import eu.ess.cevns.analysis.calib.EnergyScale;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.daq.readout.Waveform;
import eu.ess.cevns.sim.WaveformSynth;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Pulse processing and calibration on pulses drawn by the simulated digitizers. */
class PulseProcessorTest {
    static final DetectorConfig CSI = ConfigLoader.shippedDetector("csi-cryogenic");
    static final DigitizerConfig DIG = CSI.digitizers().get(0);

    static final class Record implements PulseProcessor.Samples {
        final short[] s = new short[DIG.recordLength()];
        int flags;

        @Override
        public int count() {
            return s.length;
        }

        @Override
        public int preTrigger() {
            return DIG.preTrigger();
        }

        @Override
        public int flags() {
            return flags;
        }

        @Override
        public short sample(int i) {
            return s[i];
        }
    }

    final PulseProcessor cfd = new PulseProcessor(PulseProcessor.TriggerMethod.CONSTANT_FRACTION, 0.2, 10, 500,
            DIG.samplingRateMHz(), DIG.adcBits());

    @Test
    void baselineAmplitudeTriggerAndShapeOfASimulatedPulse() {
        WaveformSynth synth = new WaveformSynth(CSI.pulseShape(), DIG, new SplittableRandom(5));
        Record r = new Record();
        r.flags = synth.fill(800, r.s);
        PulseFeatures f = new PulseFeatures();
        cfd.process(r, f);
        assertEquals(CSI.pulseShape().baselineAdc(), f.baselineAdc, 1.0);
        assertEquals(CSI.pulseShape().noiseRmsAdc(), f.baselineRmsAdc, 0.5);
        assertEquals(800, f.amplitudeAdc, 15);
        assertTrue(f.triggerOffsetNs >= 0 && f.triggerOffsetNs < 3 * CSI.pulseShape().riseNs(),
                "the 20 % crossing lies within the rise: " + f.triggerOffsetNs + " ns");
        // CsI pulse: 20 ns rise, 1 µs decay, 8 µs record: most of the light comes after 500 ns
        double expectedTail = Math.exp(-500 / CSI.pulseShape().decayNs());
        assertEquals(expectedTail, f.tailFraction, 0.1);
        assertFalse(f.pileUp);
        assertFalse(f.saturated);

        EnergyScale scale = new EnergyScale(CSI);
        double ee = scale.keVee(0, f.amplitudeAdc);
        assertEquals(8.0, ee, 0.15, "0.01 keVee per ADC count (csi-cryogenic channel 0)");
        assertEquals(100, scale.keVnr(ee), 2, "constant quenching 0.08: 8 keVee is 100 keVnr");
        assertTrue(Double.isNaN(scale.keVee(99, 100)), "unknown channel");
    }

    @Test
    void saturationAndPileUpAreFound() {
        WaveformSynth synth = new WaveformSynth(CSI.pulseShape(), DIG, new SplittableRandom(6));
        Record r = new Record();
        r.flags = synth.fill(1e6, r.s);
        PulseFeatures f = new PulseFeatures();
        cfd.process(r, f);
        assertTrue(f.saturated);
        r.flags = synth.fill(500, r.s);
        // a second pulse late in the record, after the first has decayed
        short[] second = new short[r.s.length];
        new WaveformSynth(CSI.pulseShape(), DIG, new SplittableRandom(7)).fill(600, second);
        int shift = 700;
        for (int i = shift; i < r.s.length; i++) {
            r.s[i] += (short) (second[i - shift + DIG.preTrigger() - DIG.preTrigger() / 2] - CSI.pulseShape().baselineAdc());
        }
        cfd.process(r, f);
        assertTrue(f.pileUp, "a second pulse after the first decayed");
        r.flags = Waveform.FLAG_PILE_UP;
        synth.fill(500, r.s);
        cfd.process(r, f);
        assertTrue(f.pileUp, "flagged by the digitizer");
    }

    @Test
    void noiseOnSmallPulsesIsNotTakenForPileUp() {
        // regression: a pulse of 10σ of noise once gave 66 % false pile-up with a sample-by-sample scan
        WaveformSynth synth = new WaveformSynth(CSI.pulseShape(), DIG, new SplittableRandom(9));
        Record r = new Record();
        PulseFeatures f = new PulseFeatures();
        int flagged = 0;
        int tried = 0;
        for (double amp : new double[] {0, 5, 10, 20, 30, 40, 60, 100, 200, 500, 2000}) {
            for (int i = 0; i < 200; i++) {
                r.flags = synth.fill(amp, r.s);
                cfd.process(r, f);
                tried++;
                if (f.pileUp) {
                    flagged++;
                }
            }
        }
        assertTrue(flagged <= tried / 1000, "single pulses flagged as pile-up: " + flagged + " of " + tried);
    }

    @Test
    void processingAllocatesNothing() {
        Record r = new Record();
        new WaveformSynth(CSI.pulseShape(), DIG, new SplittableRandom(8)).fill(300, r.s);
        PulseFeatures f = new PulseFeatures();
        EnergyScale scale = new EnergyScale(CSI);
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        double sink = 0;
        for (int i = 0; i < 20_000; i++) {
            cfd.process(r, f);
            sink += scale.keVnr(scale.keVee(i & 15, f.amplitudeAdc));
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            cfd.process(r, f);
            sink += scale.keVnr(scale.keVee(i & 15, f.amplitudeAdc));
        }
        assertEquals(0, (mx.getCurrentThreadAllocatedBytes() - before) / 100_000, "bytes per waveform");
        assertTrue(sink > 0);
    }
}
