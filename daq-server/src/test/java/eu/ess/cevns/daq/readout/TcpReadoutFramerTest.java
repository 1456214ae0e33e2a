package eu.ess.cevns.daq.readout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The TCP framer on seeded random streams (issue 11 item 3): intact packets cut at random points
 * all arrive; with corrupted headers, corrupted lengths, packets cut short and garbage in between,
 * every byte is accounted for, nothing but whole valid packets is handed on, a corrupt header or
 * length costs only its own packet, and where the stream is cut does not change the outcome. The
 * fuzz target ({@link TcpReadoutFramerFuzzTest}) runs the same checks on streams the fuzzer makes.
 */
class TcpReadoutFramerTest {

    /** Sorted random cut points in {@code 0..length}, from single bytes to several packets apart. */
    static int[] cuts(SplittableRandom r, int length) {
        List<Integer> at = new ArrayList<>();
        for (int p = 0; p < length; p += 1 + r.nextInt(r.nextBoolean() ? 40 : 3000)) {
            at.add(p);
        }
        return at.stream().mapToInt(Integer::intValue).toArray();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void intactPacketsCutAnywhereAllArriveInOrder(long seed) {
        ReadoutStreams.Choices c = ReadoutStreams.random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            out.writeBytes(ReadoutStreams.packet(i, c));
            sent.add(ReadoutStreams.pulseNs(i));
        }
        byte[] stream = out.toByteArray();
        FramerRun run = FramerRun.of(stream, cuts(new SplittableRandom(seed), stream.length)).assertAccountedFor();
        assertEquals(sent, run.pulses);
        assertEquals(0, run.counters.snapshot().rejectedTotal());
        assertEquals(0, run.counters.snapshot().tcpSkippedBytes());
        assertEquals(FramerRun.of(stream).outcome(), run.outcome(), "where the stream is cut changes nothing");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14, 15, 16})
    void aCorruptPacketCostsOnlyItselfAndEveryByteIsAccountedFor(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        ReadoutStreams.Choices c = ReadoutStreams.random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Long> mustArrive = new ArrayList<>();
        List<Long> mayArrive = new ArrayList<>();
        int shadowEnd = 0;
        ReadoutStreams.Fault[] faults = ReadoutStreams.Fault.values();
        for (int i = 0; i < 600; i++) {
            ReadoutStreams.Fault f = r.nextInt(5) == 0 ? faults[1 + r.nextInt(faults.length - 1)] : ReadoutStreams.Fault.NONE;
            byte[] p = ReadoutStreams.packet(i, c);
            int start = out.size();
            ReadoutStreams.write(out, p, f, c);
            boolean intact = f == ReadoutStreams.Fault.NONE || f == ReadoutStreams.Fault.GARBAGE_BEFORE;
            // a packet cut short takes the bytes after it as the samples it misses (samples are not
            // checked, and a sender that drops part of a packet is not TCP's doing): what starts within
            // that many bytes after it may be lost with it
            (intact && out.size() - p.length >= shadowEnd ? mustArrive : mayArrive).add(ReadoutStreams.pulseNs(i));
            if (f == ReadoutStreams.Fault.CUT_SHORT) {
                shadowEnd = Math.max(shadowEnd, start + p.length);
            }
        }
        byte[] stream = out.toByteArray();
        FramerRun whole = FramerRun.of(stream).assertAccountedFor();
        FramerRun cut = FramerRun.of(stream, cuts(r, stream.length)).assertAccountedFor();
        assertEquals(whole.outcome(), cut.outcome(), "where the stream is cut changes nothing");
        assertFalse(whole.closedByServer, "a peer sending packets, however damaged, is not closed");
        List<Long> missing = new ArrayList<>(mustArrive);
        missing.removeAll(whole.pulses);
        assertEquals(List.of(), missing, "intact packets lost");
        List<Long> arrived = new ArrayList<>(whole.pulses);
        arrived.retainAll(mustArrive);
        assertEquals(mustArrive, arrived, "each intact packet once, in order");
        List<Long> others = new ArrayList<>(whole.pulses);
        others.removeAll(mustArrive);
        assertTrue(mayArrive.containsAll(others), "nothing accepted but what was sent: " + others);
        ReadoutCounters.Snapshot s = whole.counters.snapshot();
        assertTrue(s.rejectedTotal() > 0 && s.tcpSkippedBytes() > 0);
    }

    /**
     * Fuzzing finding 01 ({@code finding-01-prefix-unchecked-at-close}): a packet still arriving is
     * checked against its header only each time its bytes double, so when the peer closed after a
     * piece too small to trigger a check, the packet was counted as cut off ({@code size}, partial)
     * without looking at it, while the same bytes delivered whole were rejected by what they hold.
     */
    @Test
    void aPacketCutOffAtCloseIsCheckedWhateverPiecesItCameIn() {
        SpecPacket p = new SpecPacket();
        p.block(0, 0).readout(1_700_000_000L, 5_000, 0, 0, 14, 0, new short[200])
                .readout(1_700_000_000L, 5_000, 9, 0, 14, 0, (short) 1, (short) 2);
        byte[] packet = p.bytes();
        byte[] cutOff = Arrays.copyOf(packet, packet.length - 2);
        // the first piece holds only the good readout; the rest is less than doubling it, so no check ran
        int firstPiece = 300;
        assertTrue(cutOff.length < 2 * firstPiece);

        FramerRun pieces = FramerRun.of(cutOff, firstPiece).assertAccountedFor();
        FramerRun whole = FramerRun.of(cutOff).assertAccountedFor();
        assertEquals(whole.outcome(), pieces.outcome(), "where the stream is cut changes nothing");
        ReadoutCounters.Snapshot c = pieces.counters.snapshot();
        assertEquals(1, c.rejected(RejectReason.CHANNEL), "rejected for the channel it names, not as cut off");
        assertEquals(0, c.tcpPartialPackets());
        assertEquals(cutOff.length, c.tcpSkippedBytes());
    }
}
