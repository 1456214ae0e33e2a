package eu.ess.cevns.daq.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The data root: {@code runs/000042/} per run (the Chronicle files, {@code run.json} and the run's
 * {@code logbook.jsonl}), and {@code next-run} holding the next run number so that numbers are
 * never reused, not even after a crash. Small files are replaced atomically (write a temporary
 * file, then rename), so a crash leaves the old or the new version, never half of one; a rewrite of
 * {@code run.json} keeps every field this version does not know (a newer version's, or one added by
 * hand). The logbook is appended to, one JSON object a line, and forced to disk. Listing reads only
 * {@code run.json}s and changes nothing; {@link RunRecovery} is what closes runs a crash left open.
 * Writers in one server are serialised here (run control, the logbook, the analysis's summary).
 */
public final class RunStore {
    private static final Logger LOG = LoggerFactory.getLogger(RunStore.class);
    static final String RUN_JSON = "run.json";
    /** The run's logbook beside its queue: one {@link LogEntry} as JSON a line. */
    public static final String LOGBOOK = "logbook.jsonl";
    private static final String NEXT_RUN = "next-run";
    // a run.json may hold more than this version knows (a quality flag set by hand or by a newer version): it still lists
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final ObjectMapper LINES = JSON.copy().disable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    public RunStore(Path root) {
        this.root = root.toAbsolutePath();
    }

    public Path root() {
        return root;
    }

    public Path runsDir() {
        return root.resolve("runs");
    }

    public Path runDir(int number) {
        return runsDir().resolve(String.format("%06d", number));
    }

    /** Every run with a readable run.json, by number. */
    public List<RunInfo> runs() {
        List<RunInfo> out = new ArrayList<>();
        if (!Files.isDirectory(runsDir())) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(runsDir())) {
            for (Path d : dirs) {
                Path json = d.resolve(RUN_JSON);
                if (Files.isRegularFile(json)) {
                    try {
                        out.add(JSON.readValue(json.toFile(), RunInfo.class));
                    } catch (IOException e) {
                        LOG.warn("skipping run directory {}: unreadable {}: {}", d, RUN_JSON, e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runsDir(), e);
        }
        out.sort(Comparator.comparingInt(RunInfo::number));
        return out;
    }

    public Optional<RunInfo> run(int number) {
        Path json = runDir(number).resolve(RUN_JSON);
        if (!Files.isRegularFile(json)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(json.toFile(), RunInfo.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json, e);
        }
    }

    /**
     * The newest run whose {@code run.json} exists (running or not), or -1 if there is none: what a
     * process beside the server ({@code analyze --follow}) follows. It reads {@code next-run} and
     * the run folders just below it, not every {@code run.json}, so it is cheap enough to poll; a
     * number taken and then discarded (a run that never started) is skipped.
     */
    public int newestRun() {
        Path file = root.resolve(NEXT_RUN);
        int next;
        try {
            next = Files.exists(file) ? Integer.parseInt(Files.readString(file).strip()) : -1;
        } catch (IOException | NumberFormatException e) {
            next = -1;
        }
        // a discarded number leaves no run.json: look a few further down before listing everything
        // (as also when there is no next-run: a data root written by hand, or copied)
        for (int n = next - 1; n >= Math.max(1, next - 8); n--) {
            if (Files.isRegularFile(runDir(n).resolve(RUN_JSON))) {
                return n;
            }
        }
        List<RunInfo> all = runs();
        return all.isEmpty() ? -1 : all.get(all.size() - 1).number();
    }

    /** Takes the next run number and persists the one after it before anything is written. */
    public synchronized int allocateRunNumber() throws IOException {
        Files.createDirectories(runsDir());
        int next = 1;
        Path file = root.resolve(NEXT_RUN);
        if (Files.exists(file)) {
            next = Integer.parseInt(Files.readString(file).strip());
        }
        // a run directory beyond next-run (a copied-in run, a lost write) must not be overwritten
        for (RunInfo r : runs()) {
            next = Math.max(next, r.number() + 1);
        }
        while (Files.exists(runDir(next))) {
            next++;
        }
        writeAtomically(file, Integer.toString(next + 1) + "\n");
        return next;
    }

    /**
     * Writes run.json for {@code info}, over the fields it had: what {@code info} leaves out (a
     * section not known yet is null and not written) and what this version does not know are kept.
     */
    public synchronized void writeRunInfo(RunInfo info) throws IOException {
        Path dir = runDir(info.number());
        Files.createDirectories(dir);
        Path file = dir.resolve(RUN_JSON);
        ObjectNode merged = JSON.createObjectNode();
        if (Files.isRegularFile(file)) {
            try {
                if (JSON.readTree(file.toFile()) instanceof ObjectNode old) {
                    merged = old;
                }
            } catch (IOException e) {
                LOG.warn("rewriting unreadable {} of run {}: {}", RUN_JSON, info.number(), e.getMessage());
            }
        }
        merged.setAll((ObjectNode) JSON.valueToTree(info));
        writeAtomically(file, JSON.writeValueAsString(merged) + "\n");
    }

    /** Rewrites run {@code number}'s run.json with {@code change} applied; returns the run as written. */
    public synchronized RunInfo update(int number, UnaryOperator<RunInfo> change) throws IOException {
        RunInfo now = run(number).orElseThrow(() -> new IllegalArgumentException("no run " + number + " in " + root));
        RunInfo next = change.apply(now);
        writeRunInfo(next);
        return next;
    }

    /** Appends {@code entry} to run {@code number}'s logbook and forces it to disk. */
    public synchronized void appendLog(int number, LogEntry entry) throws IOException {
        Path dir = runDir(number);
        if (!Files.isRegularFile(dir.resolve(RUN_JSON))) {
            throw new IllegalArgumentException("no run " + number + " in " + root);
        }
        byte[] line = (LINES.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(dir.resolve(LOGBOOK), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) {
                out.write(b);
            }
            out.force(false);
        }
    }

    /**
     * Run {@code number}'s logbook, oldest first (empty when nothing was written). A line that does
     * not read (cut short by a power cut while it was written) is left out and logged.
     */
    public List<LogEntry> logbook(int number) {
        Path file = runDir(number).resolve(LOGBOOK);
        List<LogEntry> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(LINES.readValue(line, LogEntry.class));
            } catch (IOException e) {
                LOG.warn("{} line {}: unreadable, skipped: {}", file, i + 1, e.getMessage());
            }
        }
        return out;
    }

    /**
     * A run whose queue could not be opened ({@code why}): its folder is removed if nothing but its
     * {@code run.json} was written, else it is marked ABORTED, so no run is left RUNNING for
     * recovery to find. Its number stays used.
     */
    public void discardUnstarted(RunInfo run, String why) {
        Path dir = runDir(run.number());
        try {
            Files.deleteIfExists(dir.resolve(RUN_JSON));
            try (DirectoryStream<Path> left = Files.newDirectoryStream(dir)) {
                if (!left.iterator().hasNext()) {
                    Files.delete(dir);
                    return;
                }
            }
            writeRunInfo(new RunInfo(run.number(), RunInfo.State.ABORTED, run.start(), run.start(), run.comment(), 0, 0, 0,
                    "not started: " + why, StopReason.ABORTED.key(), null));
        } catch (IOException e) {
            LOG.warn("run {} did not start ({}) and its folder {} could not be cleared: {}", run.number(), why, dir, e.toString());
        }
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A reader over run {@code number}'s records from its first. */
    public RunReader openReader(int number) {
        Path dir = runDir(number);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no run " + number + " in " + root);
        }
        return new RunReader(dir);
    }
}
