package eu.ess.cevns.daq.history;

import eu.ess.cevns.config.HistorySettings;
import eu.ess.cevns.daq.status.StatusSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The server's status history: every second, each series' value from that second's
 * {@link StatusSnapshot} goes into the fine tier's bucket, and the coarse bucket holding it is
 * recomputed from the fine buckets (so the coarse tier never depends on memory a restart loses).
 * Both tiers are {@link HistoryRing} files of fixed size in {@code DATA/history/}; the heap holds
 * one row. {@link #read} answers a range from the finest tier that still covers its start, in at
 * most {@code maxPoints} buckets, each combining the tier's buckets by the series' aggregation.
 * Series are fixed when the history opens (the server's and those extensions added). If the files
 * cannot be opened the server runs without history and says why ({@link #unavailable}).
 */
public final class StatusHistory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusHistory.class);
    /** Seconds between forcing the files to disk: what a power cut can lose (a crash of the JVM loses nothing). */
    static final long FORCE_EVERY_S = 60;
    static final String FILE_PREFIX = "status-";
    static final String FILE_SUFFIX = ".hist";

    /**
     * A range as read: the range the tier could answer (epoch seconds), the bucket width of the
     * answer and of the tier it came from, the oldest bucket any tier holds (Long.MAX_VALUE: none),
     * the series, the start of each bucket and, per series, each bucket's value (NaN: no data).
     */
    public record Range(long fromS, long toS, int stepS, int resolutionS, long oldestS, List<HistorySeries> fields, long[] t,
                        float[][] values) {
    }

    private final HistorySettings settings;
    private final Path dir;
    private final Supplier<Instant> clock;
    private final List<HistorySeries> series = new ArrayList<>();
    private final Set<HistorySeries> failing = new HashSet<>();
    private HistoryRing fine;
    private HistoryRing coarse;
    private String unavailable = "the history is not open yet";
    private StatusSnapshot previous;
    private long lastFine = Long.MIN_VALUE;
    private long lastForceS;
    private float[] row;
    private float[] scratch;

    /** A history in {@code dir} of the series {@code own} (more may be added until {@link #open}); {@code clock} says what "now" is. */
    public StatusHistory(HistorySettings settings, Path dir, List<HistorySeries> own, Supplier<Instant> clock) {
        this.settings = settings;
        this.dir = dir;
        this.clock = clock;
        own.forEach(this::addSeries);
    }

    /** Adds a series (an extension's); names are unique; only before {@link #open}. */
    public synchronized void addSeries(HistorySeries s) {
        if (fine != null) {
            throw new IllegalStateException("history series are added before the server starts; '" + s.name() + "' came too late");
        }
        for (HistorySeries x : series) {
            if (x.name().equals(s.name())) {
                throw new IllegalArgumentException("a history series '" + s.name() + "' exists already");
            }
        }
        series.add(s);
    }

    /** The series, in column order. */
    public synchronized List<HistorySeries> series() {
        return List.copyOf(series);
    }

    /** The series named {@code name}, if there is one. */
    public synchronized Optional<HistorySeries> series(String name) {
        return series.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Why there is no history to read or write, or empty when there is. */
    public synchronized Optional<String> unavailable() {
        return Optional.ofNullable(unavailable);
    }

    /** The settings the tiers were made with. */
    public HistorySettings settings() {
        return settings;
    }

    /**
     * Opens (or creates, or carries over to the present series) both tiers' files and removes
     * history files of resolutions no longer configured. Never throws: without its files the server
     * runs on and {@link #unavailable} says why.
     */
    public synchronized void open() {
        List<String> columns = series.stream().map(HistorySeries::name).toList();
        try {
            Files.createDirectories(dir);
            removeOtherTiers();
            fine = HistoryRing.open(file(settings.fine()), new HistoryRing.Layout(settings.fine().resolutionS(),
                    settings.fine().buckets(), columns));
            coarse = HistoryRing.open(file(settings.coarse()), new HistoryRing.Layout(settings.coarse().resolutionS(),
                    settings.coarse().buckets(), columns));
            row = new float[columns.size()];
            scratch = new float[columns.size()];
            unavailable = null;
            LOG.info("status history in {}: {} series, {} s buckets for {} and {} s buckets for {} ({} bytes on disk)", dir,
                    columns.size(), settings.fine().resolutionS(), span(settings.fine().keepS()), settings.coarse().resolutionS(),
                    span(settings.coarse().keepS()), fine.layout().fileBytes() + coarse.layout().fileBytes());
        } catch (IOException | RuntimeException e) {
            close();
            unavailable = "the status history in " + dir + " cannot be opened: " + e.getMessage();
            LOG.error("{}; the server runs without it", unavailable);
        }
    }

    private Path file(HistorySettings.Tier tier) {
        return dir.resolve(FILE_PREFIX + tier.resolutionS() + "s" + FILE_SUFFIX);
    }

    /** A tier whose resolution changed leaves its old file; the disk budget is the configured tiers' only. */
    private void removeOtherTiers() throws IOException {
        Set<Path> keep = Set.of(file(settings.fine()), file(settings.coarse()));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, FILE_PREFIX + "*" + FILE_SUFFIX)) {
            for (Path f : files) {
                if (!keep.contains(f)) {
                    LOG.info("removing {}: no history tier has its resolution now", f);
                    Files.delete(f);
                }
            }
        }
    }

    /** Records one second's snapshot (the status sampler's thread). */
    public synchronized void record(StatusSnapshot s) {
        if (fine == null) {
            return;
        }
        for (int k = 0; k < row.length; k++) {
            row[k] = (float) sample(series.get(k), s);
        }
        previous = s;
        long now = s.time().getEpochSecond();
        long bucket = fine.bucketOf(now);
        fine.write(bucket, row);
        int res = fine.resolutionS();
        if (bucket == lastFine + 2L * res) {
            // the sampler's tick fell either side of a bucket edge: one bucket skipped by timer jitter is no outage
            fine.write(bucket - res, row);
        }
        lastFine = bucket;
        updateCoarse(coarse.bucketOf(bucket));
        if (now - lastForceS >= FORCE_EVERY_S) {
            fine.force();
            coarse.force();
            lastForceS = now;
        }
    }

    private double sample(HistorySeries h, StatusSnapshot s) {
        try {
            return h.sampler().sample(s, previous);
        } catch (RuntimeException e) {
            if (failing.add(h)) {
                LOG.warn("history series {} cannot be sampled (stored as no data): {}", h.name(), e.toString());
            }
            return Double.NaN;
        }
    }

    /** The coarse bucket {@code cb} from the fine buckets inside it. */
    private void updateCoarse(long cb) {
        Aggregation.Accumulator[] acc = accumulators(series);
        for (long t = cb; t < cb + coarse.resolutionS(); t += fine.resolutionS()) {
            if (fine.read(t, scratch)) {
                for (int k = 0; k < acc.length; k++) {
                    acc[k].add(scratch[k]);
                }
            }
        }
        float[] out = new float[acc.length];
        for (int k = 0; k < acc.length; k++) {
            out[k] = (float) acc[k].value();
        }
        coarse.write(cb, out);
    }

    /**
     * The series {@code fields} from {@code fromS} to {@code toS} (epoch seconds, inclusive), from
     * the finest tier that still holds {@code fromS}, in buckets wide enough that there are at most
     * {@code maxPoints}. Empty when the history is unavailable.
     */
    public Range read(long fromS, long toS, List<HistorySeries> fields, int maxPoints) {
        return read(fromS, toS, fields, maxPoints, 0);
    }

    /**
     * As {@link #read(long, long, List, int)}, in buckets of {@code stepS} (0: chosen as there) or a
     * multiple of it where {@code maxPoints} needs wider ones: how a page tops up a range it holds
     * with buckets like the ones it has. {@code stepS} must be a multiple of the fine tier's
     * resolution, or of the coarse tier's when {@code fromS} is older than the fine tier keeps
     * (IllegalArgumentException otherwise).
     */
    public synchronized Range read(long fromS, long toS, List<HistorySeries> fields, int maxPoints, int stepS) {
        long now = clock.get().getEpochSecond();
        boolean useFine = fromS >= now - settings.fine().keepS() && (stepS == 0 || stepS % settings.fine().resolutionS() == 0);
        HistoryRing tier = useFine ? fine : coarse;
        HistorySettings.Tier t = useFine ? settings.fine() : settings.coarse();
        if (stepS % t.resolutionS() != 0) {
            throw new IllegalArgumentException("stepS must be a multiple of " + t.resolutionS() + " s for this range, got " + stepS);
        }
        if (tier == null) {
            return new Range(fromS, toS, t.resolutionS(), t.resolutionS(), Long.MAX_VALUE, fields, new long[0], new float[fields.size()][0]);
        }
        int res = tier.resolutionS();
        long lo = Math.max(fromS, now - t.keepS() + res);
        long hi = Math.min(toS, now);
        long oldest = Math.min(fine.oldest(), coarse.oldest());
        if (hi < lo) {
            return new Range(lo, hi, res, res, oldest, fields, new long[0], new float[fields.size()][0]);
        }
        long span = hi - lo + 1;
        int unit = stepS > 0 ? stepS : res;
        long per = Math.max(1, (span + (long) unit * maxPoints - 1) / ((long) unit * maxPoints));
        int step = niceStep(unit, per * unit);
        long first = Math.floorDiv(lo, step) * step;
        int n = (int) ((hi - first) / step + 1);
        int[] column = new int[fields.size()];
        for (int k = 0; k < column.length; k++) {
            column[k] = series.indexOf(fields.get(k));
            if (column[k] < 0) {
                throw new IllegalArgumentException("no history series " + fields.get(k).name());
            }
        }
        Aggregation.Accumulator[] acc = accumulators(fields);
        long[] times = new long[n];
        float[][] values = new float[fields.size()][n];
        float[] slot = new float[series.size()];
        for (int i = 0; i < n; i++) {
            long b = first + (long) i * step;
            times[i] = b;
            for (Aggregation.Accumulator a : acc) {
                a.reset();
            }
            for (long x = b; x < b + step; x += res) {
                if (tier.read(x, slot)) {
                    for (int k = 0; k < column.length; k++) {
                        acc[k].add(slot[column[k]]);
                    }
                }
            }
            for (int k = 0; k < column.length; k++) {
                values[k][i] = (float) acc[k].value();
            }
        }
        return new Range(lo, hi, step, res, oldest, fields, times, values);
    }

    /** Bucket widths a time axis divides well into (5 s, 15 min, 6 h, …), seconds. */
    private static final int[] NICE_S = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400};

    /** The smallest nice width that is a multiple of {@code unit} and at least {@code atLeastS}; else that least multiple. */
    static int niceStep(int unit, long atLeastS) {
        for (int n : NICE_S) {
            if (n >= atLeastS && n % unit == 0) {
                return n;
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, (atLeastS + unit - 1) / unit * unit);
    }

    private static Aggregation.Accumulator[] accumulators(List<HistorySeries> of) {
        Aggregation.Accumulator[] acc = new Aggregation.Accumulator[of.size()];
        for (int k = 0; k < acc.length; k++) {
            acc[k] = new Aggregation.Accumulator(of.get(k).aggregation());
        }
        return acc;
    }

    private static String span(long s) {
        return s % 86_400 == 0 ? s / 86_400 + " d" : s % 3600 == 0 ? s / 3600 + " h" : s + " s";
    }

    /** Forces both files to disk and closes them. */
    @Override
    public synchronized void close() {
        if (fine != null) {
            fine.close();
            fine = null;
        }
        if (coarse != null) {
            coarse.close();
            coarse = null;
        }
        unavailable = "the history is closed";
    }
}
