package eu.ess.cevns.daq.store;

import eu.ess.cevns.daq.readout.Waveform;
import eu.ess.cevns.daq.timing.BeamState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The record descriptors against {@code formats.md}: records built byte by byte from its table
 * ({@link SpecRecord}) read back through {@link RunReader} and the flyweights field for field, and
 * every writer (ring encoders and the store agent's Chronicle writers) produces exactly those bytes.
 * The values reach the edges of each field (unsigned bytes and shorts above the signed range, a u32
 * sequence above 2³¹, negative samples, multi-byte UTF-8, a configuration longer than a u16 length).
 */
class RecordLayoutTest {
    static final long START_NS = 1_764_590_592_456_789_123L;
    static final long T0_NS = 1_764_590_600_000_000_000L;
    static final String CONFIG = "detector:\n  name: csi-cryogenic # µ Δ\n";
    /** Longer than a u16 length can say: the configuration's length is a u32. */
    static final String LONG_CONFIG = CONFIG + "#".repeat(70_000) + "\n";
    static final short[] SAMPLES = {0, 1, -1, Short.MIN_VALUE, Short.MAX_VALUE, 1234, -4321};
    static final int SOURCE = 0xC0A80017;
    static final long SEQUENCE = 0xFFFF_FFFEL;

    static Instant at(long epochNs) {
        return Instant.ofEpochSecond(0, epochNs);
    }

    static byte[] specWaveform(int beamState) {
        return SpecRecord.waveform(SOURCE, 23, 255, 254, 7, 65535, 40_000, 14, beamState, 300, SEQUENCE, T0_NS, 2_860_000L, SAMPLES);
    }

    @Test
    void recordsBuiltFromTheFormatTableReadBackFieldForField(@TempDir Path data) {
        List<byte[]> written = List.of(
                SpecRecord.runStart(42, START_NS, "1.2.3", "shift crew: Åsa", "cold run — 20 K", CONFIG),
                specWaveform(2),
                SpecRecord.other(99, 1, (byte) 1, (byte) 2, (byte) 3),
                SpecRecord.pulse(T0_NS, 4.321, 1),
                SpecRecord.other(2, 2, new byte[40]),
                SpecRecord.pulse(T0_NS + 71_428_571L, Double.NaN, 0),
                SpecRecord.configChange(START_NS + 1, "expert", "Ch3:Threshold", "1.0", "1.5 keVnr µ"),
                SpecRecord.alarm(START_NS + 2, 2, true, "lostPackets", "12 packets lost"),
                SpecRecord.alarm(START_NS + 3, 0, false, "lostPackets", ""),
                SpecRecord.logEntry(START_NS + 6, "Åsa (shift)", "beam trip at 03:12 — back at 03:20", "beam trip", "µ-veto"),
                SpecRecord.logEntry(START_NS + 7, "bo", "no tags", new String[0]),
                SpecRecord.runQuality(START_NS + 8, 2, "run coordinator", "HV of digitizer 2 off from 03:10"),
                SpecRecord.runQuality(START_NS + 9, 7, "a newer version", "a flag this one does not know"),
                SpecRecord.alarmAction(START_NS + 3, START_NS + 3_600_000_000_000L, 2, "noRun", "shift: Åsa", "beam study — no run"),
                SpecRecord.alarmAction(START_NS + 3, 0, 1, "noData:Ch3", "api", ""),
                SpecRecord.alarmAction(START_NS + 3, 0, 9, "noRun", "a later version", "an action this one does not know"),
                SpecRecord.runStop(START_NS + 4, 1, 1, 2, 5_000_000_000L, "recovery", "closed at the next start"),
                SpecRecord.runStop(START_NS + 5, 0, 0, 0, 0, "", ""));
        RunStore store = new RunStore(data);
        append(store, written);
        RecordLog log = new RecordLog();
        try (RunReader reader = store.openReader(1)) {
            assertEquals(written.size(), reader.drain(log));
            assertEquals(2, reader.unknownRecords(), "the unknown kind and the unknown version are skipped and counted");
        }
        assertEquals(List.of(
                new RecordLog.Start(42, at(START_NS), "1.2.3", "shift crew: Åsa", "cold run — 20 K", CONFIG),
                new RecordLog.Wave(SOURCE, 23, 255, 254, 7, 65535, 40_000, 14, 2, 300, SEQUENCE, T0_NS, 2_860_000L,
                        RecordLog.samples(SAMPLES)),
                new RecordLog.Unknown(99, 1, 5),
                new RecordLog.Pulse(T0_NS, 4.321, 1),
                new RecordLog.Unknown(2, 2, 42),
                new RecordLog.Pulse(T0_NS + 71_428_571L, Double.NaN, 0),
                new RecordLog.Change(at(START_NS + 1), "expert", "Ch3:Threshold", "1.0", "1.5 keVnr µ"),
                new RecordLog.Alarm(at(START_NS + 2), 2, true, "lostPackets", "12 packets lost"),
                new RecordLog.Alarm(at(START_NS + 3), 0, false, "lostPackets", ""),
                new RecordLog.Log(at(START_NS + 6), "Åsa (shift)", "beam trip at 03:12 — back at 03:20", List.of("beam trip", "µ-veto")),
                new RecordLog.Log(at(START_NS + 7), "bo", "no tags", List.of()),
                new RecordLog.Quality(at(START_NS + 8), "run coordinator", "bad", "HV of digitizer 2 off from 03:10"),
                new RecordLog.Quality(at(START_NS + 9), "a newer version", "code 7", "a flag this one does not know"),
                new RecordLog.Act(at(START_NS + 3), 2, "noRun", "shift: Åsa", "beam study — no run", at(START_NS + 3_600_000_000_000L)),
                new RecordLog.Act(at(START_NS + 3), 1, "noData:Ch3", "api", "", null),
                new RecordLog.Act(at(START_NS + 3), 9, "noRun", "a later version", "an action this one does not know", null),
                new RecordLog.Stop(at(START_NS + 4), true, 1, 2, 5_000_000_000L, "recovery", "closed at the next start"),
                new RecordLog.Stop(at(START_NS + 5), false, 0, 0, 0, "", "")), log.records);
    }

    @Test
    void aConfigurationLongerThanA16BitLengthReadsBack(@TempDir Path data) {
        RunStore store = new RunStore(data);
        append(store, List.of(SpecRecord.runStart(7, START_NS, "v", "w", "c", LONG_CONFIG), SpecRecord.pulse(T0_NS, 1.5, 1)));
        RecordLog log = new RecordLog();
        try (RunReader reader = store.openReader(1)) {
            reader.drain(log);
        }
        assertEquals(2, log.records.size());
        RecordLog.Start start = (RecordLog.Start) log.records.get(0);
        assertEquals(List.of(7, at(START_NS), "v", "w", "c"),
                List.of(start.run(), start.start(), start.softwareVersion(), start.who(), start.comment()));
        assertEquals(LONG_CONFIG.length(), start.config().length());
        assertTrue(LONG_CONFIG.equals(start.config()), "the configuration comes back as written");
        assertEquals(new RecordLog.Pulse(T0_NS, 1.5, 1), log.records.get(1), "the record after it starts where the length says");
    }

    @Test
    void aWaveformEncodedIntoTheRingIsTheFormatsBytesWhereverItsSamplesCameFrom() {
        byte[] spec = specWaveform(BeamState.UNKNOWN.code());
        assertEquals(spec.length, WaveformRecord.length(SAMPLES.length));
        assertEquals(40, WaveformRecord.length(0), "formats.md: 40 bytes before the samples");
        for (Function<short[], ByteBuf> source : List.<Function<short[], ByteBuf>>of(
                s -> samples(Unpooled.directBuffer(64), s), s -> samples(Unpooled.buffer(64), s), RecordLayoutTest::compositeSamples)) {
            ByteBuf buf = source.apply(SAMPLES);
            try {
                Waveform w = new Waveform().set(SOURCE, 23, SEQUENCE, 255, 254, 65535, 40_000, 7, 14, 300, SAMPLES.length,
                        T0_NS, T0_NS + 2_860_000L, buf, 3);
                UnsafeBuffer ring = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
                WaveformRecord.encode(ring, 16, w);
                assertArrayEquals(spec, bytes(ring, 16, spec.length), "encoded from " + buf.getClass().getSimpleName());

                assertEquals(T0_NS, WaveformRecord.pulseT0Ns(ring, 16));
                assertEquals(40_000, WaveformRecord.channelId(ring, 16));
                WaveformRecord.putBeamState(ring, 16, BeamState.OFF.code());
                assertArrayEquals(specWaveform(2), bytes(ring, 16, spec.length), "the beam state set in place by the store agent");
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void theControlRecordsEncodedIntoTheRingAreTheFormatsBytes() {
        UnsafeBuffer ring = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));

        byte[] pulse = SpecRecord.pulse(T0_NS, 4.321, 1);
        assertEquals(pulse.length, PulseRecord.LENGTH);
        PulseRecord.encode(ring, 8, T0_NS, 4.321, BeamState.ON);
        assertArrayEquals(pulse, bytes(ring, 8, pulse.length));

        byte[] change = SpecRecord.configChange(START_NS, "expert", "OnWindowEnd", "2871.0", "1000.0 µs");
        byte[][] changeTexts = utf8("expert", "OnWindowEnd", "2871.0", "1000.0 µs");
        assertEquals(change.length, ConfigChangeRecord.length(changeTexts[0], changeTexts[1], changeTexts[2], changeTexts[3]));
        ConfigChangeRecord.encode(ring, 8, START_NS, changeTexts[0], changeTexts[1], changeTexts[2], changeTexts[3]);
        assertArrayEquals(change, bytes(ring, 8, change.length));

        for (boolean raised : new boolean[] {true, false}) {
            byte[] alarm = SpecRecord.alarm(START_NS, 2, raised, "diskLow", "Disk almost full — 2 % free");
            byte[][] alarmTexts = utf8("diskLow", "Disk almost full — 2 % free");
            assertEquals(alarm.length, AlarmRecord.length(alarmTexts[0], alarmTexts[1]));
            AlarmRecord.encode(ring, 8, START_NS, 2, raised, alarmTexts[0], alarmTexts[1]);
            assertArrayEquals(alarm, bytes(ring, 8, alarm.length));
        }

        byte[] entry = SpecRecord.logEntry(START_NS, "Åsa", "calibration with Am-241 — source at 10 cm", "calibration", "source");
        byte[][] entryTexts = utf8("Åsa", "calibration with Am-241 — source at 10 cm");
        byte[][] tags = utf8("calibration", "source");
        assertEquals(entry.length, LogEntryRecord.length(entryTexts[0], entryTexts[1], tags));
        LogEntryRecord.encode(ring, 8, START_NS, entryTexts[0], entryTexts[1], tags);
        assertArrayEquals(entry, bytes(ring, 8, entry.length));

        for (RunQuality.Flag flag : RunQuality.Flag.values()) {
            byte[] quality = SpecRecord.runQuality(START_NS, flag.code(), "coordinator", "reason ✓");
            byte[][] qualityTexts = utf8("coordinator", "reason ✓");
            assertEquals(quality.length, RunQualityRecord.length(qualityTexts[0], qualityTexts[1]));
            RunQualityRecord.encode(ring, 8, START_NS, flag, qualityTexts[0], qualityTexts[1]);
            assertArrayEquals(quality, bytes(ring, 8, quality.length), flag.text());
        }
        assertEquals(List.of(1, 2, 3), Arrays.stream(RunQuality.Flag.values()).map(RunQuality.Flag::code).toList(),
                "formats.md: 1 good, 2 bad, 3 check");

        for (AlarmActionRecord.Action action : AlarmActionRecord.Action.values()) {
            long until = action == AlarmActionRecord.Action.SHELVE ? START_NS + 60_000_000_000L : 0;
            byte[] act = SpecRecord.alarmAction(START_NS, until, action.code(), "noData:Ch3", "J. Doe", "vacuum work — Ch3 off");
            byte[][] texts = utf8("noData:Ch3", "J. Doe", "vacuum work — Ch3 off");
            assertEquals(act.length, AlarmActionRecord.length(texts[0], texts[1], texts[2]));
            AlarmActionRecord.encode(ring, 8, START_NS, action, until, texts[0], texts[1], texts[2]);
            assertArrayEquals(act, bytes(ring, 8, act.length), action.word());
        }
        assertEquals(List.of(1, 2, 3), Arrays.stream(AlarmActionRecord.Action.values()).map(AlarmActionRecord.Action::code).toList(),
                "formats.md: 1 acknowledge, 2 shelve, 3 unshelve");

        PulseSeenMessage.encode(ring, 8, T0_NS);
        assertEquals(T0_NS, PulseSeenMessage.t0Ns(ring, 8));
        assertEquals(8, PulseSeenMessage.LENGTH);
    }

    @Test
    void theRecordsTheStoreAgentWritesIntoChronicleAreTheFormatsBytes() {
        assertArrayEquals(SpecRecord.runStart(42, START_NS, "1.2.3", "shift crew: Åsa", "cold run — 20 K", LONG_CONFIG),
                written(b -> RunStartRecord.write(b, 42, START_NS, "1.2.3", "shift crew: Åsa", "cold run — 20 K", LONG_CONFIG)));
        assertArrayEquals(SpecRecord.pulse(T0_NS, 0.0, 2), written(b -> PulseRecord.write(b, T0_NS, 0.0, BeamState.OFF)));
        assertArrayEquals(SpecRecord.runStop(START_NS, 0, 123_456_789_012L, 14, 3, "operator", "end of fill"),
                written(b -> RunStopRecord.write(b, START_NS, StopReason.NORMAL, 123_456_789_012L, 14, 3, "operator", "end of fill")));
        assertArrayEquals(SpecRecord.runStop(START_NS, 1, 0, 0, 0, "recovery", "crash"),
                written(b -> RunStopRecord.write(b, START_NS, StopReason.ABORTED, 0, 0, 0, "recovery", "crash")));
    }

    /** Appends raw records to run 1 of {@code store}, one document each, as the store agent would. */
    private static void append(RunStore store, List<byte[]> records) {
        try (ChronicleQueue queue = RunQueues.open(store.runDir(1)); ExcerptAppender appender = queue.createAppender()) {
            for (byte[] record : records) {
                try (DocumentContext dc = appender.writingDocument()) {
                    dc.wire().bytes().write(record);
                }
            }
        }
    }

    private static ByteBuf samples(ByteBuf buf, short[] s) {
        buf.writeBytes(new byte[] {9, 9, 9}); // samples start inside the packet, not at its first byte
        for (short v : s) {
            buf.writeShortLE(v);
        }
        return buf;
    }

    /** Samples spread over two components: neither one array nor one address, so copied sample by sample. */
    private static ByteBuf compositeSamples(short[] s) {
        ByteBuf whole = samples(Unpooled.buffer(64), s);
        CompositeByteBuf c = Unpooled.compositeBuffer();
        c.addComponents(true, whole.retainedSlice(0, 6), whole.retainedSlice(6, whole.readableBytes() - 6));
        whole.release();
        return c;
    }

    private static byte[] bytes(UnsafeBuffer b, int at, int length) {
        byte[] out = new byte[length];
        b.getBytes(at, out);
        return out;
    }

    private static byte[][] utf8(String... texts) {
        return Arrays.stream(texts).map(t -> t.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    private static byte[] written(Consumer<Bytes<?>> writer) {
        Bytes<?> out = Bytes.allocateElasticOnHeap(256);
        try {
            writer.accept(out);
            return out.toByteArray();
        } finally {
            out.releaseLast();
        }
    }
}
