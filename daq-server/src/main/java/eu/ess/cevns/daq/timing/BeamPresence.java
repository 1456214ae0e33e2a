package eu.ess.cevns.daq.timing;

/**
 * Beam present as the ESS timing reported it from some moment on: PRESENT, ABSENT, or UNKNOWN
 * (never reported, or its PV disconnected). UNKNOWN is a value of its own because a pulse without
 * a known beam-present is UNKNOWN, never OFF.
 */
enum BeamPresence {
    PRESENT, ABSENT, UNKNOWN;

    static BeamPresence of(boolean present) {
        return present ? PRESENT : ABSENT;
    }
}
