package eu.ess.cevns.sim;

import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.daq.readout.EssTime;
import eu.ess.cevns.daq.readout.Waveform;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The simulator's pieces against the spec: packet bytes, the 14 Hz pulse grid, pulse shapes. */
class SimulatorPartsTest {
    static final DetectorConfig CSI = ConfigLoader.shippedDetector("csi-cryogenic");

    @Test
    void encoderWritesTheReadoutFramingOfTheSpec() {
        ReadoutPacketEncoder enc = new ReadoutPacketEncoder(8972);
        long t0 = 1_700_000_000L * EssTime.TICKS_PER_SECOND + 12_345;
        long prev = t0 - 6_289_464;
        enc.begin(1, 5, 0xFFFF_FFF0L, t0, prev);
        enc.beginBlock(3, 4);
        enc.addReadout(t0 + 100, 9, Waveform.FLAG_PILE_UP, 14, 1, new short[] {100, -200, 300}, 3);
        enc.beginBlock(6, 7);
        enc.addReadout(t0 + EssTime.TICKS_PER_SECOND, 2, 0, 12, 0, new short[] {7}, 1);
        int length = enc.finish();
        ByteBuffer b = enc.packet().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(length, b.remaining());
        assertEquals(32 + (4 + 16 + 6) + (4 + 16 + 2), length);
        assertEquals(0, b.get(0));
        assertEquals(1, b.get(1));
        assertEquals(0x70535345, b.getInt(2), "bytes 2..5 read as one LE u32 are cookie | type << 24");
        assertEquals(length, b.getShort(6) & 0xFFFF);
        assertEquals(5, b.get(8));
        assertEquals(1_700_000_000L, b.getInt(10) & 0xFFFF_FFFFL);
        assertEquals(12_345, b.getInt(14));
        assertEquals(1_699_999_999L, b.getInt(18) & 0xFFFF_FFFFL);
        assertEquals(12_345 + EssTime.TICKS_PER_SECOND - 6_289_464, b.getInt(22));
        assertEquals(0xFFFF_FFF0L, b.getInt(26) & 0xFFFF_FFFFL);
        assertEquals(0, b.getShort(30), "v1 CMAC padding");
        assertEquals(3, b.get(32));
        assertEquals(4, b.get(33));
        assertEquals(26, b.getShort(34), "block length includes its 4-byte header");
        assertEquals(1_700_000_000L, b.getInt(36) & 0xFFFF_FFFFL);
        assertEquals(12_445, b.getInt(40));
        assertEquals(9, b.getShort(44));
        assertEquals(1, b.get(46));
        assertEquals(14, b.get(47));
        assertEquals(1, b.getShort(48));
        assertEquals(3, b.getShort(50));
        assertEquals(-200, b.getShort(54));
        assertEquals(6, b.get(58));
        assertEquals(22, b.getShort(60));
        assertEquals(1_700_000_001L, b.getInt(62) & 0xFFFF_FFFFL);
    }

    @Test
    void encoderStopsWhereThePacketIsFull() {
        ReadoutPacketEncoder enc = new ReadoutPacketEncoder(8972);
        enc.begin(0, 0, 0, 1000, 0);
        enc.beginBlock(0, 0);
        int n = 0;
        while (enc.fits(1024, false)) {
            enc.addReadout(1000, 0, 0, 14, 0, new short[1024], 1024);
            n++;
        }
        assertEquals(4, n, "30 + 4 + 4 × (16 + 2048) = 8290 bytes fit in 8972, a fifth would not");
        assertTrue(enc.finish() <= 8972);
    }

    @Test
    void pulsesLieOnThe14HzGridInWholeTicks() {
        long k = PulseClock.pulseAtOrAfter(1_700_000_000_000_000_000L);
        long previous = PulseClock.pulseTicks(k - 1);
        long total = 0;
        for (int i = 0; i < 14 * 60; i++) {
            long t = PulseClock.pulseTicks(k + i);
            long period = t - previous;
            assertTrue(period == 6_289_464 || period == 6_289_465, "period " + period);
            total += period;
            previous = t;
        }
        assertEquals(60 * EssTime.TICKS_PER_SECOND, total, "14 pulses are exactly one second of ESS clock");
        assertTrue(PulseClock.ticksToNs(PulseClock.pulseTicks(k)) >= 1_700_000_000_000_000_000L);
        assertEquals(88_052, PulseClock.nsToTicks(1_000_000));
        for (int i = 0; i < 30; i++) {
            assertEquals(k + i, PulseClock.pulseNumber(PulseClock.ticksToNs(PulseClock.pulseTicks(k + i))), "pulse number round trip");
        }
    }

    @Test
    void synthesisedPulsesHaveBaselineNoisePeakAndSaturation() {
        DigitizerConfig d = CSI.digitizers().get(0);
        WaveformSynth synth = new WaveformSynth(CSI.pulseShape(), d, new SplittableRandom(9));
        short[] s = new short[d.recordLength()];
        assertEquals(0, synth.fill(500, s));
        double mean = 0;
        for (int i = 0; i < d.preTrigger(); i++) {
            mean += s[i];
        }
        mean /= d.preTrigger();
        double noise = CSI.pulseShape().noiseRmsAdc();
        assertEquals(CSI.pulseShape().baselineAdc(), mean, 4 * noise / Math.sqrt(d.preTrigger()), "baseline");
        int peakAt = 0;
        for (int i = 1; i < s.length; i++) {
            if (s[i] > s[peakAt]) {
                peakAt = i;
            }
        }
        assertTrue(peakAt > d.preTrigger(), "peak after the trigger point");
        assertEquals(CSI.pulseShape().baselineAdc() + 500, s[peakAt], 5 * noise, "peak height");
        assertEquals(Waveform.FLAG_SATURATED, synth.fill(1e6, s), "a pulse beyond the ADC range is flagged");
        assertEquals((1 << d.adcBits()) - 1, maxOf(s));

        short[] again = new short[s.length];
        new WaveformSynth(CSI.pulseShape(), d, new SplittableRandom(9)).fill(500, again);
        short[] first = new short[s.length];
        new WaveformSynth(CSI.pulseShape(), d, new SplittableRandom(9)).fill(500, first);
        assertArrayEquals(first, again, "same seed, same record");
    }

    private static int maxOf(short[] s) {
        int m = Integer.MIN_VALUE;
        for (short v : s) {
            m = Math.max(m, v);
        }
        return m;
    }
}
