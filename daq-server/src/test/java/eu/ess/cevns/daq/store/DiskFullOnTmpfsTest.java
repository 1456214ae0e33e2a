package eu.ess.cevns.daq.store;

import eu.ess.cevns.config.StoreSettings;
import eu.ess.cevns.daq.Await;
import eu.ess.cevns.daq.Tmpfs;
import eu.ess.cevns.daq.run.RunControl;
import eu.ess.cevns.daq.run.RunState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The store on a real file system that fills up: a 48 MiB tmpfs (as in issue 11, where the writer
 * thread died of SIGBUS at about 40 000 waveforms and readout then waited 1 s per waveform). With
 * the reserve the run stops cleanly with reason diskFull and every waveform is stored or counted;
 * with the free-space check blinded, the memory-mapped write really faults, and the run is aborted
 * with what is on disk while the writer lives on. Skipped, saying so, where a tmpfs cannot be
 * mounted (it needs root; CI runs as root).
 */
class DiskFullOnTmpfsTest {
    static final long MIB = 1 << 20;

    @Test
    void onAFullFileSystemTheRunStopsCleanlyEveryWaveformIsAccountedAndRunsStartAgainWhenSpaceIsBack(@TempDir Path tmp)
            throws Exception {
        try (Tmpfs disk = Tmpfs.mount(tmp.resolve("disk"), 48)) {
            DiskFullTest.Events events = new DiskFullTest.Events();
            SplittableRandom rnd = new SplittableRandom(11);
            RunStore store = new RunStore(disk.dir());
            long offered = 0;
            try (StoreWriter writer = new StoreWriter(new StoreSettings(1 << 20, 8 * MIB, false), StoreWriter.DEFAULT_MAX_WAIT_NS, null,
                    FreeSpace.ofFileSystem())) {
                writer.listen(events);
                RunControl runs = new RunControl(store, writer, () -> "", "t");
                runs.start("filling a 48 MiB disk", "tester");
                // about 1.2 kB a waveform: 48 MiB hold some 40 000
                while (writer.state() == StoreState.RECORDING && offered < 200_000) {
                    RunStoreTest.offer(writer.ingress(), RunStoreTest.randomWaveform(rnd, (int) offered), true);
                    offered++;
                }
                RunEnd end = (RunEnd) events.next();
                assertEquals(StopReason.DISK_FULL, end.reason(), end.toString());
                runs.storeEnded(end);
                for (int i = 0; i < 10_000; i++) {
                    RunStoreTest.offer(writer.ingress(), RunStoreTest.randomWaveform(rnd, i), true);
                    offered++;
                }
                long total = offered;
                Await.until("every waveform offered stored or counted", Duration.ofSeconds(10),
                        () -> end.waveforms() + writer.counters().dropped() + writer.counters().noRunWaveforms(), n -> n == total);
                long free = Files.getFileStore(disk.dir()).getUsableSpace();
                System.out.printf("48 MiB tmpfs, reserve 8 MiB: offered %d waveforms, stored %d, dropped %d (diskFull %d, ringFull %d),"
                                + " %.1f MiB left free%n", offered, end.waveforms(), writer.counters().dropped(),
                        writer.counters().dropped(DropReason.DISK_FULL), writer.counters().dropped(DropReason.RING_FULL), free / (double) MIB);
                assertTrue(end.waveforms() > 20_000, "the disk was used: " + end.waveforms());
                assertTrue(free >= 4 * MIB, "the reserve was left (less Chronicle's index and file headers): " + free);
                assertEquals(RunInfo.State.STOPPED, store.run(1).orElseThrow().state());
                assertEquals("diskFull", store.run(1).orElseThrow().stopReason());
                assertEquals(end.waveforms(), DiskFullTest.storedIn(store, 1), "every waveform counted as stored is in the run");
                DiskFullTest.assertStopReason(store.runDir(1), StopReason.DISK_FULL);
                assertEquals(RunState.STOPPED, runs.state());

                // the operator moves run 1 away: the space comes back, and a run starts and stores again
                deleteQueueFiles(store.runDir(1));
                assertTrue(events.next() instanceof Long, "space back is told");
                assertEquals(StoreState.IDLE, writer.state());
                assertEquals(2, runs.start("after the cleanup", "tester").number());
                for (int i = 0; i < 100; i++) {
                    RunStoreTest.offer(writer.ingress(), RunStoreTest.randomWaveform(rnd, i), true);
                }
                assertEquals(100, runs.stop("done", "tester").waveforms());
            }
        }
    }

    @Test
    void aWriteThatFaultsAbortsTheRunWithWhatIsOnDiskAndTheWriterLivesOn(@TempDir Path tmp) throws Exception {
        try (Tmpfs disk = Tmpfs.mount(tmp.resolve("disk"), 48)) {
            // ballast, deleted after the fault, so that the aborted run can be read back and a run started again
            Path ballast = disk.dir().resolve("ballast");
            Files.write(ballast, new byte[(int) (4 * MIB)]);
            DiskFullTest.Events events = new DiskFullTest.Events();
            SplittableRandom rnd = new SplittableRandom(5);
            RunStore store = new RunStore(disk.dir().resolve("data"));
            Files.createDirectories(store.root());
            // blinded: the free-space check always sees room, so the full tmpfs makes the write fault (SIGBUS)
            FreeSpace blind = dir -> Long.MAX_VALUE / 4;
            try (StoreWriter writer = new StoreWriter(new StoreSettings(1 << 20, 8 * MIB, false), StoreWriter.DEFAULT_MAX_WAIT_NS, null,
                    blind)) {
                writer.listen(events);
                RunControl runs = new RunControl(store, writer, () -> "", "t");
                runs.start("to fault", "tester");
                long offered = 0;
                while (writer.state() == StoreState.RECORDING && offered < 200_000) {
                    RunStoreTest.offer(writer.ingress(), RunStoreTest.randomWaveform(rnd, (int) offered), true);
                    offered++;
                }
                RunEnd end = (RunEnd) events.next();
                System.out.println("fault after " + offered + " waveforms offered, " + end.waveforms() + " stored: " + end.message());
                assertEquals(StopReason.ABORTED, end.reason());
                assertFalse(end.stopRecordWritten());
                assertTrue(end.message().contains("the store could not write"), end.message());
                assertEquals(StoreState.WRITE_ERROR, writer.state(), "the blinded check sees room, so it is not taken for a full disk");
                // the disk is full: run control knows the run ended, but its run.json must wait for room
                runs.storeEnded(end);
                assertEquals(RunState.STOPPED, runs.state());
                assertEquals(RunInfo.State.ABORTED, runs.current().state());

                // the writer lives: what arrives is counted at once, and a start that cannot open its queue fails cleanly
                long before = writer.counters().dropped(DropReason.WRITE_ERROR);
                for (int i = 0; i < 1000; i++) {
                    RunStoreTest.offer(writer.ingress(), RunStoreTest.randomWaveform(rnd, i), true);
                }
                assertEquals(before + 1000, writer.counters().dropped(DropReason.WRITE_ERROR));
                Files.delete(ballast);
                assertEquals(end.waveforms(), DiskFullTest.storedIn(store, 1), "what was complete on disk reads back");
                deleteQueueFiles(store.runDir(1));
                assertEquals(2, runs.start("after the fault", "tester").number());
                assertEquals(RunInfo.State.ABORTED, store.run(1).orElseThrow().state(), "run 1's file written once there was room");
                assertEquals("aborted", store.run(1).orElseThrow().stopReason());
                assertEquals(StoreState.RECORDING, writer.state());
                for (int i = 0; i < 10; i++) {
                    RunStoreTest.offer(writer.ingress(), RunStoreTest.randomWaveform(rnd, i), true);
                }
                assertEquals(10, runs.stop("done", "tester").waveforms());
            }
        }
    }

    static void deleteQueueFiles(Path runDir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(runDir, "*.cq4")) {
            for (Path f : files) {
                Files.delete(f);
            }
        }
    }
}
