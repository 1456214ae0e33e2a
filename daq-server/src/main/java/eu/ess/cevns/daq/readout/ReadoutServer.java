package eu.ess.cevns.daq.readout;

import eu.ess.cevns.config.ChannelMap;
import eu.ess.cevns.config.ReadoutSettings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The readout listeners: UDP sockets sharing one port, one receive thread each ({@link UdpReceivers}),
 * and one TCP server socket, on Netty's native epoll transport where available. Every UDP datagram
 * and every TCP-framed packet goes through a {@link ReadoutDecoder} to the {@link WaveformSink}.
 * Counters are shared; decoders are per socket or connection, so each is used by one thread only.
 */
public final class ReadoutServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadoutServer.class);
    /** Garbage a TCP peer may send before it is closed: one maximal packet's worth. */
    private static final int MAX_TCP_GARBAGE = 65_536;

    private final ChannelMap channels;
    private final TimeLimits times;
    private final ReadoutCounters counters;
    private final SequenceTracker sequences;
    private final WaveformSink sink;
    private final Transport transport = Transport.best();
    private final UdpReceivers udp;
    private final EventLoopGroup tcpBoss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("readout-tcp-accept"),
            transport.ioHandlerFactory());
    private final EventLoopGroup tcpWorkers = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("readout-tcp"),
            transport.ioHandlerFactory());
    private Channel tcp;

    /**
     * With the default UDP receive threads and buffer.
     *
     * @param sequences counts loss from sequence numbers; its owner restarts it at each run change
     */
    public ReadoutServer(ChannelMap channels, TimeLimits times, ReadoutCounters counters, SequenceTracker sequences,
                         WaveformSink sink) {
        this(channels, times, counters, sequences, sink, ReadoutSettings.DEFAULT_UDP_THREADS,
                ReadoutSettings.DEFAULT_UDP_RECEIVE_BUFFER_BYTES);
    }

    /**
     * @param udpThreads            UDP receive threads (sockets sharing the port)
     * @param udpReceiveBufferBytes the kernel receive buffer to ask for per UDP socket
     */
    public ReadoutServer(ChannelMap channels, TimeLimits times, ReadoutCounters counters, SequenceTracker sequences,
                         WaveformSink sink, int udpThreads, long udpReceiveBufferBytes) {
        this.channels = channels;
        this.times = times;
        this.counters = counters;
        this.sequences = sequences;
        this.sink = sink;
        this.udp = new UdpReceivers(transport, udpThreads, udpReceiveBufferBytes);
    }

    private ReadoutDecoder newDecoder() {
        return new ReadoutDecoder(channels, times, counters, sequences, sink);
    }

    /** Binds both listeners; a port of 0 takes a free one (see {@link #udpPort()}, {@link #tcpPort()}). */
    public ReadoutServer start(String bindAddress, int udpPort, int tcpPort) throws InterruptedException, IOException {
        udp.bind(bindAddress, udpPort, this::newDecoder);
        // the sequence counts of each stretch of readout carry the kernel's drops of the same stretch
        sequences.countKernelDrops(udp.kernel());
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
        UdpStatus u = udp.status();
        LOG.info("readout listening on udp {} ({} receive thread(s), receive buffer {} bytes each) and tcp {} ({} transport)",
                udp.channels().get(0).localAddress(), u.threads(), u.bufferGrantedBytes(), tcp.localAddress(), transport);
        return this;
    }

    public int udpPort() {
        return udp.port();
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

    /** The UDP receive path now: threads, receive buffer, kernel drops (read at most once a second). */
    public UdpStatus udpStatus() {
        return udp.status();
    }

    /** Stops listening; packets already read are decoded before the I/O threads end. */
    @Override
    public void close() {
        udp.close();
        if (tcp != null) {
            tcp.close().syncUninterruptibly();
        }
        tcpWorkers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        tcpBoss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
