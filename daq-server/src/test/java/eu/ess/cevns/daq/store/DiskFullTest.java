package eu.ess.cevns.daq.store;

import eu.ess.cevns.config.StoreSettings;
import eu.ess.cevns.daq.Await;
import eu.ess.cevns.daq.run.RunControl;
import eu.ess.cevns.daq.run.RunState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A full data disk, with the disk's free space injected (a "disk" of a few MiB whose usage is the
 * store's own bytes): the run stops cleanly with reason diskFull before it eats into the reserve,
 * waveforms that arrive while the store cannot write are dropped and counted at once on the
 * producer's thread, a start is refused until the space is back, and then a run starts again.
 * The same on a real full file system is {@link DiskFullOnTmpfsTest}.
 */
class DiskFullTest {
    static final long MIB = 1 << 20;

    /** A disk of {@code capacityBytes} that holds nothing but the store's records. */
    static final class SmallDisk implements FreeSpace {
        volatile long capacityBytes;
        volatile StoreCounters counters;

        SmallDisk(long capacityBytes) {
            this.capacityBytes = capacityBytes;
        }

        @Override
        public long usableBytes(Path dir) {
            return capacityBytes - (counters == null ? 0 : counters.bytes());
        }
    }

    /** What the store told, in order. */
    static final class Events implements StoreEvents {
        final BlockingQueue<Object> told = new LinkedBlockingQueue<>();

        @Override
        public void onRunEnded(RunEnd end) {
            told.add(end);
        }

        @Override
        public void onSpaceBack(long usableBytes) {
            told.add(usableBytes);
        }

        Object next() throws InterruptedException {
            Object o = told.poll(Await.DEFAULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(o, "the store told nothing within " + Await.DEFAULT_TIMEOUT);
            return o;
        }
    }

    @Test
    void aRunStopsCleanlyBeforeTheReserveAndWhatArrivesWhileFullIsCountedAtOnce(@TempDir Path data) throws Exception {
        long reserve = MIB;
        SmallDisk disk = new SmallDisk(6 * MIB);
        Events events = new Events();
        SplittableRandom rnd = new SplittableRandom(7);
        long offered = 0;
        try (StoreWriter writer = new StoreWriter(new StoreSettings(1 << 20, reserve, false), StoreWriter.DEFAULT_MAX_WAIT_NS, null,
                disk)) {
            disk.counters = writer.counters();
            writer.listen(events);
            RunStore store = new RunStore(data);
            RunControl runs = new RunControl(store, writer, () -> "", "t");
            assertEquals(1, runs.start("filling", "tester").number());
            while (writer.state() == StoreState.RECORDING && offered < 100_000) {
                RunStoreTest.offer(writer.ingress(), RunStoreTest.randomWaveform(rnd, (int) offered), true);
                offered++;
            }
            RunEnd end = (RunEnd) events.next();
            assertEquals(1, end.run());
            assertEquals(StopReason.DISK_FULL, end.reason());
            assertTrue(end.stopRecordWritten());
            assertTrue(end.message().contains("data disk is full") && end.message().contains("in reserve (1.0 MiB, store.reserveMb)"), end.message());
            assertEquals(StoreState.DISK_FULL, writer.state());
            assertEquals(end.message(), writer.stateMessage());
            // the appends stopped before the reserve: records and Chronicle's per-record bytes fit in capacity − reserve
            long bytes = writer.counters().bytes();
            assertTrue(bytes <= disk.capacityBytes - reserve, bytes + " bytes stored");
            assertTrue(bytes > disk.capacityBytes - reserve - 4096, "the run used the disk up to the reserve, less one record: " + bytes);

            // run control records the stop as the store made it
            runs.storeEnded(end);
            assertEquals(RunState.STOPPED, runs.state());
            RunInfo info = store.run(1).orElseThrow();
            assertEquals(RunInfo.State.STOPPED, info.state());
            assertEquals("diskFull", info.stopReason());
            assertEquals(end.message(), info.stopComment());
            assertEquals(end.waveforms(), info.waveforms());
            assertTrue(info.droppedByReason().get("diskFull") >= 1, "the waveform that did not fit is counted: " + info);
            assertFalse(info.stop().isAfter(Instant.now()) || info.stop().isBefore(info.start()), info.toString());

            // while full, a waveform is dropped and counted by its producer at once: the ring is never waited on
            long droppedBefore = writer.counters().dropped(DropReason.DISK_FULL);
            long noRunBefore = writer.counters().noRunWaveforms();
            for (int i = 0; i < 5000; i++) {
                RunStoreTest.offer(writer.ingress(), RunStoreTest.randomWaveform(rnd, i), i % 2 == 0);
                offered++;
            }
            assertEquals(droppedBefore + 5000, writer.counters().dropped(DropReason.DISK_FULL), "counted on the producer's thread");
            assertEquals(noRunBefore, writer.counters().noRunWaveforms());

            // every waveform offered is stored or counted, once the writer has counted what was still in the ring
            long stored = storedIn(store, 1);
            assertEquals(end.waveforms(), stored);
            long total = offered;
            Await.until("every waveform offered stored or counted", seconds(10),
                    () -> stored + writer.counters().dropped() + writer.counters().noRunWaveforms(), n -> n == total);
            assertEquals(0, writer.counters().dropped(DropReason.RING_FULL));
            assertEquals(0, writer.counters().noRunWaveforms());

            // a start is refused, with what to do, and takes no run number; the stop of a stopped run says so
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> runs.start("again", "tester"));
            assertTrue(refused.getMessage().contains("free space on the data disk first"), refused.getMessage());
            assertThrows(IllegalStateException.class, () -> runs.stop("", "tester"));

            // space back (twice the reserve free): told, refusing no more, and a run starts with the next number
            disk.capacityBytes += 100 * MIB;
            Object back = events.next();
            assertTrue(back instanceof Long free && free >= 2 * reserve, "space back: " + back);
            assertEquals(StoreState.IDLE, writer.state());
            assertEquals("", writer.stateMessage());
            long droppedFull = writer.counters().dropped(DropReason.DISK_FULL);
            assertEquals(2, runs.start("space again", "tester").number());
            RunStoreTest.offer(writer.ingress(), RunStoreTest.randomWaveform(rnd, 1), true);
            Await.until("the waveform of run 2 stored", () -> writer.counters().waveforms() == 1);
            assertEquals(droppedFull, writer.counters().dropped(DropReason.DISK_FULL));
            assertEquals(StopReason.NORMAL.key(), runs.stop("done", "tester").stopReason());
        }
        assertFalse(Files.exists(new RunStore(data).runDir(3)), "the refused start left no run behind");
        assertStopReason(new RunStore(data).runDir(1), StopReason.DISK_FULL);
    }

    @Test
    void aStopThatMeetsARunTheStoreAlreadyEndedGetsThatEnd(@TempDir Path data) throws Exception {
        SmallDisk disk = new SmallDisk(4 * MIB);
        SplittableRandom rnd = new SplittableRandom(3);
        try (StoreWriter writer = new StoreWriter(new StoreSettings(1 << 20, MIB, false), StoreWriter.DEFAULT_MAX_WAIT_NS, null,
                disk)) {
            disk.counters = writer.counters();
            RunControl runs = new RunControl(new RunStore(data), writer, () -> "", "t");
            runs.start("", "t");
            for (int i = 0; writer.state() == StoreState.RECORDING && i < 100_000; i++) {
                RunStoreTest.offer(writer.ingress(), RunStoreTest.randomWaveform(rnd, i), true);
            }
            // no listener: run control learns of the disk-full stop from its own stop command
            RunInfo stopped = runs.stop("operator stop", "tester");
            assertEquals(RunInfo.State.STOPPED, stopped.state());
            assertEquals("diskFull", stopped.stopReason());
            assertTrue(stopped.stopComment().contains("data disk is full"), stopped.stopComment());
        }
    }

    static long storedIn(RunStore store, int run) {
        RunStoreTest.Collect c = new RunStoreTest.Collect();
        try (RunReader r = store.openReader(run)) {
            r.drain(c);
        }
        return c.waveforms.size();
    }

    /** The reason byte of the run's last record, which must be its run-stop record. */
    static void assertStopReason(Path runDir, StopReason expected) {
        try (var queue = RunQueues.open(runDir); var tailer = queue.createTailer().direction(net.openhft.chronicle.queue.TailerDirection.BACKWARD).toEnd()) {
            try (var dc = tailer.readingDocument()) {
                assertTrue(dc.isPresent(), "the run has records");
                var b = dc.wire().bytes();
                long at = b.readPosition();
                assertEquals(RecordKind.RUN_STOP, b.readByte(at + RecordKind.KIND_OFFSET), "the last record is the run stop");
                assertEquals(expected.code(), b.readByte(at + RunStopRecord.REASON_OFFSET));
            }
        }
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
