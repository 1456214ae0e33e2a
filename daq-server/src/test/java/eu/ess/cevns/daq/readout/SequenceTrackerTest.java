package eu.ess.cevns.daq.readout;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Loss accounting from sequence numbers, against the numbers that blinded it (issue 11 item 2): one
 * corrupt number 2³⁰ ahead used to add 1 073 741 724 lost packets and then call every packet late,
 * and a digitizer restarting at 0 hid its gaps the same way.
 */
class SequenceTrackerTest {
    static final long WINDOW = 1000;
    static final int A = 0x0A000005;   // 10.0.0.5
    static final int B = 0x0A000006;   // 10.0.0.6
    final ReadoutCounters counters = new ReadoutCounters();
    final SequenceTracker tracker = new SequenceTracker(counters, WINDOW);

    void send(int source, int queue, long from, long toExclusive) {
        for (long s = from; s < toExclusive; s++) {
            tracker.onPacket(source, queue, s & 0xFFFF_FFFFL);
        }
    }

    void send(long from, long toExclusive) {
        send(A, 0, from, toExclusive);
    }

    ReadoutCounters.Snapshot counts() {
        return counters.snapshot(tracker.loss());
    }

    @Test
    void oneCorruptNumberFarAheadIsAResyncAndALaterGapIsStillSeen() {
        send(0, 100);
        tracker.onPacket(A, 0, 1L << 30);
        send(100, 200);
        send(205, 300);            // 200..204: a real 5-packet gap
        ReadoutCounters.Snapshot c = counts();
        assertEquals(5, c.lostPackets(), "the real gap, and nothing for the corrupt number");
        assertEquals(2, c.resyncs(), "away to 2^30 and back to the stream");
        assertEquals(0, c.reordered());
        assertEquals(296, c.run().packets());
    }

    @Test
    void aDigitizerRestartingAtZeroIsAResyncAndItsLaterGapsAreSeen() {
        send(0, 5000);
        send(0, 100);              // rebooted
        send(103, 200);            // 100..102 lost
        assertEquals(3, counts().lostPackets());
        assertEquals(1, counts().resyncs());
        assertEquals(0, counts().reordered());
    }

    @Test
    void gapsUpToTheWindowAreLossesAndLargerJumpsEitherWayAreResyncs() {
        send(0, 10);
        tracker.onPacket(A, 0, 9 + WINDOW);          // a step of exactly the window: WINDOW - 1 lost
        assertEquals(WINDOW - 1, counts().lostPackets());
        tracker.onPacket(A, 0, 9 + 2 * WINDOW + 1);  // one more than the window: a resync
        assertEquals(WINDOW - 1, counts().lostPackets());
        assertEquals(1, counts().resyncs());
        tracker.onPacket(A, 0, 9 + WINDOW + 1);      // back by exactly the window: one late packet
        assertEquals(1, counts().reordered());
        tracker.onPacket(A, 0, 7);                   // back by far more: a resync
        assertEquals(2, counts().resyncs());
        send(8, 20);
        assertEquals(WINDOW - 1, counts().lostPackets(), "following the stream after the resync, nothing lost");
    }

    @Test
    void aLatePacketOrADuplicateIsReorderedAndDoesNotUndoTheLoss() {
        send(0, 11);
        tracker.onPacket(A, 0, 12);   // 11 missing for now
        tracker.onPacket(A, 0, 11);   // arrives late
        tracker.onPacket(A, 0, 12);   // duplicate
        send(13, 20);
        assertEquals(1, counts().lostPackets());
        assertEquals(2, counts().reordered());
        assertEquals(0, counts().resyncs());
    }

    @Test
    void aCorruptNumberWithinTheWindowCostsItsGapButTheTrackerFollowsTheStreamBehindIt() {
        send(0, 101);
        tracker.onPacket(A, 0, 600);   // corrupt, 499 ahead: cannot be told from a real gap of 499
        send(101, 400);                // the stream goes on behind it; 310..314 later lost
        send(405, 500);
        ReadoutCounters.Snapshot c = counts();
        assertEquals(499 + 5, c.lostPackets(), "the corrupt number's 499, and the real 5 after it are not hidden");
        assertEquals(SequenceTracker.BEHIND_IN_ORDER_TO_FOLLOW - 1, c.reordered(), "late until the stream is followed");
        assertEquals(1, c.resyncs());
    }

    @Test
    void theU32SequenceWrapsWithoutALossOrAResync() {
        send(0xFFFF_FFF0L, 0x1_0000_0000L);
        send(0, 2);
        send(3, 10);                    // 2 lost across the wrap
        assertEquals(1, counts().lostPackets());
        assertEquals(0, counts().resyncs());
        assertEquals(0, counts().reordered());
    }

    @Test
    void eachSourceAndOutputQueueIsCountedOnItsOwnAndListed() {
        send(A, 0, 10, 20);
        send(A, 0, 23, 30);     // 3 lost
        send(A, 1, 500, 510);
        send(A, 1, 512, 520);   // 2 lost
        send(B, 0, 0, 50);
        tracker.onPacket(B, 0, 0);  // restart at 0
        ReadoutLoss loss = tracker.loss();
        assertEquals(List.of(
                new ReadoutLoss.Source("10.0.0.5", 0, 17, 3, 0, 0),
                new ReadoutLoss.Source("10.0.0.5", 1, 18, 2, 0, 0),
                new ReadoutLoss.Source("10.0.0.6", 0, 51, 0, 0, 1)), loss.sources());
        assertEquals(5, loss.lostPackets());
        assertEquals(1, loss.resyncs());
        assertEquals(86, loss.packets());
    }

    @Test
    void aRestartStartsFreshTrackersAndReturnsTheStretchThatEnded() {
        send(0, 100);
        send(103, 200);                 // 3 lost in the first run
        ReadoutLoss first = tracker.restart();
        assertEquals(3, first.lostPackets());
        assertEquals(197, first.packets());
        send(50_000, 50_010);           // a new run: a number far from the old one anchors afresh
        send(50_012, 50_020);           // 2 lost in the second run
        ReadoutLoss second = tracker.loss();
        assertEquals(2, second.lostPackets());
        assertEquals(0, second.resyncs(), "a fresh tracker has no old number to jump from");
        assertFalse(second.since().isBefore(first.since()));
        assertEquals(5, counts().lostPackets(), "the server's counts go on across runs");
    }

    @Test
    void trackingAllocatesNothingPerPacketForAKnownSource() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        send(0, 200_000);
        long before = mx.getCurrentThreadAllocatedBytes();
        send(200_000, 1_200_000);
        assertEquals(0, (mx.getCurrentThreadAllocatedBytes() - before) / 1_000_000, "bytes allocated per packet");
    }
}
