package eu.ess.cevns.daq.readout;

import eu.ess.cevns.config.ChannelMap;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The readout listeners: one UDP socket and one TCP server socket, on Netty's native epoll
 * transport where available. Every UDP datagram and every TCP-framed packet goes through a
 * {@link ReadoutDecoder} to the {@link WaveformSink}. Counters are shared; decoders are per
 * channel, so each is used by one thread only.
 */
public final class ReadoutServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadoutServer.class);
    /**
     * Kernel receive buffer asked for on the UDP socket: at 14 Hz a digitizer sends its pulse's data
     * in bursts, and 32 MiB holds ~3600 jumbo datagrams while the I/O thread catches up. The kernel
     * caps it at net.core.rmem_max; the granted size is logged.
     */
    private static final int UDP_RECEIVE_BUFFER = 32 << 20;
    /**
     * Receive slot per datagram: one byte more than the largest legal datagram, so that a longer one,
     * which the kernel cuts to the slot, is still seen to be too long and rejected as {@code size}.
     */
    private static final int UDP_DATAGRAM_BYTES = ReadoutHeader.MAX_UDP_PACKET + 1;
    /** Datagrams taken per receive system call on epoll (recvmmsg). */
    private static final int UDP_DATAGRAMS_PER_READ = 16;
    /** Garbage a TCP peer may send before it is closed: one maximal packet's worth. */
    private static final int MAX_TCP_GARBAGE = 65_536;

    private final ChannelMap channels;
    private final TimeLimits times;
    private final ReadoutCounters counters;
    private final SequenceTracker sequences;
    private final WaveformSink sink;
    private final Transport transport = Transport.best();
    private final EventLoopGroup udpGroup = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
    private final EventLoopGroup tcpBoss = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
    private final EventLoopGroup tcpWorkers = new MultiThreadIoEventLoopGroup(2, transport.ioHandlerFactory());
    private Channel udp;
    private Channel tcp;

    /** @param sequences counts loss from sequence numbers; its owner restarts it at each run change */
    public ReadoutServer(ChannelMap channels, TimeLimits times, ReadoutCounters counters, SequenceTracker sequences,
                         WaveformSink sink) {
        this.channels = channels;
        this.times = times;
        this.counters = counters;
        this.sequences = sequences;
        this.sink = sink;
    }

    private ReadoutDecoder newDecoder() {
        return new ReadoutDecoder(channels, times, counters, sequences, sink);
    }

    /** Binds both listeners; a port of 0 takes a free one (see {@link #udpPort()}, {@link #tcpPort()}). */
    public ReadoutServer start(String bindAddress, int udpPort, int tcpPort) throws InterruptedException {
        Bootstrap udpBootstrap = new Bootstrap()
                .group(udpGroup)
                .channel(transport.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, UDP_RECEIVE_BUFFER)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(UDP_DATAGRAM_BYTES * UDP_DATAGRAMS_PER_READ));
        if (transport == Transport.EPOLL) {
            // with a payload size set, epoll reads up to UDP_DATAGRAMS_PER_READ datagrams per recvmmsg call
            udpBootstrap.option(io.netty.channel.epoll.EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, UDP_DATAGRAM_BYTES);
        }
        udp = udpBootstrap.handler(new UdpReadoutHandler(newDecoder())).bind(bindAddress, udpPort).sync().channel();
        tcp = new ServerBootstrap()
                .group(tcpBoss, tcpWorkers)
                .channel(transport.serverChannel())
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.SO_RCVBUF, 4 << 20)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new TcpReadoutFramer(newDecoder(), counters, MAX_TCP_GARBAGE));
                    }
                })
                .bind(bindAddress, tcpPort).sync().channel();
        LOG.info("readout listening on udp {} and tcp {} ({} transport, UDP receive buffer {} bytes)",
                udp.localAddress(), tcp.localAddress(), transport, udp.config().getOption(ChannelOption.SO_RCVBUF));
        return this;
    }

    public int udpPort() {
        return ((InetSocketAddress) udp.localAddress()).getPort();
    }

    public int tcpPort() {
        return ((InetSocketAddress) tcp.localAddress()).getPort();
    }

    public ReadoutCounters counters() {
        return counters;
    }

    public Transport transport() {
        return transport;
    }

    /** Stops listening; packets already read are decoded before the I/O threads end. */
    @Override
    public void close() {
        if (udp != null) {
            udp.close().syncUninterruptibly();
        }
        if (tcp != null) {
            tcp.close().syncUninterruptibly();
        }
        tcpWorkers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        tcpBoss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        udpGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
