package eu.ess.cevns.daq.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link RunStore#newestRun}: what {@code analyze --follow} follows, from next-run and the run folders. */
class NewestRunTest {
    @Test
    void theNewestRunWithARunJsonRunningOrNot(@TempDir Path root) throws IOException {
        RunStore store = new RunStore(root);
        assertEquals(-1, store.newestRun(), "an empty data root has none");

        int first = store.allocateRunNumber();
        assertEquals(-1, store.newestRun(), "a number taken, its run.json not yet written");
        store.writeRunInfo(RunInfo.running(first, Instant.now(), "one"));
        assertEquals(first, store.newestRun());

        int second = store.allocateRunNumber();
        RunInfo started = RunInfo.running(second, Instant.now(), "two");
        store.writeRunInfo(started);
        assertEquals(second, store.newestRun());
        store.discardUnstarted(started, "the queue could not be opened");
        assertEquals(first, store.newestRun(), "a discarded number is skipped");

        Files.delete(root.resolve("next-run"));
        assertEquals(first, store.newestRun(), "without next-run the folders are listed");
    }
}
