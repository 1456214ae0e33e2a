package eu.ess.cevns.daq.timing;

/**
 * Beam state of a pulse as stored: ON (beam present and charge at least the configured minimum),
 * OFF (EPICS reported the pulse without beam), UNKNOWN (no EPICS data for it in time, or its T0 did
 * not match). The codes are the beam-state byte of the stored waveform and pulse records
 * ({@code WaveformRecord}, {@code PulseRecord} in the store).
 */
public enum BeamState {
    UNKNOWN(0), ON(1), OFF(2);

    private static final BeamState[] BY_CODE = {UNKNOWN, ON, OFF};
    private final byte code;

    BeamState(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    public static BeamState of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
    }
}
