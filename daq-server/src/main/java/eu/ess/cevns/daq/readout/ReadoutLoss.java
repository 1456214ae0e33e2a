package eu.ess.cevns.daq.readout;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * What the sequence numbers told about one stretch of readout (a run, or the time between runs):
 * accepted packets, packets lost in gaps, late or repeated packets, and resyncs, in total and per
 * source (sender address and output queue); and the datagrams the kernel dropped at the readout's
 * UDP sockets meanwhile, which no sequence number shows when a burst goes whole (null: unknown, or a
 * {@code run.json} written before they were counted). {@code /api/status} shows the current stretch
 * under {@code readout.run}; a run's {@code run.json} keeps its own under {@code readout}.
 *
 * @param since when the counting began: the run's start, the last run's stop, or the server's start
 */
public record ReadoutLoss(Instant since, long packets, long lostPackets, long reordered, long resyncs, List<Source> sources,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Long kernelDrops) {

    /** Nothing counted: what a snapshot of counters without a tracker carries. */
    public static final ReadoutLoss NONE = new ReadoutLoss(Instant.EPOCH, 0, 0, 0, 0, List.of());

    public ReadoutLoss {
        sources = List.copyOf(sources);
    }

    /** Sequence counts without the kernel's drops (unknown). */
    public ReadoutLoss(Instant since, long packets, long lostPackets, long reordered, long resyncs, List<Source> sources) {
        this(since, packets, lostPackets, reordered, resyncs, sources, null);
    }

    /**
     * One (source, output queue): {@code source} is the sender's IPv4 address (for an IPv6 sender, a
     * hash of its address in the same dotted form).
     */
    public record Source(String source, int outputQueue, long packets, long lostPackets, long reordered, long resyncs) {
    }
}
