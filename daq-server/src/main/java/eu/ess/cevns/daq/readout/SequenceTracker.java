package eu.ess.cevns.daq.readout;

import org.agrona.collections.Long2ObjectHashMap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Follows the sequence number of each (source, output queue) and counts the packets missing
 * between consecutive ones as lost. Sequence numbers are u32 and wrap; the step from one number to
 * the next is taken modulo 2³², so 0xFFFFFFFF → 0 is a step of one.
 * <ul>
 * <li>A step forward of at most the resync window counts the packets in between as lost.</li>
 * <li>A number that repeats, or goes back by at most the window, is a late packet (reordered). It
 * is not subtracted from the lost count: a late packet was still a gap when it was noticed, and an
 * alarm on loss must not be undone by a duplicate.</li>
 * <li>A larger step either way, or a restart at 0 (a rebooted digitizer), is a <em>resync</em>:
 * counted, and the tracking follows the new numbers without counting any loss. So one corrupt
 * number can neither add billions of lost packets nor leave the tracker anchored where the real
 * stream never comes, calling every later packet late and hiding every later gap.</li>
 * <li>Packets that keep coming in order behind the highest number seen mean that number was the
 * odd one (corrupt, within the window): after {@value #BEHIND_IN_ORDER_TO_FOLLOW} of them the
 * tracker follows them (a resync) instead of calling the whole stream late.</li>
 * </ul>
 * Counts are kept since the server started (in {@link ReadoutCounters}) and per stretch between run
 * changes, per source ({@link #loss}); {@link #restart} starts a new stretch with fresh trackers.
 * Each stretch also carries the datagrams the kernel dropped at the UDP sockets meanwhile
 * ({@link #countKernelDrops}): loss no sequence number shows when a whole burst is dropped.
 * Shared by all readout threads (a digitizer may reconnect on another TCP connection), hence the
 * lock; it is taken once per packet, never per waveform, and allocates only for a source not seen
 * before in the stretch.
 */
public final class SequenceTracker {
    /** Late packets in a row, each following the one before, after which the stream is followed there. */
    static final int BEHIND_IN_ORDER_TO_FOLLOW = 3;
    private static final long U32 = 0xFFFF_FFFFL;

    /** One (source, output queue) in the current stretch. */
    private static final class Source {
        final int sourceId;
        final int outputQueue;
        long last;
        long behindNext;
        int behindInOrder;
        long packets;
        long lost;
        long reordered;
        long resyncs;

        Source(int sourceId, int outputQueue, long first) {
            this.sourceId = sourceId;
            this.outputQueue = outputQueue;
            this.last = first;
            this.packets = 1;
        }
    }

    private final Long2ObjectHashMap<Source> sources = new Long2ObjectHashMap<>();
    private final ReadoutCounters counters;
    private final long window;
    private Instant since = Instant.now();
    private volatile KernelDrops kernel = KernelDrops.UNKNOWN;
    /** The kernel's drop count when the stretch began (-1 unknown). */
    private long kernelDropsAtStart = -1;

    /**
     * @param resyncWindow the largest step between consecutive numbers read as loss or lateness
     *                     (site {@code readout.resyncWindow}), 1 .. 2³¹−1
     */
    public SequenceTracker(ReadoutCounters counters, long resyncWindow) {
        if (resyncWindow < 1 || resyncWindow > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("resync window must be 1.." + Integer.MAX_VALUE + " packets, got " + resyncWindow);
        }
        this.counters = counters;
        this.window = resyncWindow;
    }

    /** Where the kernel's drops at the readout's UDP sockets are read; counted from the next stretch on. */
    public synchronized void countKernelDrops(KernelDrops drops) {
        kernel = drops;
        kernelDropsAtStart = drops.now();
    }

    /** Records an accepted packet's sequence number. */
    public void onPacket(int sourceId, int outputQueue, long sequence) {
        long key = ((long) sourceId << 8) | outputQueue;
        synchronized (this) {
            Source s = sources.get(key);
            if (s == null) {
                sources.put(key, new Source(sourceId, outputQueue, sequence));
                return;
            }
            s.packets++;
            long step = (sequence - s.last) & U32;
            if (step == 0) {
                late(s);
            } else if (step <= window) {
                if (step > 1) {
                    s.lost += step - 1;
                    counters.lostPackets.add(step - 1);
                }
                s.last = sequence;
                s.behindInOrder = 0;
            } else if (sequence == 0) {
                resync(s, sequence);
            } else if (step >= (1L << 32) - window) {
                s.behindInOrder = s.behindInOrder > 0 && sequence == s.behindNext ? s.behindInOrder + 1 : 1;
                s.behindNext = (sequence + 1) & U32;
                if (s.behindInOrder >= BEHIND_IN_ORDER_TO_FOLLOW) {
                    resync(s, sequence);
                } else {
                    late(s);
                }
            } else {
                resync(s, sequence);
            }
        }
    }

    private void late(Source s) {
        s.reordered++;
        counters.reordered.increment();
    }

    private void resync(Source s, long sequence) {
        s.resyncs++;
        counters.resyncs.increment();
        s.last = sequence;
        s.behindInOrder = 0;
    }

    /** The counts of the current stretch, per source, ordered by source and output queue. */
    public synchronized ReadoutLoss loss() {
        return loss(kernel.recent());
    }

    private ReadoutLoss loss(long kernelDropsNow) {
        List<ReadoutLoss.Source> list = new ArrayList<>(sources.size());
        long packets = 0;
        long lost = 0;
        long reordered = 0;
        long resyncs = 0;
        for (Source s : sources.values()) {
            list.add(new ReadoutLoss.Source(SourceId.format(s.sourceId), s.outputQueue, s.packets, s.lost, s.reordered, s.resyncs));
            packets += s.packets;
            lost += s.lost;
            reordered += s.reordered;
            resyncs += s.resyncs;
        }
        list.sort(Comparator.comparing(ReadoutLoss.Source::source).thenComparingInt(ReadoutLoss.Source::outputQueue));
        Long kernelDrops = kernelDropsNow < 0 || kernelDropsAtStart < 0 ? null : Math.max(0, kernelDropsNow - kernelDropsAtStart);
        return new ReadoutLoss(since, packets, lost, reordered, resyncs, list, kernelDrops);
    }

    /**
     * Ends the current stretch and starts a new one with fresh trackers (a run starts or stops): the
     * next packet of each source anchors its tracker again, and nothing before counts in the new one.
     *
     * @return the counts of the stretch that ended
     */
    public synchronized ReadoutLoss restart() {
        long dropsNow = kernel.now();
        ReadoutLoss ended = loss(dropsNow);
        sources.clear();
        since = Instant.now();
        kernelDropsAtStart = dropsNow;
        return ended;
    }
}
