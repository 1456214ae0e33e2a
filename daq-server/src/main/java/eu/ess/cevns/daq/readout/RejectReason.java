package eu.ess.cevns.daq.readout;

/**
 * Why a packet was dropped (DESIGN §3). {@link #key()} is the name used in
 * {@code readout.rejected.<reason>} of {@code /api/status} and in metrics.
 */
public enum RejectReason {
    /** first byte (padding) is not 0 */
    PAD("pad"),
    /** header version is neither 0 nor 1 */
    VERSION("version"),
    /** bytes 2–4 are not ASCII "ESS" */
    COOKIE("cookie"),
    /**
     * total length disagrees with the bytes received, or is shorter than the header; a UDP datagram
     * longer than 8972 bytes; a TCP packet cut off by its peer closing the connection
     */
    SIZE("size"),
    /** detector type is not ours (0x70) */
    TYPE("type"),
    /** output queue ≥ 24 */
    OUTPUT_QUEUE("outputQueue"),
    /** a pulse-time tick field above 88 052 499 */
    TIME_FRAC("timeFrac"),
    /** previous pulse time after the pulse time, or further before it than allowed */
    TIME_HIGH("timeHigh"),
    /** a data block header is short, or its length runs past the packet or cannot hold a readout */
    BLOCK("block"),
    /** sample count disagrees with the bytes of the block, or the readout's own fields are bad */
    SAMPLES("samples"),
    /** (fiber, FEN, channel) is not an enabled channel of the configured detector */
    CHANNEL("channel"),
    /**
     * a readout earlier than both the pulse time and the previous pulse time, or a pulse or readout
     * time further from the server's clock than {@code readout.clockToleranceS}
     */
    TIME("time");

    private static final RejectReason[] VALUES = values();
    private final String key;

    RejectReason(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** All reasons, shared so callers do not copy {@code values()} on a hot path. */
    public static RejectReason[] all() {
        return VALUES;
    }
}
