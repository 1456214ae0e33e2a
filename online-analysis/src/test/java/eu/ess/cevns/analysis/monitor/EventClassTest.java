package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.daq.timing.BeamState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Beam state × window: which sample an accepted event belongs to, edges included. */
class EventClassTest {
    static final BeamWindows W = new BeamWindows(0, 2871, 63_557, 66_428);
    static final int ON = BeamState.ON.code();
    static final int OFF = BeamState.OFF.code();
    static final int UNKNOWN = BeamState.UNKNOWN.code();

    @Test
    void anOnPulseCountsItsOnAndOffWindowsEachStartIncludedEndExcluded() {
        assertEquals(EventClass.ON_WINDOW, EventClass.of(ON, 0, W));
        assertEquals(EventClass.ON_WINDOW, EventClass.of(ON, 2870.999, W));
        assertEquals(EventClass.OUTSIDE, EventClass.of(ON, 2871, W));
        assertEquals(EventClass.OUTSIDE, EventClass.of(ON, -0.001, W));
        assertEquals(EventClass.OUTSIDE, EventClass.of(ON, 63_556.9, W));
        assertEquals(EventClass.OFF_WINDOW, EventClass.of(ON, 63_557, W));
        assertEquals(EventClass.OFF_WINDOW, EventClass.of(ON, 66_427.9, W));
        assertEquals(EventClass.OUTSIDE, EventClass.of(ON, 66_428, W));
    }

    @Test
    void anOffPulseIsABackgroundSampleInTheOnWindowOnly() {
        assertEquals(EventClass.BEAM_OFF_WINDOW, EventClass.of(OFF, 100, W));
        assertEquals(EventClass.OUTSIDE, EventClass.of(OFF, 64_000, W), "the off window of a beam-off pulse is not counted");
        assertEquals(EventClass.OUTSIDE, EventClass.of(OFF, 2871, W));
    }

    @Test
    void aPulseOfUnknownStateIsCountedApartWhateverItsTime() {
        assertEquals(EventClass.UNKNOWN_BEAM, EventClass.of(UNKNOWN, 100, W));
        assertEquals(EventClass.UNKNOWN_BEAM, EventClass.of(UNKNOWN, 64_000, W));
        assertEquals(EventClass.UNKNOWN_BEAM, EventClass.of(UNKNOWN, 30_000, W));
        assertEquals(EventClass.UNKNOWN_BEAM, EventClass.of(7, 100, W), "a state code this software does not know");
    }

    @Test
    void whereTheWindowsOverlapTheOnWindowWins() {
        BeamWindows overlapping = new BeamWindows(0, 3000, 2000, 5000);
        assertEquals(EventClass.ON_WINDOW, EventClass.of(ON, 2500, overlapping));
        assertEquals(EventClass.OFF_WINDOW, EventClass.of(ON, 3000, overlapping));
    }

    @Test
    void theExportCodesAreTheOnesTheNexusFileDescribes() {
        // NexusWriter: "0 none, 1 on window of a beam pulse, 2 off window of a beam pulse, 3 on window of a beam-off pulse"
        assertEquals(1, EventClass.ON_WINDOW.exportCode());
        assertEquals(2, EventClass.OFF_WINDOW.exportCode());
        assertEquals(3, EventClass.BEAM_OFF_WINDOW.exportCode());
        assertEquals(0, EventClass.OUTSIDE.exportCode());
        assertEquals(0, EventClass.UNKNOWN_BEAM.exportCode());
    }
}
