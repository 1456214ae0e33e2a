package eu.ess.cevns.analysis.export;

import eu.ess.cevns.analysis.monitor.AnalysisSummary;
import eu.ess.cevns.analysis.monitor.RunAnalysis;
import eu.ess.cevns.analysis.stats.OnOff;
import eu.ess.cevns.config.ExpectationInputs;
import eu.ess.cevns.daq.store.RecordVisitor;
import eu.ess.cevns.daq.store.RunInfo;
import eu.ess.cevns.daq.store.RunQuality;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
import eu.ess.cevns.daq.store.StoredWaveform;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Exports runs: reads each with the same {@link RunAnalysis} as {@code analyze} (so the whole run's
 * analysis, fit and reach are the same numbers), keeps the events that pass the filters, counts and
 * expects exactly those ({@link Selection}), and writes HDF5 ({@link NexusWriter}) or CSV
 * ({@link CsvWriter}) to a temporary name beside the target, renamed when complete; on any failure
 * the temporary file is removed and nothing appears under the final name. An existing target is
 * refused unless {@link Options#force()}. A run that is not there (or, with
 * {@link Options#goodOnly()}, is flagged other than good) is skipped and reported, the others are
 * exported. A run still being written is exported as it stands and marked partial.
 */
public final class RunExport {
    /** Output formats. */
    public enum Format { HDF5, CSV }

    /** What to keep: energy range in keVnr, channel ids (empty: all), and whether raw waveforms go along. */
    public record Filter(double minKeVnr, double maxKeVnr, Set<Integer> channels, boolean waveforms) {
        public static final Filter ALL = new Filter(0, Double.POSITIVE_INFINITY, Set.of(), false);

        public Filter(double minKeVnr, double maxKeVnr, Set<Integer> channels) {
            this(minKeVnr, maxKeVnr, channels, false);
        }

        boolean keeps(int channel, double keVnr) {
            return keVnr >= minKeVnr && keVnr <= maxKeVnr && (channels.isEmpty() || channels.contains(channel));
        }
    }

    /** Whether an existing target may be replaced, and whether only runs not flagged bad or check go out. */
    public record Options(boolean force, boolean goodOnly) {
        public static final Options DEFAULT = new Options(false, false);
    }

    /**
     * What a file's counts and exposure describe: exactly the events in it. Counts of the kept events
     * by window, the excess and its significance from them, the expectation of the kept channels and
     * energy range, and the kept channels' share of the target mass (the POT and live times are the
     * run's: every pulse counts for every channel).
     */
    public record Selection(long on, long off, long beamOff, long other, double alpha, double excess, double excessError,
                            double significance, AnalysisSummary.Expectation expected, double massShare) {
    }

    /** One exported run, and its quality flag (null: not flagged). */
    public record Exported(int run, long events, long pulses, boolean partial, boolean aborted, AnalysisSummary summary,
                           Selection selection, RunQuality quality) {
    }

    /** A run left out, and why. */
    public record Skipped(int run, String reason) {
    }

    /** The export as a whole: runs, those left out, file, bytes and time taken. */
    public record Result(List<Exported> runs, List<Skipped> skipped, Path file, long bytes, double seconds) {
        public long events() {
            return runs.stream().mapToLong(Exported::events).sum();
        }
    }

    /** Progress of the reading: records read of about {@code total} (0 when unknown); {@code finished} once per run. */
    @FunctionalInterface
    public interface Progress {
        void update(int run, long records, long total, long eventsKept, boolean finished);
    }

    /** Everything one run contributes to a file. */
    record RunData(int run, RunInfo info, RunAnalysis analysis, AnalysisSummary summary, EventTable table, String softwareVersion,
                   Filter filter, Selection selection, RunQuality quality) {
    }

    private RunExport() {
    }

    /** The export with r = {@code r} and no boost for the expectation, whatever the runs recorded. */
    public static Result export(RunStore store, List<Integer> runs, Format format, Path out, Filter filter, double r,
                                Progress progress) throws IOException {
        return export(store, runs, format, out, filter, new ExpectationInputs(r, 1), progress);
    }

    /** @param override expectation inputs to use instead of each run's recorded ones (null: the run's) */
    public static Result export(RunStore store, List<Integer> runs, Format format, Path out, Filter filter, ExpectationInputs override,
                                Progress progress) throws IOException {
        return export(store, runs, format, out, filter, override, Options.DEFAULT, progress);
    }

    public static Result export(RunStore store, List<Integer> runs, Format format, Path out, Filter filter, ExpectationInputs override,
                                Options options, Progress progress) throws IOException {
        long start = System.nanoTime();
        Path target = out.toAbsolutePath();
        Path folder = target.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IOException("cannot write " + target + ": folder " + folder + " does not exist");
        }
        if (!Files.isWritable(folder)) {
            throw new IOException("cannot write " + target + ": folder " + folder + " is not writable");
        }
        if (Files.exists(target) && !options.force()) {
            throw new IOException(target + " exists; give --force to replace it");
        }
        List<RunData> data = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (int run : runs) {
            Optional<RunInfo> info = store.run(run);
            if (info.isEmpty()) {
                skipped.add(new Skipped(run, "no run " + run + " in " + store.root()));
                continue;
            }
            RunQuality quality = info.get().quality();
            if (options.goodOnly() && quality != null && !quality.good()) {
                skipped.add(new Skipped(run, "flagged " + quality.flag() + (quality.reason().isEmpty() ? "" : " (" + quality.reason() + ")")
                        + (quality.who().isEmpty() ? "" : " by " + quality.who())));
                continue;
            }
            data.add(read(store, run, info.get(), filter, override, quality, progress));
        }
        if (data.isEmpty()) {
            StringBuilder why = new StringBuilder();
            for (Skipped k : skipped) {
                why.append(why.length() == 0 ? "" : "; ").append("run ").append(k.run()).append(": ").append(k.reason());
            }
            throw new IOException("nothing to export to " + target + ": " + why);
        }
        Path tmp = folder.resolve("." + target.getFileName() + ".partial-" + ProcessHandle.current().pid());
        try {
            if (format == Format.HDF5) {
                NexusWriter.write(tmp, data);
            } else {
                CsvWriter.write(tmp, data);
            }
            move(tmp, target);
        } catch (IOException | RuntimeException e) {
            deleteRecursively(tmp);
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            // say what really failed (a full disk reaches us wrapped in the HDF5 writer's exception)
            throw new IOException("export to " + target + " failed, nothing written: " + root.getMessage(), e);
        }
        long bytes = Files.isDirectory(target) ? folderSize(target) : Files.size(target);
        List<Exported> exported = data.stream().map(d -> new Exported(d.run(), d.table().events, d.table().pulses,
                d.info().state() == RunInfo.State.RUNNING, d.info().state() == RunInfo.State.ABORTED || d.analysis().aborted(),
                d.summary(), d.selection(), d.quality())).toList();
        return new Result(exported, List.copyOf(skipped), target, bytes, (System.nanoTime() - start) / 1e9);
    }

    /** Counts, excess and expectation of exactly the kept events. */
    static Selection selection(EventTable t, RunAnalysis analysis, AnalysisSummary s, Filter filter) {
        long on = 0;
        long off = 0;
        long beamOff = 0;
        for (int i = 0; i < t.events; i++) {
            switch (t.window[i]) {
                case 1 -> on++;
                case 2 -> off++;
                case 3 -> beamOff++;
                default -> { }
            }
        }
        double alpha = s.excess().alpha();
        double excess = Double.NaN;
        double error = Double.NaN;
        double significance = Double.NaN;
        if (!Double.isNaN(alpha)) {
            OnOff m = new OnOff(on, off, alpha);
            excess = m.excess();
            error = m.excessError();
            significance = m.liMaSignificance();
        }
        return new Selection(on, off, beamOff, t.events - on - off - beamOff, alpha, excess, error, significance,
                analysis.expectedFor(filter.channels(), filter.minKeVnr(), filter.maxKeVnr()), analysis.massShare(filter.channels()));
    }

    private static RunData read(RunStore store, int run, RunInfo info, Filter filter, ExpectationInputs override, RunQuality quality,
                                Progress progress) {
        EventTable table = new EventTable();
        if (filter.waveforms()) {
            table.samples = new ArrayList<>();
        }
        RunAnalysis analysis = new RunAnalysis(override).listen(new RunAnalysis.EventListener() {
            private boolean kept;

            @Override
            public void onEvent(long pulseT0Ns, long timeSinceT0Ns, int channelId, double keVee, double keVnr, double shape,
                                int window, int beamState) {
                kept = filter.keeps(channelId, keVnr);
                if (kept) {
                    table.addEvent(pulseT0Ns, timeSinceT0Ns, channelId, keVee, keVnr, shape, window, beamState);
                }
            }

            @Override
            public boolean wantsSamples() {
                return filter.waveforms();
            }

            @Override
            public void onEventSamples(short[] samples, int count) {
                if (kept) {
                    table.samples.add(Arrays.copyOf(samples, count));
                }
            }

            @Override
            public void onPulse(long t0Ns, double chargeUc, int beamState) {
                table.addPulse(t0Ns, chargeUc, beamState);
            }
        });
        String[] version = {""};
        RecordVisitor tee = new RecordVisitor() {
            @Override
            public void onRunStart(int number, Instant startTime, String softwareVersion, String who, String comment, String config) {
                version[0] = softwareVersion;
                analysis.onRunStart(number, startTime, softwareVersion, who, comment, config);
            }

            @Override
            public void onWaveform(StoredWaveform waveform) {
                analysis.onWaveform(waveform);
            }

            @Override
            public void onPulse(long t0Ns, double chargeUc, int beamState) {
                analysis.onPulse(t0Ns, chargeUc, beamState);
            }

            @Override
            public void onConfigChange(Instant time, String who, String what, String oldValue, String newValue) {
                analysis.onConfigChange(time, who, what, oldValue, newValue);
            }

            @Override
            public void onRunStop(Instant stop, boolean aborted, long waveforms, long pulses, long dropped, String who, String comment) {
                analysis.onRunStop(stop, aborted, waveforms, pulses, dropped, who, comment);
            }
        };
        long records = 0;
        long lastReport = System.nanoTime();
        try (RunReader reader = store.openReader(run)) {
            while (reader.next(tee)) {
                records++;
                if ((records & 1023) == 0 && System.nanoTime() - lastReport > 200_000_000L) {
                    lastReport = System.nanoTime();
                    progress.update(run, records, info.waveforms() + info.pulses(), table.events, false);
                }
            }
        }
        progress.update(run, records, info.waveforms() + info.pulses(), table.events, true);
        table.sortAndTrim();
        analysis.fit();
        analysis.reach();
        AnalysisSummary summary = analysis.summary();
        return new RunData(run, info, analysis, summary, table, version[0], filter, selection(table, analysis, summary, filter), quality);
    }

    private static void move(Path from, Path to) throws IOException {
        // reached only with --force when the target exists (a file or a CSV folder, either may replace the other)
        if (Files.exists(to)) {
            deleteRecursively(to);
        }
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteRecursively(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        } catch (IOException e) {
            // best effort: a leftover temporary file has a name that says what it is
        }
    }

    private static long folderSize(Path folder) throws IOException {
        try (var s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
