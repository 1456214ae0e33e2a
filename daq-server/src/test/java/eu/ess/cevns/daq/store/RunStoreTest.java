package eu.ess.cevns.daq.store;

import com.sun.management.ThreadMXBean;
import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.daq.Await;
import eu.ess.cevns.daq.readout.Waveform;
import eu.ess.cevns.daq.run.RunControl;
import eu.ess.cevns.daq.run.RunState;
import eu.ess.cevns.daq.timing.BeamState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Run store round trips through real Chronicle files: what goes in comes out, field by field. */
class RunStoreTest {

    /** A waveform as the test made it, to compare with what the store gives back. */
    record Sent(int source, int queue, long seq, int fiber, int fen, int channel, int channelId, int flags, int bits,
                int pre, long t0, long trigger, short[] samples) {
    }

    static Sent randomWaveform(SplittableRandom rnd, int i) {
        int n = 1 + rnd.nextInt(1200);
        short[] s = new short[n];
        for (int k = 0; k < n; k++) {
            s[k] = (short) rnd.nextInt(Short.MIN_VALUE, Short.MAX_VALUE + 1);
        }
        long t0 = 1_700_000_000_000_000_000L + i * EssPulse.PERIOD_NS;
        return new Sent(rnd.nextInt(), rnd.nextInt(24), rnd.nextLong(1L << 32), rnd.nextInt(256), rnd.nextInt(256),
                rnd.nextInt(65536), rnd.nextInt(65536), rnd.nextInt(8), 1 + rnd.nextInt(16), rnd.nextInt(n + 1), t0,
                t0 + rnd.nextLong(EssPulse.PERIOD_NS), s);
    }

    static void offer(StoreIngress ingress, Sent s, boolean direct) {
        ByteBuf buf = direct ? Unpooled.directBuffer(8 + s.samples().length * 2) : Unpooled.buffer(8 + s.samples().length * 2);
        buf.writeLong(0xDEADBEEFL); // samples do not start at index 0, as in a real packet
        for (short v : s.samples()) {
            buf.writeShortLE(v);
        }
        Waveform w = new Waveform().set(s.source(), s.queue(), s.seq(), s.fiber(), s.fen(), s.channel(), s.channelId(),
                s.flags(), s.bits(), s.pre(), s.samples().length, s.t0(), s.trigger(), buf, 8);
        ingress.onWaveform(w);
        buf.release();
    }

    static final class Collect implements RecordVisitor {
        final List<Sent> waveforms = new ArrayList<>();
        final List<String> log = new ArrayList<>();
        String config;
        boolean stopAborted;
        long stopWaveforms = -1;

        @Override
        public void onRunStart(int run, Instant start, String softwareVersion, String who, String comment, String config) {
            log.add("start " + run + " " + softwareVersion + " " + who + " " + comment);
            this.config = config;
        }

        @Override
        public void onWaveform(StoredWaveform w) {
            short[] s = new short[w.sampleCount()];
            w.copySamples(s);
            waveforms.add(new Sent(w.sourceId(), w.outputQueue(), w.sequence(), w.fiber(), w.fen(), w.channel(),
                    w.channelId(), w.flags(), w.sampleBits(), w.preTrigger(), w.pulseT0Ns(), w.pulseT0Ns() + w.timeSinceT0Ns(), s));
        }

        @Override
        public void onPulse(long t0Ns, double chargeUc, int beamState) {
            log.add("pulse " + t0Ns + " " + chargeUc + " " + beamState);
        }

        @Override
        public void onConfigChange(Instant time, String who, String what, String oldValue, String newValue) {
            log.add("change " + who + " " + what + " " + oldValue + " " + newValue);
        }

        @Override
        public void onAlarm(Instant time, int severity, boolean raised, String name, String message) {
            log.add("alarm " + name + " " + severity + " " + raised + " " + message);
        }

        @Override
        public void onRunStop(Instant stop, boolean aborted, long waveforms, long pulses, long dropped, String who, String comment) {
            log.add("stop " + aborted + " " + waveforms + " " + pulses + " " + who + " " + comment);
            stopAborted = aborted;
            stopWaveforms = waveforms;
        }
    }

    static void assertSame(Sent a, Sent b) {
        assertEquals(a.source(), b.source());
        assertEquals(a.queue(), b.queue());
        assertEquals(a.seq(), b.seq());
        assertEquals(a.fiber(), b.fiber());
        assertEquals(a.fen(), b.fen());
        assertEquals(a.channel(), b.channel());
        assertEquals(a.channelId(), b.channelId());
        assertEquals(a.flags(), b.flags());
        assertEquals(a.bits(), b.bits());
        assertEquals(a.pre(), b.pre());
        assertEquals(a.t0(), b.t0());
        assertEquals(a.trigger(), b.trigger());
        assertArrayEquals(a.samples(), b.samples());
    }

    @Test
    void everyFieldAndSampleComesBack(@TempDir Path data) throws Exception {
        RunStore store = new RunStore(data);
        List<Sent> sent = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(42);
        // a ring that holds all 2000 (about 2.6 MB): what is checked is the round trip, not how fast a loaded machine writes
        try (StoreWriter writer = new StoreWriter(1 << 23)) {
            RunControl runs = new RunControl(store, writer, () -> "detector: test\n", "9.9.9");
            assertEquals(1, runs.start("round trip", "tester").number());
            for (int i = 0; i < 2000; i++) {
                Sent s = randomWaveform(rnd, i);
                sent.add(s);
                offer(writer.ingress(), s, i % 2 == 0);
            }
            assertTrue(writer.ingress().submitPulse(123L, 4.5, BeamState.ON));
            assertTrue(writer.ingress().submitConfigChange("expert", "Ch3:Threshold", "1.0", "1.5"));
            assertTrue(writer.ingress().submitAlarm("lostPackets", 2, true, "12 packets lost"));
            RunInfo stopped = runs.stop("done", "tester");
            assertEquals(2000, stopped.waveforms(), "stored; dropped " + stopped.dropped());
            assertEquals(1, stopped.pulses());
            assertEquals(RunState.STOPPED, runs.state());
        }
        Collect got = new Collect();
        try (RunReader reader = store.openReader(1)) {
            reader.drain(got);
            assertEquals(0, reader.unknownRecords());
        }
        assertEquals("detector: test\n", got.config);
        assertEquals(sent.size(), got.waveforms.size());
        for (int i = 0; i < sent.size(); i++) {
            assertSame(sent.get(i), got.waveforms.get(i));
        }
        assertEquals(List.of("start 1 9.9.9 tester round trip", "pulse 123 4.5 1", "change expert Ch3:Threshold 1.0 1.5",
                "alarm lostPackets 2 true 12 packets lost", "stop false 2000 1 tester done"), got.log);
        RunInfo info = store.run(1).orElseThrow();
        assertEquals(RunInfo.State.STOPPED, info.state());
        assertEquals("round trip", info.comment());
        assertNotNull(info.stop());
    }

    @Test
    void aRunJsonWrittenBeforeReadoutLossWasKeptStillReads(@TempDir Path data) throws Exception {
        RunStore store = new RunStore(data);
        Files.createDirectories(store.runDir(41));
        // run.json as formats.md gave it before the readout section existed
        Files.writeString(store.runDir(41).resolve("run.json"), """
                { "number": 41, "state": "STOPPED", "start": "2026-11-24T19:43:12.456Z", "stop": "2026-11-24T21:00:00.1Z",
                  "comment": "old", "waveforms": 123456, "pulses": 0, "dropped": 0, "stopComment": "done" }
                """);
        RunInfo old = store.run(41).orElseThrow();
        assertEquals(123456, old.waveforms());
        assertNull(old.readout(), "nothing was kept, nothing is made up");
        store.writeRunInfo(old);
        assertFalse(Files.readString(store.runDir(41).resolve("run.json")).contains("readout"),
                "a run without loss counts is written without the section");
        assertEquals(old, store.run(41).orElseThrow());
    }

    @Test
    void runNumbersPersistAndWaveformsWithoutARunAreCountedNotStored(@TempDir Path data) throws Exception {
        SplittableRandom rnd = new SplittableRandom(1);
        try (StoreWriter writer = new StoreWriter(1 << 20)) {
            RunControl runs = new RunControl(new RunStore(data), writer, () -> "", "t");
            for (int i = 0; i < 7; i++) {
                offer(writer.ingress(), randomWaveform(rnd, i), true);
            }
            assertEquals(1, runs.start("", "t").number());
            offer(writer.ingress(), randomWaveform(rnd, 7), true);
            runs.stop("", "t");
            for (int i = 0; i < 3; i++) {
                offer(writer.ingress(), randomWaveform(rnd, i), true);
            }
            assertEquals(2, runs.start("", "t").number());
            runs.stop("", "t");
            assertEquals(10, writer.counters().noRunWaveforms());
            assertThrows(IllegalStateException.class, () -> runs.stop("", "t"));
        }
        try (StoreWriter writer = new StoreWriter(1 << 20)) {
            RunControl runs = new RunControl(new RunStore(data), writer, () -> "", "t");
            RunInfo third = runs.start("", "t");
            assertEquals(3, third.number());
            assertThrows(IllegalStateException.class, () -> runs.start("", "t"));
            runs.close();
        }
        RunStore store = new RunStore(data);
        assertEquals(List.of(1, 2, 3), store.runs().stream().map(RunInfo::number).toList());
        assertEquals(1, store.run(1).orElseThrow().waveforms());
        assertTrue(Files.exists(data.resolve("next-run")));
        assertEquals("4", Files.readString(data.resolve("next-run")).strip());
    }

    @Test
    void aTailerSeesRecordsAppendedAfterItReachedTheEnd(@TempDir Path data) throws Exception {
        SplittableRandom rnd = new SplittableRandom(3);
        RunStore store = new RunStore(data);
        try (StoreWriter writer = new StoreWriter(1 << 20)) {
            RunControl runs = new RunControl(store, writer, () -> "", "t");
            runs.start("", "t");
            Collect got = new Collect();
            try (RunReader reader = store.openReader(1)) {
                awaitCount(reader, got, 0);
                for (int i = 0; i < 50; i++) {
                    offer(writer.ingress(), randomWaveform(rnd, i), true);
                }
                awaitCount(reader, got, 50);
                assertEquals(50, got.waveforms.size());
            }
            runs.stop("", "t");
        }
    }

    @Test
    void aReaderComesBackToARecordByItsIndex(@TempDir Path data) throws Exception {
        SplittableRandom rnd = new SplittableRandom(4);
        RunStore store = new RunStore(data);
        List<Sent> sent = new ArrayList<>();
        try (StoreWriter writer = new StoreWriter(1 << 20)) {
            RunControl runs = new RunControl(store, writer, () -> "", "t");
            runs.start("", "t");
            for (int i = 0; i < 20; i++) {
                sent.add(randomWaveform(rnd, i));
                offer(writer.ingress(), sent.get(i), true);
            }
            runs.stop("", "t");
        }
        long[] index = new long[22];
        try (RunReader reader = store.openReader(1)) {
            assertEquals(-1, reader.lastIndex(), "nothing read yet");
            for (int k = 0; k < 22; k++) {
                assertTrue(reader.next(new RecordVisitor() { }));
                index[k] = reader.lastIndex();
                assertTrue(k == 0 || index[k] > index[k - 1], "indices grow along the run");
            }
        }
        // a new reader (a restarted consumer) goes straight to the 11th waveform (record 11: after the run start)
        Collect got = new Collect();
        try (RunReader reader = store.openReader(1)) {
            assertTrue(reader.moveTo(index[11]));
            assertTrue(reader.next(got));
            assertEquals(index[11], reader.lastIndex());
            assertSame(sent.get(10), got.waveforms.get(0));
            assertFalse(reader.moveTo(index[21] + 1000), "no record there");
        }
    }

    @Test
    void storingAWaveformAllocatesNothingOnTheReadoutThreadOrTheWriterThread(@TempDir Path data) throws Exception {
        short[] samples = new short[1024];
        ByteBuf buf = Unpooled.directBuffer(2048);
        for (short v : samples) {
            buf.writeShortLE(v + 1000);
        }
        Waveform w = new Waveform().set(0x7F000001, 0, 1, 0, 0, 3, 3, 0, 14, 256, 1024, 1_000_000L, 2_000_000L, buf, 0);
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (StoreWriter writer = new StoreWriter(8 << 20)) {
            RunControl runs = new RunControl(new RunStore(data), writer, () -> "", "t");
            runs.start("", "t");
            long agent = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("run-store-writer"))
                    .findFirst().orElseThrow().getId();
            int warm = 30_000;
            int n = 100_000;
            for (int i = 0; i < warm; i++) {
                writer.ingress().onWaveform(w);
            }
            awaitStored(writer, warm);
            long producerBefore = mx.getCurrentThreadAllocatedBytes();
            long agentBefore = mx.getThreadAllocatedBytes(agent);
            for (int i = 0; i < n; i++) {
                writer.ingress().onWaveform(w);
            }
            long producerBytes = mx.getCurrentThreadAllocatedBytes() - producerBefore;
            awaitStored(writer, warm + n);
            long agentBytes = mx.getThreadAllocatedBytes(agent) - agentBefore;
            runs.stop("", "t");
            assertEquals(0, producerBytes / n, "bytes allocated per waveform on the readout thread");
            // Chronicle may allocate now and then (a new index block); per waveform that must round to nothing
            assertEquals(0, agentBytes / n, "bytes allocated per waveform on the store writer thread (" + agentBytes + " in all)");
            assertEquals(warm + n, writer.counters().waveforms());
        } finally {
            buf.release();
        }
    }

    private static void awaitStored(StoreWriter writer, long n) throws InterruptedException {
        Await.until(n + " waveforms stored", Duration.ofSeconds(15), () -> writer.counters().waveforms(), stored -> stored >= n);
    }

    private static void awaitCount(RunReader reader, Collect got, int n) throws InterruptedException {
        Await.until(n + " waveforms and a control record read back", Duration.ofSeconds(5), () -> {
            reader.drain(got);
            return got.waveforms.size() >= n && !got.log.isEmpty();
        });
    }
}
