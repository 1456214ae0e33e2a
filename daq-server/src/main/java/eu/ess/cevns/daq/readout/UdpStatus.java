package eu.ess.cevns.daq.readout;

import java.util.List;

/**
 * The readout's UDP receive path as the kernel and the receive threads see it: how many sockets
 * share the port (one receive thread each), the receive buffer the site asked for and what the
 * kernel granted, the datagrams the kernel dropped at these sockets because their buffer was full
 * (loss no sequence number shows when a whole burst goes), and the host's UDP receive-buffer
 * errors of all programs for comparison. Counts are since the sockets opened (the server's start);
 * -1 where the platform does not tell.
 *
 * @param threads             receive sockets, each read by its own thread
 * @param bufferAskedBytes    the receive buffer asked for per socket (site {@code readout.udpReceiveBufferBytes})
 * @param bufferGrantedBytes  the smallest the kernel granted to any of them, in the same units (Linux reports
 *                            twice the usable size and caps it at {@code net.core.rmem_max}; this is the usable size)
 * @param kernelDrops         datagrams the kernel dropped at these sockets ({@code /proc/net/udp}, {@code /proc/net/udp6})
 * @param hostRcvbufErrors    {@code RcvbufErrors} of {@code /proc/net/snmp}: every UDP socket of the host
 * @param sockets             each socket's datagrams read and kernel drops
 */
public record UdpStatus(int threads, long bufferAskedBytes, long bufferGrantedBytes, long kernelDrops, long hostRcvbufErrors,
                        List<Socket> sockets) {
    /** Before the sockets are open. */
    public static final UdpStatus NONE = new UdpStatus(0, 0, 0, -1, -1, List.of());

    public UdpStatus {
        sockets = List.copyOf(sockets);
    }

    /** Whether the kernel granted less receive buffer than the site asked for. */
    public boolean bufferShort() {
        return threads > 0 && bufferGrantedBytes < bufferAskedBytes;
    }

    /** One receive socket: datagrams its thread read, datagrams the kernel dropped at it (-1 unknown). */
    public record Socket(long datagrams, long kernelDrops) {
    }
}
