package eu.ess.cevns.daq.store;

/**
 * The record kinds of a run queue and their layouts. Every record starts with its kind (u8) and
 * the schema version of that kind (u8); a reader skips kinds or versions it does not know and
 * counts them, so an older reader survives a newer file. Multi-byte fields are little-endian;
 * text is a u16 byte length followed by UTF-8.
 *
 * <pre>
 * WAVEFORM v1      i32 source, u8 outputQueue, u8 fiber, u8 fen, u8 flags, u16 channel, u16 channelId,
 *                  u8 sampleBits, u8 beamState, u16 preTrigger, u32 sequence, i64 pulseT0Ns,
 *                  i64 timeSinceT0Ns, u16 sampleCount, i16 × sampleCount samples
 * PULSE v1         i64 t0Ns, f64 chargeUc, u8 beamState
 * RUN_START v1     i32 run, i64 startNs, text softwareVersion, text who, text comment, text config (u32 length)
 * RUN_STOP v1      i64 stopNs, u8 reason (0 normal, 1 aborted), i64 waveforms, i64 pulses, i64 dropped,
 *                  text who, text comment
 * CONFIG_CHANGE v1 i64 timeNs, text who, text what, text oldValue, text newValue
 * ALARM v1         i64 timeNs, u8 severity, u8 raised (1) / cleared (0), text name, text message
 * </pre>
 */
public final class RecordKind {
    public static final byte RUN_START = 1;
    public static final byte WAVEFORM = 2;
    public static final byte PULSE = 3;
    public static final byte CONFIG_CHANGE = 4;
    public static final byte ALARM = 5;
    public static final byte RUN_STOP = 6;

    /** Ring-only message (never stored): a readout packet of this pulse T0 arrived. */
    static final int PULSE_SEEN = 100;

    /** Offset of the beam-state byte in a waveform record. */
    public static final int WAVEFORM_BEAM_STATE_OFFSET = 15;
    /** Offset of the configured channel id (u16) in a waveform record. */
    public static final int WAVEFORM_CHANNEL_ID_OFFSET = 12;
    /** Offset of the pulse T0 (i64) in a waveform record. */
    public static final int WAVEFORM_PULSE_T0_OFFSET = 22;

    /** Schema version this software writes, the same for every kind so far. */
    public static final byte SCHEMA_V1 = 1;

    /** Bytes of a waveform record before its samples (kind and version included). */
    public static final int WAVEFORM_HEADER = 2 + 4 + 4 + 2 + 2 + 2 + 2 + 4 + 8 + 8 + 2;

    /** Beam state of a pulse, as stored (UNKNOWN until the EPICS timing join decides). */
    public static final byte BEAM_UNKNOWN = 0;
    public static final byte BEAM_ON = 1;
    public static final byte BEAM_OFF = 2;

    /** Run-stop reasons. */
    public static final byte STOP_NORMAL = 0;
    public static final byte STOP_ABORTED = 1;

    private RecordKind() {
    }

    /** Bytes of a waveform record with {@code samples} samples. */
    public static int waveformBytes(int samples) {
        return WAVEFORM_HEADER + 2 * samples;
    }
}
