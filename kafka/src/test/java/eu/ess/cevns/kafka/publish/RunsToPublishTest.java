package eu.ess.cevns.kafka.publish;

import eu.ess.cevns.daq.store.RunInfo;
import eu.ess.cevns.daq.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which run the publisher owes, from the runs' files and its own position files. */
class RunsToPublishTest {
    private static void run(RunStore s, int n, RunInfo.State state) throws IOException {
        s.writeRunInfo(new RunInfo(n, state, Instant.EPOCH, null, "", 0, 0, 0, ""));
    }

    @Test
    void neverPublishedBeforeItStartsWithTheRunGoingNowNotWithOldOnes(@TempDir Path data) throws IOException {
        RunStore s = new RunStore(data);
        run(s, 1, RunInfo.State.STOPPED);
        run(s, 2, RunInfo.State.RUNNING);
        RunsToPublish r = new RunsToPublish(s);
        assertEquals(OptionalInt.of(2), r.next());
        r.finished(2);
        assertEquals(OptionalInt.empty(), r.next(), "then it waits");
        run(s, 3, RunInfo.State.RUNNING);
        assertEquals(OptionalInt.of(3), r.next());
    }

    @Test
    void noRunGoingWaitsForTheNext(@TempDir Path data) throws IOException {
        RunStore s = new RunStore(data);
        run(s, 1, RunInfo.State.STOPPED);
        RunsToPublish r = new RunsToPublish(s);
        assertEquals(OptionalInt.empty(), r.next());
        run(s, 2, RunInfo.State.RUNNING);
        assertEquals(OptionalInt.of(2), r.next());
    }

    @Test
    void anUnfinishedPositionComesFirstThenEveryRunAfterIt(@TempDir Path data) throws IOException {
        RunStore s = new RunStore(data);
        for (int n = 1; n <= 4; n++) {
            run(s, n, n == 4 ? RunInfo.State.RUNNING : RunInfo.State.STOPPED);
        }
        new PublishPosition(1, 77, true, true, 5).write(s.runDir(1));
        new PublishPosition(2, 123, false, false, 9).write(s.runDir(2));
        RunsToPublish r = new RunsToPublish(s);
        assertEquals(OptionalInt.of(2), r.next(), "the run it stopped in");
        r.finished(2);
        assertEquals(OptionalInt.of(3), r.next(), "runs stored while it was away are owed too");
        assertEquals(new PublishPosition(2, 123, false, false, 9), PublishPosition.read(s.runDir(2)).orElseThrow(), "the position round trips");
    }

    @Test
    void anUnreadablePositionSaysWhatToDo(@TempDir Path data) throws IOException {
        RunStore s = new RunStore(data);
        run(s, 1, RunInfo.State.STOPPED);
        Files.writeString(s.runDir(1).resolve(PublishPosition.FILE), "{not json");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new RunsToPublish(s));
        assertTrue(e.getMessage().contains("delete it"), e.getMessage());
    }
}
