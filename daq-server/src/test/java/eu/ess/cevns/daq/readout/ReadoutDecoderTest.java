package eu.ess.cevns.daq.readout;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The decoder against packets built field by field from DESIGN §3. */
class ReadoutDecoderTest {
    static final long MAX_PREV_NS = 1_000_000_000L;
    static final long RESYNC_WINDOW = 100_000;
    /** The server's clock in these tests: the pulse time of {@link SpecPacket}'s packets, 2023-11-14T22:13:20Z. */
    static final long CLOCK_MS = 1_700_000_000_000L;
    static final long TOLERANCE_S = 600;
    static final TimeLimits LIMITS = new TimeLimits(MAX_PREV_NS, TOLERANCE_S * 1_000_000_000L, () -> CLOCK_MS);
    final ReadoutCounters counters = new ReadoutCounters();
    final Received sink = new Received();
    final ReadoutDecoder decoder = new ReadoutDecoder(TestDetector.channels(), LIMITS, counters, new SequenceTracker(counters, RESYNC_WINDOW), sink);

    RejectReason decode(byte[] packet) {
        return decode(packet, 0x7F000001);
    }

    RejectReason decode(byte[] packet, int source) {
        ByteBuf buf = Unpooled.wrappedBuffer(packet);
        try {
            return decoder.decode(buf, source);
        } finally {
            buf.release();
        }
    }

    static SpecPacket valid(int version) {
        SpecPacket p = new SpecPacket();
        p.version = version;
        p.outputQueue = 3;
        p.sequence = 77;
        p.block(0, 0)
                .readout(1_700_000_000L, 2_000, 1, 0b001, 14, 2, (short) 1000, (short) 1001, (short) 1500, (short) 1200)
                .readout(1_699_999_999L, 81_800_000, 3, 0b110, 12, 0, (short) -5, (short) 4095);
        p.block(2, 5).readout(1_700_000_000L, 88_052_499, 7, 0, 16, 1, (short) 32767, (short) -32768, (short) 0);
        return p;
    }

    @Test
    void decodesEveryFieldOfAVersion1Packet() {
        assertNull(decode(valid(1).bytes()));
        assertDecoded(valid(1).bytes().length);
    }

    @Test
    void decodesEveryFieldOfAVersion0Packet() {
        byte[] v0 = valid(0).bytes();
        assertEquals(valid(1).bytes().length - 2, v0.length, "v0 header is 2 bytes shorter");
        assertNull(decode(v0));
        assertDecoded(v0.length);
    }

    private void assertDecoded(int length) {
        assertEquals(3, sink.all.size());
        long pulseNs = 1_700_000_000L * 1_000_000_000L + 1_000L * 1_000_000_000L / 88_052_500L;
        long prevNs = 1_699_999_999L * 1_000_000_000L + 81_763_036L * 1_000_000_000L / 88_052_500L;

        Received.Copy a = sink.all.get(0);
        assertEquals(0x7F000001, a.sourceId());
        assertEquals(3, a.outputQueue());
        assertEquals(77, a.sequence());
        assertEquals(0, a.fiber());
        assertEquals(0, a.fen());
        assertEquals(1, a.channel());
        assertEquals(1, a.channelId());
        assertEquals(Waveform.FLAG_PILE_UP, a.flags());
        assertEquals(14, a.bits());
        assertEquals(2, a.pre());
        assertEquals(pulseNs, a.t0Ns(), "readout after the pulse time belongs to that pulse");
        assertEquals(1_700_000_000L * 1_000_000_000L + 2_000L * 1_000_000_000L / 88_052_500L, a.triggerNs());
        assertArrayEquals(new short[] {1000, 1001, 1500, 1200}, a.samples());

        Received.Copy b = sink.all.get(1);
        assertEquals(prevNs, b.t0Ns(), "readout before the pulse time but after the previous one belongs to the previous pulse");
        assertEquals(1_699_999_999L * 1_000_000_000L + 81_800_000L * 1_000_000_000L / 88_052_500L, b.triggerNs());
        assertEquals(Waveform.FLAG_SATURATED | Waveform.FLAG_TRUNCATED, b.flags());
        assertArrayEquals(new short[] {-5, 4095}, b.samples());

        Received.Copy c = sink.all.get(2);
        assertEquals(2, c.fiber());
        assertEquals(5, c.fen());
        assertEquals(7, c.channel());
        assertEquals(10, c.channelId());
        assertEquals(16, c.bits());
        assertArrayEquals(new short[] {32767, -32768, 0}, c.samples());
        assertEquals(1_700_000_000L * 1_000_000_000L + 88_052_499L * 1_000_000_000L / 88_052_500L, c.triggerNs());

        ReadoutCounters.Snapshot s = counters.snapshot();
        assertEquals(1, s.packets());
        assertEquals(3, s.waveforms());
        assertEquals(length, s.bytes());
        assertEquals(0, s.heartbeats());
        assertEquals(0, s.rejectedTotal());
    }

    @Test
    void aHeaderOnlyPacketIsAHeartbeat() {
        for (int version : new int[] {0, 1}) {
            SpecPacket p = new SpecPacket();
            p.version = version;
            p.sequence = version;
            assertNull(decode(p.bytes()));
        }
        ReadoutCounters.Snapshot s = counters.snapshot();
        assertEquals(2, s.packets());
        assertEquals(2, s.heartbeats());
        assertEquals(0, s.waveforms());
        assertTrue(sink.all.isEmpty());
    }

    static Stream<Arguments> corruptions() {
        return Stream.of(
                Arguments.of(RejectReason.PAD, (Consumer<SpecPacket>) p -> p.pad = 1),
                Arguments.of(RejectReason.VERSION, (Consumer<SpecPacket>) p -> p.version = 2),
                Arguments.of(RejectReason.COOKIE, (Consumer<SpecPacket>) p -> p.cookie = new byte[] {'E', 'S', 'T'}),
                Arguments.of(RejectReason.SIZE, (Consumer<SpecPacket>) p -> p.totalLengthOverride = 500),
                Arguments.of(RejectReason.TYPE, (Consumer<SpecPacket>) p -> p.type = 0x34),
                Arguments.of(RejectReason.OUTPUT_QUEUE, (Consumer<SpecPacket>) p -> p.outputQueue = 24),
                Arguments.of(RejectReason.TIME_FRAC, (Consumer<SpecPacket>) p -> p.pulseLow = 88_052_500),
                Arguments.of(RejectReason.TIME_FRAC, (Consumer<SpecPacket>) p -> p.prevLow = 0xFFFF_FFFFL),
                Arguments.of(RejectReason.TIME_HIGH, (Consumer<SpecPacket>) p -> p.prevHigh = p.pulseHigh + 1),
                Arguments.of(RejectReason.TIME_HIGH, (Consumer<SpecPacket>) p -> p.prevHigh = p.pulseHigh - 5),
                Arguments.of(RejectReason.BLOCK, (Consumer<SpecPacket>) p -> p.raw((byte) 0, (byte) 0, (byte) 8)),
                Arguments.of(RejectReason.BLOCK, (Consumer<SpecPacket>) p -> {
                    p.block(0, 0).readout(1_700_000_000L, 5_000, 0, 0, 14, 0, (short) 1);
                    p.blockLengthOverride = 200;
                }),
                Arguments.of(RejectReason.BLOCK, (Consumer<SpecPacket>) p -> {
                    p.block(0, 0).readout(1_700_000_000L, 5_000, 0, 0, 14, 0, (short) 1);
                    p.blockLengthOverride = 10;
                }),
                Arguments.of(RejectReason.SAMPLES, (Consumer<SpecPacket>) p ->
                        p.block(0, 0).readout(1_700_000_000L, 5_000, 0, 0, 14, 0, 3, (short) 1, (short) 2)),
                Arguments.of(RejectReason.SAMPLES, (Consumer<SpecPacket>) p ->
                        p.block(0, 0).readout(1_700_000_000L, 5_000, 0, 0, 14, 0, 1, (short) 1, (short) 2)),
                Arguments.of(RejectReason.SAMPLES, (Consumer<SpecPacket>) p ->
                        p.block(0, 0).readout(1_700_000_000L, 5_000, 0, 0, 0, 0, (short) 1)),
                Arguments.of(RejectReason.SAMPLES, (Consumer<SpecPacket>) p ->
                        p.block(0, 0).readout(1_700_000_000L, 5_000, 0, 0, 17, 0, (short) 1)),
                Arguments.of(RejectReason.SAMPLES, (Consumer<SpecPacket>) p ->
                        p.block(0, 0).readout(1_700_000_000L, 5_000, 0, 0x08, 14, 0, (short) 1)),
                Arguments.of(RejectReason.SAMPLES, (Consumer<SpecPacket>) p ->
                        p.block(0, 0).readout(1_700_000_000L, 5_000, 0, 0, 14, 2, (short) 1)),
                Arguments.of(RejectReason.SAMPLES, (Consumer<SpecPacket>) p ->
                        p.block(0, 0).readout(1_700_000_000L, 5_000, 0, 0, 14, 0, 0)),
                Arguments.of(RejectReason.TIME_FRAC, (Consumer<SpecPacket>) p ->
                        p.block(0, 0).readout(1_700_000_000L, 88_052_500, 0, 0, 14, 0, (short) 1)),
                Arguments.of(RejectReason.CHANNEL, (Consumer<SpecPacket>) p ->
                        p.block(0, 0).readout(1_700_000_000L, 5_000, 9, 0, 14, 0, (short) 1)),
                Arguments.of(RejectReason.CHANNEL, (Consumer<SpecPacket>) p ->
                        p.block(0, 0).readout(1_700_000_000L, 5_000, 4, 0, 14, 0, (short) 1)),
                Arguments.of(RejectReason.CHANNEL, (Consumer<SpecPacket>) p ->
                        p.block(1, 0).readout(1_700_000_000L, 5_000, 0, 0, 14, 0, (short) 1)),
                Arguments.of(RejectReason.TIME, (Consumer<SpecPacket>) p ->
                        p.block(0, 0).readout(1_699_999_999L, 1_000, 0, 0, 14, 0, (short) 1)),
                // 2106-02-07T06:28:15Z, the largest u32 seconds: accepted before readout.clockToleranceS existed
                Arguments.of(RejectReason.TIME, (Consumer<SpecPacket>) p ->
                        p.block(0, 0).readout(0xFFFF_FFFFL, 1_000, 0, 0, 14, 0, (short) 1)),
                Arguments.of(RejectReason.TIME, (Consumer<SpecPacket>) p ->
                        p.block(0, 0).readout(1_700_000_000L + TOLERANCE_S + 1, 0, 0, 0, 14, 0, (short) 1)),
                Arguments.of(RejectReason.TIME, (Consumer<SpecPacket>) p -> {
                    p.pulseHigh = 0xFFFF_FFFFL;      // a heartbeat's pulse time in 2106
                    p.prevHigh = 0xFFFF_FFFEL;
                }),
                Arguments.of(RejectReason.TIME, (Consumer<SpecPacket>) p -> {
                    p.pulseHigh = 1_700_000_000L - TOLERANCE_S - 1;
                    p.prevHigh = p.pulseHigh - 1;
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void aBadFieldDropsThePacketWholeAndCountsItsReason(RejectReason expected, Consumer<SpecPacket> corrupt) {
        SpecPacket p = valid(1);
        corrupt.accept(p);
        assertEquals(expected, decode(p.bytes()));
        ReadoutCounters.Snapshot s = counters.snapshot();
        assertEquals(1, s.rejected(expected));
        assertEquals(1, s.rejectedTotal());
        assertEquals(0, s.packets());
        assertEquals(0, s.waveforms());
        assertTrue(sink.all.isEmpty(), "nothing of a rejected packet reaches the store, not even its good readouts");
    }

    @Test
    void timesUpToTheClockToleranceEitherWayAreAccepted() {
        SpecPacket late = new SpecPacket();
        late.pulseHigh = 1_700_000_000L - TOLERANCE_S;
        late.pulseLow = 0;
        late.prevHigh = late.pulseHigh - 1;
        late.prevLow = 0;
        late.block(0, 0).readout(late.pulseHigh, 0, 0, 0, 14, 0, (short) 1);
        assertNull(decode(late.bytes()), "a pulse and readout exactly the tolerance behind the clock");
        SpecPacket early = new SpecPacket();
        early.block(0, 0).readout(1_700_000_000L + TOLERANCE_S, 0, 0, 0, 14, 0, (short) 1);
        assertNull(decode(early.bytes()), "a readout exactly the tolerance ahead of the clock");
        assertEquals(2, sink.all.size());
    }

    @Test
    void aPacketShorterThanAHeaderIsASizeError() {
        assertEquals(RejectReason.SIZE, decode(new byte[] {0, 1, 'E', 'S', 'S', 0x70, 10, 0, 0, 0}));
        byte[] v1 = new SpecPacket().bytes();
        byte[] cut = java.util.Arrays.copyOf(v1, 31);
        assertEquals(RejectReason.SIZE, decode(cut));
        assertEquals(2, counters.snapshot().rejected(RejectReason.SIZE));
    }

    private void sendSeq(int source, int queue, long seq) {
        SpecPacket p = new SpecPacket();
        p.outputQueue = queue;
        p.sequence = seq;
        assertNull(decode(p.bytes(), source));
    }

    @Test
    void sequenceGapsCountAsLostPerSourceAndOutputQueue() {
        sendSeq(1, 0, 10);
        sendSeq(1, 0, 11);
        sendSeq(1, 0, 15);      // 12, 13, 14 lost
        sendSeq(1, 1, 500);     // another queue starts its own count
        sendSeq(2, 0, 3);       // another source too
        sendSeq(1, 1, 502);     // 501 lost
        sendSeq(2, 0, 4);
        assertEquals(4, counters.snapshot().lostPackets());
        assertEquals(0, counters.snapshot().reordered());
    }

    @Test
    void aSequenceGoingBackwardsOrRepeatingIsReorderedNotLost() {
        sendSeq(1, 0, 10);
        sendSeq(1, 0, 12);      // 11 missing for now
        sendSeq(1, 0, 11);      // arrives late
        sendSeq(1, 0, 12);      // duplicate
        sendSeq(1, 0, 13);
        assertEquals(1, counters.snapshot().lostPackets());
        assertEquals(2, counters.snapshot().reordered());
    }

    @Test
    void theU32SequenceWrapsWithoutALoss() {
        sendSeq(1, 0, 0xFFFF_FFFEL);
        sendSeq(1, 0, 0xFFFF_FFFFL);
        sendSeq(1, 0, 0);
        sendSeq(1, 0, 2);       // 1 lost across the wrap
        assertEquals(1, counters.snapshot().lostPackets());
        assertEquals(0, counters.snapshot().reordered());
    }

    @Test
    void decodingAllocatesNothingPerPacket() {
        byte[] bytes = valid(1).bytes();
        ByteBuf direct = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        WaveformSink touch = w -> {
            if (w.sample(0) == 12345) {
                fail("unexpected sample");
            }
        };
        ReadoutCounters c = new ReadoutCounters();
        ReadoutDecoder d = new ReadoutDecoder(TestDetector.channels(), LIMITS, c, new SequenceTracker(c, RESYNC_WINDOW), touch);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 200_000; i++) {
            direct.setIntLE(26, i);
            d.decode(direct, 1);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            direct.setIntLE(26, 200_000 + i);
            d.decode(direct, 1);
        }
        long perPacket = (mx.getCurrentThreadAllocatedBytes() - before) / n;
        direct.release();
        assertEquals(0, perPacket, "bytes allocated per decoded packet");
        assertEquals(3L * 1_200_000, c.snapshot().waveforms());
        assertEquals(0, c.snapshot().lostPackets());
    }
}
