package eu.ess.cevns.daq.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.daq.store.LogEntry;
import eu.ess.cevns.daq.store.LogbookRecords;
import eu.ess.cevns.daq.store.RunInfo;
import eu.ess.cevns.daq.store.RunQuality;
import eu.ess.cevns.daq.store.RunStore;
import eu.ess.cevns.daq.store.StoreWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The run logbook over a real store: what is written while the run is open is in its queue (before
 * the run-stop record) and in its logbook file; what is written after the stop is in the file only;
 * the quality flag is run.json's and survives the stop's rewrite of run.json, as does a field this
 * version does not know; an entry naming no run goes to the open run, else the last stored one
 * (also after a restart).
 */
class RunLogbookTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void entriesGoToTheQueueWhileTheRunIsOpenAndToTheLogbookFileAlways(@TempDir Path data) throws Exception {
        RunStore store = new RunStore(data);
        try (StoreWriter writer = new StoreWriter(1 << 20)) {
            RunControl runs = new RunControl(store, writer, () -> "detector: {}\n", "test");
            RunLogbook logbook = new RunLogbook(store, runs, writer.ingress(), Instant::now);
            assertTrue(logbook.defaultRun().isEmpty(), "no run, no logbook");

            int run = runs.start("cold run", "alice").number();
            assertEquals(run, logbook.defaultRun().getAsInt());
            RunLogbook.Written a = logbook.write(run, "alice", "beam trip at 03:12", List.of("beam trip"));
            assertTrue(a.inQueue(), "the open run's queue has it");
            RunLogbook.Written q = logbook.setQuality(run, RunQuality.Flag.CHECK, "HV 2 flickered", "bob");
            assertTrue(q.inQueue());
            // a field someone added by hand (or a newer version wrote) must survive every rewrite of run.json
            Path json = store.runDir(run).resolve("run.json");
            ObjectNode o = (ObjectNode) JSON.readTree(json.toFile());
            o.put("site", "hall E");
            Files.writeString(json, JSON.writeValueAsString(o));

            RunInfo stopped = runs.stop("end of fill", "alice");
            assertEquals(RunInfo.State.STOPPED, stopped.state());
            assertFalse(logbook.write(run, "carol", "looked at it again: fine", List.of()).inQueue(), "a closed queue is not appended to");
            logbook.setQuality(run, RunQuality.Flag.GOOD, "", "carol");

            assertEquals(List.of("log alice: beam trip at 03:12 [beam trip]", "quality bob: check HV 2 flickered", "stop"),
                    LogbookRecords.withStop(store, run), "the queue holds what was written while it was open, before its stop record");
            List<LogEntry> book = logbook.entries(run);
            assertEquals(List.of("alice beam trip at 03:12 [beam trip] null", "bob HV 2 flickered [] check",
                    "carol looked at it again: fine [] null", "carol  [] good"),
                    book.stream().map(e -> e.who() + " " + e.text() + " " + e.tags() + " " + e.quality()).toList(),
                    "the logbook file holds everything, oldest first");
            RunInfo info = store.run(run).orElseThrow();
            assertEquals("good", info.quality().flag(), "the flag in force is the last one set");
            assertEquals("carol", info.quality().who());
            assertEquals("end of fill", info.stopComment(), "the stop's own fields are there too");
            assertEquals("hall E", JSON.readTree(json.toFile()).path("site").asText(), "the unknown field survived the stop's rewrite");
        }
    }

    @Test
    void anEntryThatNamesNoRunGoesToTheLastStoredRunAfterARestart(@TempDir Path data) throws Exception {
        RunStore store = new RunStore(data);
        try (StoreWriter writer = new StoreWriter(1 << 20)) {
            RunControl runs = new RunControl(store, writer, () -> "detector: {}\n", "test");
            runs.start("", "a");
            runs.stop("", "a");
            runs.start("", "a");
            runs.stop("", "a");
        }
        try (StoreWriter writer = new StoreWriter(1 << 20)) {
            RunControl runs = new RunControl(store, writer, () -> "detector: {}\n", "test");
            assertNull(runs.current(), "a fresh server has no current run");
            RunLogbook logbook = new RunLogbook(store, runs, writer.ingress(), Instant::now);
            assertEquals(2, logbook.defaultRun().getAsInt());
        }
    }

    @Test
    void aLineCutShortByAPowerCutIsLeftOutAndTheOthersRead(@TempDir Path data) throws Exception {
        RunStore store = new RunStore(data);
        store.writeRunInfo(new RunInfo(1, RunInfo.State.STOPPED, Instant.parse("2026-12-01T10:00:00Z"),
                Instant.parse("2026-12-01T11:00:00Z"), "", 0, 0, 0, ""));
        store.appendLog(1, LogEntry.note(Instant.parse("2026-12-01T10:05:00Z"), "a", "first", List.of("x")));
        Files.writeString(store.runDir(1).resolve(RunStore.LOGBOOK), "{\"time\":\"2026-12-01T10:06:00Z\",\"who\":\"b\",\"te",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertEquals(List.of("first"), store.logbook(1).stream().map(LogEntry::text).toList());
        assertThrows(IllegalArgumentException.class, () -> store.appendLog(2, LogEntry.note(Instant.now(), "a", "no such run", List.of())));
    }
}
