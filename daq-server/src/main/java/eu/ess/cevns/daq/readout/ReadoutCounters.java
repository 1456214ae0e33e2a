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
    final LongAdder tcpConnections = new LongAdder();
    final LongAdder tcpClosedGarbage = new LongAdder();
    final LongAdder tcpSkippedBytes = new LongAdder();
    private final LongAdder[] rejected = new LongAdder[RejectReason.all().length];

    public ReadoutCounters() {
        for (int i = 0; i < rejected.length; i++) {
            rejected[i] = new LongAdder();
        }
    }

    void reject(RejectReason reason) {
        rejected[reason.ordinal()].increment();
    }

    /** A consistent-enough copy of every counter (each read once; they may move between reads). */
    public Snapshot snapshot() {
        Map<RejectReason, Long> r = new EnumMap<>(RejectReason.class);
        long total = 0;
        for (RejectReason reason : RejectReason.all()) {
            long n = rejected[reason.ordinal()].sum();
            r.put(reason, n);
            total += n;
        }
        return new Snapshot(packets.sum(), heartbeats.sum(), waveforms.sum(), bytes.sum(), lostPackets.sum(),
                reordered.sum(), total, Map.copyOf(r), tcpConnections.sum(), tcpClosedGarbage.sum(), tcpSkippedBytes.sum());
    }

    /**
     * Counter values at one moment. {@code packets} counts accepted packets including heartbeats;
     * {@code bytes} their bytes; {@code tcpSkippedBytes} the garbage bytes skipped while
     * resynchronising TCP streams.
     */
    public record Snapshot(long packets, long heartbeats, long waveforms, long bytes, long lostPackets, long reordered,
                           long rejectedTotal, Map<RejectReason, Long> rejected, long tcpConnections,
                           long tcpClosedGarbage, long tcpSkippedBytes) {
        public long rejected(RejectReason reason) {
            return rejected.get(reason);
        }
    }
}
