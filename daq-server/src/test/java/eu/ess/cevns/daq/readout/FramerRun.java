package eu.ess.cevns.daq.readout;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One TCP connection's worth of bytes through a {@link TcpReadoutFramer} on Netty's in-memory
 * channel, delivered in the pieces a test or the fuzzer chose, then closed by the peer; what came
 * out, and the checks every stream must pass whatever its bytes: nothing thrown out of the handler
 * (the connection is closed only for garbage), every byte received either in an accepted packet or
 * counted as skipped, and every packet handed on a whole valid packet by itself, as the second
 * reading of the format ({@link SpecReader}) sees it.
 */
final class FramerRun {
    /** The server's limit on garbage before it closes a peer ({@code ReadoutServer}). */
    static final int SERVER_MAX_GARBAGE = 65_536;
    final ReadoutCounters counters = new ReadoutCounters();
    /** The pulse time of each accepted packet, in the order accepted (heartbeats included). */
    final List<Long> pulses = new ArrayList<>();
    /** Each accepted packet that had readouts, as the bytes the framer handed the decoder. */
    final List<byte[]> packets = new ArrayList<>();
    /** Each waveform, as text (for comparing runs). */
    final List<String> waveforms = new ArrayList<>();
    long fed;
    boolean closedByServer;

    private FramerRun() {
    }

    /** Feeds {@code stream} cut before each offset of {@code cuts} (ascending, any values; out-of-range ones are ignored). */
    static FramerRun of(byte[] stream, int... cuts) {
        return of(SERVER_MAX_GARBAGE, stream, cuts);
    }

    /** As {@link #of(byte[], int...)}, closing the peer after {@code maxGarbage} bytes of garbage. */
    static FramerRun of(int maxGarbage, byte[] stream, int... cuts) {
        FramerRun run = new FramerRun();
        WaveformSink sink = new WaveformSink() {
            private ByteBuf last;

            @Override
            public void onPacketPulse(long pulseT0Ns) {
                run.pulses.add(pulseT0Ns);
                last = null;
            }

            @Override
            public void onWaveform(Waveform w) {
                if (w.samplesBuffer() != last) {
                    last = w.samplesBuffer();
                    run.packets.add(ByteBufUtil.getBytes(last, 0, last.capacity()));
                }
                short[] s = new short[w.sampleCount()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = w.sample(i);
                }
                run.waveforms.add(w.sequence() + " " + w.channelId() + " " + w.flags() + " " + w.sampleBits() + " "
                        + w.preTrigger() + " " + w.pulseT0Ns() + " " + w.triggerTimeNs() + " " + Arrays.toString(s));
            }
        };
        ReadoutDecoder decoder = new ReadoutDecoder(TestDetector.channels(), ReadoutDecoderTest.LIMITS, run.counters,
                new SequenceTracker(run.counters, ReadoutDecoderTest.RESYNC_WINDOW), sink);
        EmbeddedChannel channel = new EmbeddedChannel(new TcpReadoutFramer(decoder, run.counters, maxGarbage));
        int from = 0;
        for (int i = 0; i <= cuts.length && channel.isOpen(); i++) {
            int to = i < cuts.length ? Math.min(Math.max(cuts[i], from), stream.length) : stream.length;
            if (to > from) {
                channel.writeInbound(Unpooled.wrappedBuffer(stream, from, to - from));
                run.fed += to - from;
                from = to;
            }
        }
        run.closedByServer = !channel.isOpen();
        channel.finish();
        return run;
    }

    /** The checks that hold for any bytes. */
    FramerRun assertAccountedFor() {
        ReadoutCounters.Snapshot c = counters.snapshot();
        if (closedByServer) {
            assertEquals(1, c.tcpClosedGarbage(), "the connection was closed, and not for garbage: the framer threw");
        }
        assertEquals(fed, c.bytes() + c.tcpSkippedBytes(), "every byte received is in an accepted packet or skipped");
        assertEquals(c.packets(), pulses.size());
        assertEquals(c.waveforms(), waveforms.size());
        assertEquals(c.packets() - c.heartbeats(), packets.size());
        assertTrue(c.tcpPartialPackets() <= c.rejected(RejectReason.SIZE), "each partial packet is also a size rejection");
        SpecReader spec = new SpecReader(TestDetector.detector(), ReadoutDecoderTest.MAX_PREV_NS, ReadoutDecoderTest.CLOCK_MS * 1_000_000L,
                ReadoutDecoderTest.TOLERANCE_S * 1_000_000_000L);
        int readouts = 0;
        for (byte[] p : packets) {
            SpecReader.Verdict v = spec.read(p);
            assertNull(v.reason(), "a packet handed on is a valid packet by itself");
            assertFalse(v.readouts().isEmpty());
            readouts += v.readouts().size();
        }
        assertEquals(waveforms.size(), readouts, "and nothing but its readouts came out of it");
        return this;
    }

    /** What came out, for comparing the same bytes cut in different places. */
    String outcome() {
        ReadoutCounters.Snapshot c = counters.snapshot();
        return "packets " + c.packets() + " heartbeats " + c.heartbeats() + " waveforms " + c.waveforms() + " bytes " + c.bytes()
                + " rejected " + c.rejected() + " skipped " + (closedByServer ? "(what was sent after the close)" : c.tcpSkippedBytes())
                + " partial " + c.tcpPartialPackets()
                + " closed " + c.tcpClosedGarbage() + " pulses " + pulses + " waveforms " + waveforms;
    }
}
