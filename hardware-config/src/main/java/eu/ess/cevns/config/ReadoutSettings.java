package eu.ess.cevns.config;

/**
 * How the server reads readout packets (site file {@code readout:}).
 *
 * @param maxPrevPulseAgeMs     how far a readout header's previous pulse time may lie before its pulse time
 * @param resyncWindow          the largest step, in packets, between consecutive sequence numbers of one
 *                              (source, output queue) that is still read as lost packets (forward) or a late
 *                              packet (back); a larger step, or a restart at 0, is a resync: counted, and
 *                              the tracking follows the new numbers without counting a loss
 * @param clockToleranceS       how far a packet's pulse time or a readout's time may lie from the server's
 *                              clock, either way, before the packet is rejected ({@code time})
 * @param udpThreads            UDP receive threads, each with its own socket on the readout port
 *                              ({@code SO_REUSEPORT}: the kernel spreads the senders' flows over them)
 * @param udpReceiveBufferBytes the kernel receive buffer asked for on each UDP socket; the kernel grants at most
 *                              {@code net.core.rmem_max}, and less is warned about and alarmed
 */
public record ReadoutSettings(double maxPrevPulseAgeMs, long resyncWindow, double clockToleranceS, int udpThreads,
                              long udpReceiveBufferBytes) {
    /** Receive threads when the site file says nothing: one per core of a small server, and two flows' worth of slack. */
    public static final int DEFAULT_UDP_THREADS = 2;
    /** The largest number of receive threads a site may ask for. */
    public static final int MAX_UDP_THREADS = 64;
    /**
     * 32 MiB: at 14 Hz a digitizer sends its pulse's data in bursts, and 32 MiB holds about 3 600
     * jumbo datagrams (about 80 ms at 400 MB/s) while a receive thread waits for a CPU.
     */
    public static final long DEFAULT_UDP_RECEIVE_BUFFER_BYTES = 32L << 20;
    /** The smallest receive buffer a site file may ask for (the kernel's own minimum is about this). */
    public static final long MIN_UDP_RECEIVE_BUFFER_BYTES = 4096;
    /** The largest: the kernel's option is a C int. */
    public static final long MAX_UDP_RECEIVE_BUFFER_BYTES = Integer.MAX_VALUE / 2;

    /** Settings with the receive defaults (threads, buffer) and the given packet limits. */
    public ReadoutSettings(double maxPrevPulseAgeMs, long resyncWindow, double clockToleranceS) {
        this(maxPrevPulseAgeMs, resyncWindow, clockToleranceS, DEFAULT_UDP_THREADS, DEFAULT_UDP_RECEIVE_BUFFER_BYTES);
    }

    /** These settings with another number of UDP receive threads and receive buffer. */
    public ReadoutSettings withUdp(int threads, long receiveBufferBytes) {
        return new ReadoutSettings(maxPrevPulseAgeMs, resyncWindow, clockToleranceS, threads, receiveBufferBytes);
    }
}
