package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.config.EssPulse;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** The histograms' binning and which event goes into which histogram. */
class EventHistogramsTest {
    static final int BINS = EventHistograms.ENERGY_BINS;

    @Test
    void energyBinsAreOneKeVnrWideAndTheLastEndsAtFifty() {
        EventHistograms h = new EventHistograms(1);
        for (double e : new double[] {0.99, 1.0, 49.99, 50.0, 120}) {
            h.add(EventClass.ON_WINDOW, 0, 100, e, 0.3);
        }
        AnalysisSummary.Histograms s = h.snapshot();
        assertEquals(1.0, EventHistograms.energyBinWidthKeVnr());
        assertEquals(1, s.energyOn()[0]);
        assertEquals(1, s.energyOn()[1]);
        assertEquals(1, s.energyOn()[49]);
        assertEquals(3, Arrays.stream(s.energyOn()).sum(), "50 keVnr and above are in no energy bin");
        assertEquals(3, Arrays.stream(s.channelEnergy()).sum());
        assertEquals(3, Arrays.stream(s.shapeVsEnergy()).sum());
        assertEquals(5, s.channelOn()[0], "the on counts per channel take every energy");
        assertEquals(5, s.timeSinceT0()[0], "so does the time histogram");
    }

    @Test
    void timeBinsSpanOnePulsePeriod() {
        EventHistograms h = new EventHistograms(1);
        double width = EssPulse.PERIOD_US / EventHistograms.TIME_BINS;
        h.add(EventClass.OUTSIDE, 0, EssPulse.PERIOD_US / 2, 5, 0);
        h.add(EventClass.OUTSIDE, 0, EssPulse.PERIOD_US - 0.001, 5, 0);
        h.add(EventClass.OUTSIDE, 0, EssPulse.PERIOD_US, 5, 0);
        h.add(EventClass.OUTSIDE, 0, -0.5 * width, 5, 0);
        h.add(EventClass.OUTSIDE, 0, -1.5 * width, 5, 0);
        long[] t = h.snapshot().timeSinceT0();
        assertEquals(width, EventHistograms.timeBinWidthUs(), 1e-12);
        assertEquals(1, t[100]);
        assertEquals(1, t[EventHistograms.TIME_BINS - 1]);
        assertEquals(1, t[0], "less than a bin before T0 truncates into the first bin");
        assertEquals(3, Arrays.stream(t).sum(), "a period or more after T0, or a bin before it, is in no bin");
    }

    @Test
    void onAndOffSpectraTakeTheirWindowsOnlyWhileThePerChannelAndShapeHistogramsTakeEveryEvent() {
        EventHistograms h = new EventHistograms(3);
        h.add(EventClass.ON_WINDOW, 2, 100, 5.5, 0.05);
        h.add(EventClass.OFF_WINDOW, 2, 64_000, 7.5, 0.049);
        h.add(EventClass.BEAM_OFF_WINDOW, 1, 100, 9.5, 1.0);
        h.add(EventClass.UNKNOWN_BEAM, 1, 100, 9.5, 0.5);
        h.add(EventClass.OUTSIDE, 0, 30_000, 11.5, 0.5);
        AnalysisSummary.Histograms s = h.snapshot();
        assertEquals(1, Arrays.stream(s.energyOn()).sum());
        assertEquals(1, s.energyOn()[5]);
        assertEquals(1, Arrays.stream(s.energyOff()).sum());
        assertEquals(1, s.energyOff()[7]);
        assertArrayEquals(new long[] {0, 0, 1}, s.channelOn());
        assertEquals(3 * BINS, s.channelEnergy().length);
        assertEquals(1, s.channelEnergy()[2 * BINS + 5]);
        assertEquals(1, s.channelEnergy()[2 * BINS + 7]);
        assertEquals(2, s.channelEnergy()[BINS + 9]);
        assertEquals(1, s.channelEnergy()[11]);
        assertEquals(1, s.shapeVsEnergy()[BINS + 5], "tail fraction 0.05 is shape bin 1");
        assertEquals(1, s.shapeVsEnergy()[7], "0.049 is shape bin 0");
        assertEquals(1, s.shapeVsEnergy()[(EventHistograms.SHAPE_BINS - 1) * BINS + 9], "a tail fraction of 1 is in the last bin");
        assertEquals(1, s.shapeVsEnergy()[10 * BINS + 9]);
        assertEquals(5, Arrays.stream(s.timeSinceT0()).sum());
    }

    @Test
    void aSnapshotIsACopy() {
        EventHistograms h = new EventHistograms(1);
        h.add(EventClass.ON_WINDOW, 0, 100, 5, 0.2);
        AnalysisSummary.Histograms first = h.snapshot();
        h.add(EventClass.ON_WINDOW, 0, 100, 5, 0.2);
        assertEquals(1, first.energyOn()[5]);
        assertEquals(1, first.channelOn()[0]);
        assertEquals(2, h.snapshot().energyOn()[5]);
    }
}
