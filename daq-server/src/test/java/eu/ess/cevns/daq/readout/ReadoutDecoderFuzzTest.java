package eu.ess.cevns.daq.readout;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Coverage-guided fuzzing of the readout decoder (Jazzer, issue 11): any bytes as one UDP
 * datagram. The decoder must agree with the second reading of the format ({@link SpecReader}) on
 * accept or reject and on the reason, hand on exactly the readouts the format says the packet holds,
 * and count the packet exactly once: accepted (with its bytes, waveforms or heartbeat) or rejected by
 * one reason, with nothing of a rejected packet handed on. In every build the committed inputs
 * ({@code ReadoutDecoderFuzzTestInputs/}) run as ordinary tests; fuzzing is by hand ({@code
 * src/site/markdown/fuzzing.md}).
 */
class ReadoutDecoderFuzzTest {
    static final int SOURCE = 0x0A000005;
    private static final SpecReader SPEC = new SpecReader(TestDetector.detector(), ReadoutDecoderTest.MAX_PREV_NS,
            ReadoutDecoderTest.CLOCK_MS * 1_000_000L, ReadoutDecoderTest.TOLERANCE_S * 1_000_000_000L);

    @FuzzTest(maxDuration = "5m")
    void datagram(byte[] datagram) {
        ReadoutCounters counters = new ReadoutCounters();
        Received sink = new Received();
        ReadoutDecoder decoder = new ReadoutDecoder(TestDetector.channels(), ReadoutDecoderTest.LIMITS, counters,
                new SequenceTracker(counters, ReadoutDecoderTest.RESYNC_WINDOW), sink);
        ByteBuf buf = Unpooled.wrappedBuffer(datagram);
        RejectReason reason = decoder.decodeDatagram(buf, SOURCE);
        assertEquals(0, buf.readerIndex(), "the decoder reads without consuming");

        SpecReader.Verdict spec = datagram.length > ReadoutHeader.MAX_UDP_PACKET
                ? new SpecReader.Verdict(RejectReason.SIZE, 0, List.of()) : SPEC.read(datagram);
        assertEquals(spec.reason(), reason, "the decoder and the format's table disagree");
        ReadoutCounters.Snapshot c = counters.snapshot();
        if (reason != null) {
            assertEquals(1, c.rejectedTotal());
            assertEquals(1, c.rejected(reason));
            assertEquals(0, c.packets());
            assertEquals(0, c.bytes());
            assertEquals(0, c.waveforms());
            assertTrue(sink.all.isEmpty(), "nothing of a rejected packet is handed on");
            return;
        }
        assertEquals(0, c.rejectedTotal());
        assertEquals(1, c.packets());
        assertEquals(datagram.length, c.bytes());
        assertEquals(spec.readouts().isEmpty() ? 1 : 0, c.heartbeats());
        assertEquals(spec.readouts().size(), c.waveforms());
        assertEquals(spec.readouts().size(), sink.all.size());
        for (int i = 0; i < sink.all.size(); i++) {
            Received.Copy got = sink.all.get(i);
            SpecReader.Readout want = spec.readouts().get(i);
            assertEquals(SOURCE, got.sourceId());
            assertEquals(datagram[ReadoutHeader.OUTPUT_QUEUE] & 0xFF, got.outputQueue());
            assertEquals(want.fiber(), got.fiber());
            assertEquals(want.fen(), got.fen());
            assertEquals(want.channel(), got.channel());
            assertEquals(want.channelId(), got.channelId());
            assertEquals(want.flags(), got.flags());
            assertEquals(want.bits(), got.bits());
            assertEquals(want.pre(), got.pre());
            assertEquals(want.t0Ns(), got.t0Ns());
            assertEquals(want.triggerNs(), got.triggerNs());
            assertArrayEquals(want.samples(), got.samples());
        }
    }
}
