package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.daq.timing.BeamState;

/**
 * What an accepted event counts as, from its pulse's beam state and its time since T0 against the
 * windows in force: the on window of an ON pulse (signal + background), the off window of an ON
 * pulse (background), the on window of an OFF pulse (beam-off background), outside every window
 * its pulse counts in, or a pulse of unknown beam state (counted apart, whatever its time). A
 * window is [start, end); where the on and off windows overlap, the on window wins.
 */
public enum EventClass {
    ON_WINDOW(1),
    OFF_WINDOW(2),
    BEAM_OFF_WINDOW(3),
    OUTSIDE(0),
    UNKNOWN_BEAM(0);

    private final int exportCode;

    EventClass(int exportCode) {
        this.exportCode = exportCode;
    }

    /** The export's {@code window} column: 1 on, 2 off, 3 beam-off sample, 0 none (outside, or an UNKNOWN pulse). */
    int exportCode() {
        return exportCode;
    }

    /** @param beamState the pulse's stored beam state code ({@link BeamState#code()}) */
    static EventClass of(int beamState, double timeSinceT0Us, BeamWindows w) {
        boolean inOn = timeSinceT0Us >= w.onStartUs() && timeSinceT0Us < w.onEndUs();
        return switch (BeamState.of(beamState)) {
            case ON -> inOn ? ON_WINDOW : timeSinceT0Us >= w.offStartUs() && timeSinceT0Us < w.offEndUs() ? OFF_WINDOW : OUTSIDE;
            case OFF -> inOn ? BEAM_OFF_WINDOW : OUTSIDE;
            case UNKNOWN -> UNKNOWN_BEAM;
        };
    }
}
