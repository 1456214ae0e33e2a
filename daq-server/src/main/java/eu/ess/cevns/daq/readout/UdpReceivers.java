package eu.ess.cevns.daq.readout;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The UDP side of the readout: {@code threads} sockets bound to one port with {@code SO_REUSEPORT},
 * each read by its own event-loop thread ({@code readout-udp-…}) through its own decoder, all
 * feeding the one store ring (whose producers claim space without locks). The kernel picks the
 * socket of each datagram by a hash of its flow (source and destination address and port), so one
 * sender's packets from one source port always reach the same socket and thread, in order: sequence
 * tracking per (source, output queue) stays right as long as a digitizer sends each output queue
 * from one port, as ESS readout front-ends do. Several senders, or one sending from several ports,
 * spread over the threads.
 * <p>
 * On Netty's epoll transport each read takes up to {@value #DATAGRAMS_PER_READ} datagrams in one
 * {@code recvmmsg} call, into slots one byte longer than the largest legal datagram (so a longer one
 * is seen cut and rejected as {@code size}). NIO has neither {@code SO_REUSEPORT} nor
 * {@code recvmmsg}: one socket, one datagram per call. Before binding, the port is probed with a
 * socket that does not share, so that a port another program holds (even with {@code SO_REUSEPORT},
 * which would otherwise let the two split the traffic silently) fails as in use.
 */
final class UdpReceivers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpReceivers.class);
    /**
     * Receive slot per datagram: one byte more than the largest legal datagram, so that a longer one,
     * which the kernel cuts to the slot, is still seen to be too long and rejected as {@code size}.
     */
    static final int DATAGRAM_SLOT_BYTES = ReadoutHeader.MAX_UDP_PACKET + 1;
    /** Datagrams taken per receive system call on epoll (recvmmsg). */
    static final int DATAGRAMS_PER_READ = 16;
    private static final Path RMEM_MAX = Path.of("/proc/sys/net/core/rmem_max");

    private final Transport transport;
    private final int threads;
    private final long bufferAskedBytes;
    private final EventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();
    private final List<UdpReadoutHandler> handlers = new ArrayList<>();
    private long bufferGrantedBytes;
    private KernelUdpDrops kernel = new KernelUdpDrops(new long[0]);

    UdpReceivers(Transport transport, int threads, long bufferAskedBytes) {
        this.transport = transport;
        if (threads > 1 && transport != Transport.EPOLL) {
            LOG.warn("readout.udpThreads is {}, but the {} transport has no SO_REUSEPORT: one UDP receive thread", threads, transport);
        }
        this.threads = transport == Transport.EPOLL ? threads : 1;
        this.bufferAskedBytes = bufferAskedBytes;
        this.group = new MultiThreadIoEventLoopGroup(this.threads, new DefaultThreadFactory("readout-udp"), transport.ioHandlerFactory());
    }

    /** Binds the sockets to {@code port} (0: a free one), each with its own decoder. */
    void bind(String address, int port, Supplier<ReadoutDecoder> decoders) throws InterruptedException, IOException {
        int p = probe(address, port);
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(transport.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, (int) bufferAskedBytes)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DATAGRAM_SLOT_BYTES * DATAGRAMS_PER_READ));
        if (transport == Transport.EPOLL) {
            // with a payload size set, epoll reads up to DATAGRAMS_PER_READ datagrams per recvmmsg call
            b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, DATAGRAM_SLOT_BYTES).option(EpollChannelOption.SO_REUSEPORT, true);
        }
        long[] inodes = new long[threads];
        long granted = Long.MAX_VALUE;
        for (int i = 0; i < threads; i++) {
            UdpReadoutHandler h = new UdpReadoutHandler(decoders.get());
            // each bind registers the new socket with the group's next event loop: one thread per socket
            Channel ch = b.handler(h).bind(address, p).sync().channel();
            channels.add(ch);
            handlers.add(h);
            granted = Math.min(granted, grantedBytes(ch.config().getOption(ChannelOption.SO_RCVBUF)));
            inodes[i] = ch instanceof EpollDatagramChannel e ? KernelUdpDrops.socketInode(e.fd().intValue()) : -1;
        }
        bufferGrantedBytes = granted;
        kernel = new KernelUdpDrops(inodes);
        if (bufferGrantedBytes < bufferAskedBytes) {
            LOG.warn("UDP receive buffer: asked for {} bytes per socket, the kernel granted {} (net.core.rmem_max is {}): a burst longer "
                            + "than that is dropped by the kernel (readout.kernelDrops). Raise the limit as root: sysctl -w net.core.rmem_max={} "
                            + "(and in /etc/sysctl.d/ to keep it), then restart the server", bufferAskedBytes, bufferGrantedBytes, rmemMax(),
                    bufferAskedBytes);
        }
    }

    /**
     * The port to bind the shared sockets to, after checking that no other socket holds it: a socket
     * that does not share binds it (or a free port for 0) and is closed again.
     */
    private static int probe(String address, int port) throws IOException {
        try (DatagramSocket s = new DatagramSocket(null)) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(address, port));
            return s.getLocalPort();
        }
    }

    /**
     * What the kernel grants, in the units it was asked in: Linux reports twice the usable buffer
     * (its bookkeeping overhead), so the usable size is half of what it reports.
     */
    private long grantedBytes(int reported) {
        return transport == Transport.EPOLL ? reported / 2L : reported;
    }

    /** {@code net.core.rmem_max}, or "unknown". */
    static String rmemMax() {
        try {
            // line by line: Files.readString trusts the size /proc reports and returns only the first byte
            List<String> lines = Files.readAllLines(RMEM_MAX);
            return lines.isEmpty() ? "unknown" : lines.get(0).strip();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    int port() {
        return ((InetSocketAddress) channels.get(0).localAddress()).getPort();
    }

    List<Channel> channels() {
        return channels;
    }

    int threads() {
        return threads;
    }

    KernelUdpDrops kernel() {
        return kernel;
    }

    /** The sockets now: datagrams read per socket, kernel drops (a reading at most a second old). */
    UdpStatus status() {
        KernelUdpDrops.Reading r = kernel.reading();
        List<UdpStatus.Socket> sockets = new ArrayList<>(handlers.size());
        for (int i = 0; i < handlers.size(); i++) {
            sockets.add(new UdpStatus.Socket(handlers.get(i).datagrams(), i < r.perSocket().length ? r.perSocket()[i] : -1));
        }
        return new UdpStatus(channels.size(), bufferAskedBytes, bufferGrantedBytes, r.total(), r.hostRcvbufErrors(), sockets);
    }

    /** Closes the sockets; datagrams already read are decoded before the threads end. */
    @Override
    public void close() {
        for (Channel ch : channels) {
            ch.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
