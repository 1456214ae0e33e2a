package eu.ess.cevns.kafka;

/**
 * One byte per event in the {@code _flags} se00 array: what the pulse processing found (bit 0
 * pile-up, bit 1 saturated) and the beam state its pulse was stored with (bits 2–3: 0 unknown,
 * 1 on, 2 off, as the store's codes), so that a consumer judges each event as the host's own
 * analysis did.
 */
public final class EventFlags {
    public static final int PILE_UP = 1;
    public static final int SATURATED = 2;
    private static final int BEAM_SHIFT = 2;

    private EventFlags() {
    }

    public static byte of(boolean pileUp, boolean saturated, int beamState) {
        return (byte) ((pileUp ? PILE_UP : 0) | (saturated ? SATURATED : 0) | (beamState & 3) << BEAM_SHIFT);
    }

    public static boolean pileUp(byte flags) {
        return (flags & PILE_UP) != 0;
    }

    public static boolean saturated(byte flags) {
        return (flags & SATURATED) != 0;
    }

    public static int beamState(byte flags) {
        return (flags >> BEAM_SHIFT) & 3;
    }
}
