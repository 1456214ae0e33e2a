package eu.ess.cevns.daq.readout;

/**
 * Offsets and constants of the ESS readout header and of the CEvNS waveform payload (DESIGN §3),
 * little-endian throughout. Shared by the decoder, the simulated digitizers and the docs.
 */
public final class ReadoutHeader {
    public static final int PAD = 0;
    public static final int VERSION = 1;
    public static final int COOKIE = 2;
    public static final int TYPE = 5;
    public static final int TOTAL_LENGTH = 6;
    public static final int OUTPUT_QUEUE = 8;
    public static final int TIME_SOURCE = 9;
    public static final int PULSE_HIGH = 10;
    public static final int PULSE_LOW = 14;
    public static final int PREV_PULSE_HIGH = 18;
    public static final int PREV_PULSE_LOW = 22;
    public static final int SEQUENCE = 26;
    /** Header bytes in version 0. */
    public static final int SIZE_V0 = 30;
    /** Header bytes in version 1 (two bytes of CMAC padding after the sequence number). */
    public static final int SIZE_V1 = 32;
    /** Bytes 2..5 read as one little-endian u32: "ESS" and the CEvNS type 0x70. */
    public static final int COOKIE_AND_TYPE = 0x70_53_53_45;
    /** Bytes 2..4 ("ESS") as a little-endian 24-bit value. */
    public static final int COOKIE_ESS = 0x53_53_45;
    /** Detector type of CEvNS waveform readouts (not used by ESS instruments). */
    public static final int TYPE_CEVNS = 0x70;
    /** Output queues the ESS readout defines (0..23). */
    public static final int OUTPUT_QUEUES = 24;
    /** Largest UDP payload: a jumbo frame's 9000-byte MTU less IP and UDP headers. */
    public static final int MAX_UDP_PACKET = 8972;
    /** Largest packet: the total-length field is a u16. */
    public static final int MAX_PACKET = 65535;

    /** Data block header: fiber u8, fen u8, length u16 (including these 4 bytes). */
    public static final int BLOCK_HEADER = 4;
    /** Waveform readout header: time high u32, time low u32, channel u16, flags u8, sample bits u8, pre-trigger u16, sample count u16. */
    public static final int READOUT_HEADER = 16;
    /** Flag bits the format defines (pile-up, saturated, truncated). */
    public static final int KNOWN_FLAGS = 0x07;

    private ReadoutHeader() {
    }

    /** Header size for a version, or -1 for a version the format does not have. */
    public static int size(int version) {
        return version == 0 ? SIZE_V0 : version == 1 ? SIZE_V1 : -1;
    }
}
