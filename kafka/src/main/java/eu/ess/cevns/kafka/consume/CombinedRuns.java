package eu.ess.cevns.kafka.consume;

import eu.ess.cevns.config.ExpectationInputs;
import eu.ess.cevns.config.KafkaSettings;
import eu.ess.cevns.kafka.schema.RunStart;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The combined analysis driven over Kafka: of one past (or running) run of every source, sought by
 * its start time and read to each source's stop; or live, from the newest run start of each source
 * on. Sources not named are those whose run starts are found.
 */
public final class CombinedRuns {
    private static final Duration POLL = Duration.ofMillis(200);

    private CombinedRuns() {
    }

    /** What a finished {@link #run} found. */
    public record Result(CombinedSummary summary, List<String> sources, boolean complete, List<String> notStopped, long records) {
    }

    /**
     * Run {@code run} of each source: found by its run start, read until every source's run stop,
     * or until nothing new has come for {@code idle} after the end of what the topics held.
     *
     * @param sources null: every source with a run {@code run}
     */
    public static Result run(KafkaSettings k, List<String> sources, int run, ExpectationInputs override, String beamSource,
                             Duration idle, Consumer<String> progress) {
        try (StreamFollower f = new StreamFollower(k, "cevns-daq-analyze")) {
            if (!f.assign(idle)) {
                throw new IllegalArgumentException("no topic " + k.detectorTopic() + " on " + k.brokers() + " (is the topic prefix right?)");
            }
            Map<String, RunStart> starts = f.runStarts(sources, run, idle);
            List<String> names = sources != null ? sources : new ArrayList<>(new TreeSet<>(starts.keySet()));
            List<String> missing = names.stream().filter(s -> !starts.containsKey(s)).toList();
            if (names.isEmpty() || !missing.isEmpty()) {
                throw new IllegalArgumentException("no start of run " + run + " on " + k.brokers() + " for "
                        + (names.isEmpty() ? "any source" : String.join(", ", missing)) + " (looked in " + k.jobPool() + " and "
                        + k.detectorTopic() + ")");
            }
            long from = starts.values().stream().mapToLong(RunStart::startTimeMs).min().orElseThrow();
            f.assign(idle);
            f.seekTo(from);
            progress.accept("run " + run + " of " + String.join(", ", names) + ": reading from " + Instant.ofEpochMilli(from));
            CombinedAnalysis a = new CombinedAnalysis(names, override, run, beamSource);
            var end = f.endOffsets();
            long lastNews = System.nanoTime();
            while (!a.allStopped()) {
                int n = f.poll(a, POLL);
                if (n > 0) {
                    lastNews = System.nanoTime();
                } else if (f.reached(end)) {
                    if (System.nanoTime() - lastNews > idle.toNanos()) {
                        break;
                    }
                    end = f.endOffsets();
                }
            }
            return new Result(a.summary(), names, a.allStopped(), a.notStopped(), f.records());
        }
    }

    /**
     * Live: from the newest run start of each source (or the end of the topics when none is found)
     * until {@code stop} says so; {@code each} gets the analysis after every poll.
     */
    public static void live(KafkaSettings k, List<String> sources, ExpectationInputs override, String beamSource,
                            BooleanSupplier stop, Consumer<CombinedAnalysis> each, Consumer<String> progress) {
        try (StreamFollower f = new StreamFollower(k, "cevns-daq-analyze-live")) {
            Duration wait = Duration.ofSeconds(10);
            while (!f.assign(wait)) {
                progress.accept("waiting for topic " + k.detectorTopic() + " on " + k.brokers());
                if (stop.getAsBoolean()) {
                    return;
                }
            }
            Map<String, RunStart> starts = f.runStarts(sources, null, wait);
            List<String> names = sources != null ? sources : new ArrayList<>(new TreeSet<>(starts.keySet()));
            if (names.isEmpty()) {
                throw new IllegalArgumentException("no source has started a run on " + k.brokers() + " yet: name them with --source");
            }
            f.assign(wait);
            if (starts.isEmpty()) {
                f.seekToEnd();
                progress.accept("no run start found: following " + String.join(", ", names) + " from now");
            } else {
                long from = starts.values().stream().mapToLong(RunStart::startTimeMs).min().orElseThrow();
                f.seekTo(from);
                progress.accept("following " + String.join(", ", names) + " from their newest run starts ("
                        + Instant.ofEpochMilli(from) + ")");
            }
            CombinedAnalysis a = new CombinedAnalysis(names, override, null, beamSource);
            while (!stop.getAsBoolean()) {
                f.poll(a, POLL);
                each.accept(a);
            }
        }
    }
}
