package eu.ess.cevns.daq.run;

import eu.ess.cevns.daq.store.LogEntry;
import eu.ess.cevns.daq.store.RunInfo;
import eu.ess.cevns.daq.store.RunQuality;
import eu.ess.cevns.daq.store.RunStore;
import eu.ess.cevns.daq.store.StoreIngress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The run logbook: entries (who, when, text, tags) and the run's quality flag (good, bad or check,
 * with a reason), at any time, for any stored run. Every entry and flag goes to the run's
 * {@code logbook.jsonl} (the complete logbook, read without the queue); a flag also to
 * {@code run.json}'s {@code quality}, which listings and {@code export --good-only} read. When the
 * run is the open one, the entry is also recorded in its queue (a {@code LOG_ENTRY} or
 * {@code RUN_QUALITY} record), where a replay sees it in time order; a closed queue is never
 * appended to. An entry that names no run goes to the open run, else the last one.
 */
public final class RunLogbook {
    private static final Logger LOG = LoggerFactory.getLogger(RunLogbook.class);
    /** Longest entry text or reason, characters. */
    public static final int MAX_TEXT_CHARS = 4000;
    /** Most tags on one entry. */
    public static final int MAX_TAGS = 8;
    /** Longest tag, characters. */
    public static final int MAX_TAG_CHARS = 40;
    /** The tags the page offers; any other short tag is accepted too. */
    public static final List<String> SUGGESTED_TAGS = List.of("beam trip", "calibration", "bad data", "hardware", "shift change");

    private final RunStore store;
    private final RunControl runs;
    private final StoreIngress ingress;
    private final Supplier<Instant> clock;

    /** What was written where: the run, the entry as the logbook keeps it, and whether the run's queue has it too. */
    public record Written(int run, LogEntry entry, boolean inQueue) {
    }

    public RunLogbook(RunStore store, RunControl runs, StoreIngress ingress, Supplier<Instant> clock) {
        this.store = store;
        this.runs = runs;
        this.ingress = ingress;
        this.clock = clock;
    }

    /** The run an entry that names none goes to: the open run, else the last one run control or the store knows; empty before any. */
    public OptionalInt defaultRun() {
        RunInfo current = runs.current();
        if (current != null) {
            return OptionalInt.of(current.number());
        }
        List<RunInfo> all = store.runs();
        return all.isEmpty() ? OptionalInt.empty() : OptionalInt.of(all.get(all.size() - 1).number());
    }

    /** Whether run {@code run} is stored. */
    public boolean exists(int run) {
        return store.run(run).isPresent();
    }

    /** Writes an entry in run {@code run}'s logbook (checked by the caller: the limits above). */
    public Written write(int run, String who, String text, List<String> tags) throws IOException {
        Instant now = clock.get();
        store.appendLog(run, LogEntry.note(now, who, text, tags));
        boolean[] queued = {false};
        runs.whileOpen(run, () -> queued[0] = ingress.submitLogEntry(now, who, text, tags));
        warnIfLost(run, queued[0], "logbook entry");
        return new Written(run, LogEntry.note(now, who, text, tags), queued[0]);
    }

    /** Flags run {@code run} good, bad or check, with the reason; the flag in force is the last one set. */
    public Written setQuality(int run, RunQuality.Flag flag, String reason, String who) throws IOException {
        Instant now = clock.get();
        store.update(run, info -> info.withQuality(RunQuality.of(flag, reason, who, now)));
        LogEntry entry = LogEntry.quality(now, who, flag, reason);
        store.appendLog(run, entry);
        boolean[] queued = {false};
        runs.whileOpen(run, () -> queued[0] = ingress.submitRunQuality(now, who, flag, reason));
        warnIfLost(run, queued[0], "quality flag");
        LOG.info("run {} flagged {} by {}{}", run, flag.text(), who, reason.isEmpty() ? "" : ": " + reason);
        return new Written(run, entry, queued[0]);
    }

    private void warnIfLost(int run, boolean queued, String what) {
        if (!queued && runs.whileOpen(run, () -> { })) {
            // the store stayed full for its whole wait: the logbook file has it, the queue does not
            LOG.warn("run {}: {} written to the logbook file but not to the run's queue (store busy)", run, what);
        }
    }

    /** Run {@code run}'s logbook, oldest first. */
    public List<LogEntry> entries(int run) {
        return store.logbook(run);
    }
}
