package eu.ess.cevns.daq.readout;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the readout has seen, written by the I/O threads without allocation (striped adders) and
 * read by status, metrics and tests through {@link #snapshot()}.
 */
public final class ReadoutCounters {
    final LongAdder packets = new LongAdder();
    final LongAdder heartbeats = new LongAdder();
    final LongAdder waveforms = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final LongAdder lostPackets = new LongAdder();
    final LongAdder reordered = new LongAdder();
    final LongAdder resyncs = new LongAdder();
    final LongAdder tcpConnections = new LongAdder();
    final LongAdder tcpClosedGarbage = new LongAdder();
    final LongAdder tcpSkippedBytes = new LongAdder();
    final LongAdder tcpPartialPackets = new LongAdder();
    private final LongAdder[] rejected = new LongAdder[RejectReason.all().length];

    public ReadoutCounters() {
        for (int i = 0; i < rejected.length; i++) {
            rejected[i] = new LongAdder();
        }
    }

    void reject(RejectReason reason) {
        rejected[reason.ordinal()].increment();
    }

    /** A consistent-enough copy of every counter (each read once; they may move between reads), without per-run losses. */
    public Snapshot snapshot() {
        return snapshot(ReadoutLoss.NONE);
    }

    /** The counters with {@code run}, the sequence tracker's counts since the last run change. */
    public Snapshot snapshot(ReadoutLoss run) {
        return snapshot(run, UdpStatus.NONE);
    }

    /** The counters with the current stretch's sequence counts and the UDP receive path's state (kernel drops). */
    public Snapshot snapshot(ReadoutLoss run, UdpStatus udp) {
        Map<RejectReason, Long> r = new EnumMap<>(RejectReason.class);
        long total = 0;
        for (RejectReason reason : RejectReason.all()) {
            long n = rejected[reason.ordinal()].sum();
            r.put(reason, n);
            total += n;
        }
        return new Snapshot(packets.sum(), heartbeats.sum(), waveforms.sum(), bytes.sum(), lostPackets.sum(),
                reordered.sum(), resyncs.sum(), total, Map.copyOf(r), tcpConnections.sum(), tcpClosedGarbage.sum(),
                tcpSkippedBytes.sum(), tcpPartialPackets.sum(), run, udp);
    }

    /**
     * Counter values at one moment, since the server started. {@code packets} counts accepted packets
     * including heartbeats; {@code bytes} their bytes; {@code lostPackets}, {@code reordered} and
     * {@code resyncs} what the sequence numbers showed ({@link SequenceTracker});
     * {@code tcpSkippedBytes} the bytes of TCP streams not taken as an accepted packet (rejected
     * packets, garbage between packets, a packet cut off at close: every byte received is either in
     * {@code bytes} or here); {@code tcpPartialPackets} packets cut off by their peer closing (each
     * also rejected as {@code size}); {@code run} the sequence counts since the last run change, per
     * source; {@code udp} the UDP receive path: threads, receive buffer, the kernel's drops.
     */
    public record Snapshot(long packets, long heartbeats, long waveforms, long bytes, long lostPackets, long reordered,
                           long resyncs, long rejectedTotal, Map<RejectReason, Long> rejected, long tcpConnections,
                           long tcpClosedGarbage, long tcpSkippedBytes, long tcpPartialPackets, ReadoutLoss run, UdpStatus udp) {
        /** Counters without the UDP receive path's state. */
        public Snapshot(long packets, long heartbeats, long waveforms, long bytes, long lostPackets, long reordered, long resyncs,
                        long rejectedTotal, Map<RejectReason, Long> rejected, long tcpConnections, long tcpClosedGarbage,
                        long tcpSkippedBytes, long tcpPartialPackets, ReadoutLoss run) {
            this(packets, heartbeats, waveforms, bytes, lostPackets, reordered, resyncs, rejectedTotal, rejected, tcpConnections,
                    tcpClosedGarbage, tcpSkippedBytes, tcpPartialPackets, run, UdpStatus.NONE);
        }

        public long rejected(RejectReason reason) {
            return rejected.get(reason);
        }

        /** Datagrams the kernel dropped at the readout's UDP sockets since they opened, -1 unknown. */
        public long kernelDrops() {
            return udp.kernelDrops();
        }
    }
}
