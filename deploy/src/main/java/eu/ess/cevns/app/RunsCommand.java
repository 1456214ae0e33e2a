package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import eu.ess.cevns.config.ConfigException;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.daq.control.RunsHandler;
import eu.ess.cevns.daq.store.RunInfo;
import eu.ess.cevns.daq.store.RunQuality;
import eu.ess.cevns.daq.store.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code cevns-daq runs}: the runs stored in a data root, read from disk (the server need not be
 * running); it only reads, so it is safe beside a running server.
 */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"List the runs stored in a data root, with what a shift needs to see:",
                "number, state, start (UTC), duration, protons on target, beam-on time,",
                "waveforms, the excess ± its error against the expectation at the run's end",
                "(as the live analysis found it), the quality flag and the comment (with the",
                "flag's reason). '-' where a run does not have it (running, closed by",
                "recovery, or written before it was kept). Reads run.json files only; works",
                "with or without a server running."})
final class RunsCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", description = "Data root (default: ./data).")
    Path data;

    @Option(names = "--site", paramLabel = "FILE", description = "Site file whose data root to read.")
    Path site;

    @Option(names = "--json", description = "Print the runs as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path root = dataRoot(data, site);
        if (!Files.isDirectory(root)) {
            throw new CommandException("no data root at " + root.toAbsolutePath() + ": pass --data DIR or --site FILE");
        }
        List<RunInfo> runs = new RunStore(root).runs();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ArrayNode a = new ObjectMapper().createArrayNode();
            runs.forEach(r -> a.add(RunsHandler.toJson(r)));
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(a));
        } else if (runs.isEmpty()) {
            out.println("no runs in " + root.toAbsolutePath());
        } else {
            out.printf("%6s  %-8s  %-19s  %11s  %9s  %11s  %10s  %-26s  %-7s  %s%n", "run", "state", "start (UTC)", "duration", "POT",
                    "beam on", "waveforms", "excess ± error / expected", "quality", "comment");
            Instant now = Instant.now();
            for (RunInfo r : runs) {
                RunQuality q = r.quality();
                String comment = r.comment() + (q == null || q.reason().isEmpty() ? "" : (r.comment().isEmpty() ? "" : "  ")
                        + "[" + q.flag() + ": " + q.reason() + "]");
                out.printf(Locale.ROOT, "%6d  %-8s  %-19s  %11s  %9s  %11s  %10d  %-26s  %-7s  %s%n", r.number(), r.state(),
                        r.start() == null ? "-" : r.start().toString().substring(0, 19).replace('T', ' '),
                        duration(r.durationS(now)) + (r.state() == RunInfo.State.RUNNING ? "+" : ""),
                        r.beam() == null ? "-" : String.format(Locale.ROOT, "%.3g", r.beam().potOn()),
                        r.beam() == null ? "-" : duration(r.beam().beamOnS()), r.waveforms(), excess(r.analysis()),
                        q == null ? "-" : q.flag(), comment);
            }
        }
        out.flush();
        return 0;
    }

    /** "2 h 03 min", "4 min 05 s", "12 s"; "-" when unknown. */
    static String duration(double s) {
        if (!(s >= 0)) {
            return "-";
        }
        long t = Math.round(s);
        if (t >= 86_400) {
            return String.format(Locale.ROOT, "%d d %02d h", t / 86_400, t % 86_400 / 3600);
        }
        if (t >= 3600) {
            return String.format(Locale.ROOT, "%d h %02d min", t / 3600, t % 3600 / 60);
        }
        return t >= 60 ? String.format(Locale.ROOT, "%d min %02d s", t / 60, t % 60) : t + " s";
    }

    /** "12.3 ± 4.5 / 11.0", or "-" without an analysis at the run's end. */
    static String excess(RunInfo.Analysis a) {
        if (a == null || a.excess() == null) {
            return a != null && a.expected() != null ? String.format(Locale.ROOT, "- / %.1f", a.expected()) : "-";
        }
        return String.format(Locale.ROOT, "%.1f ± %.1f / %s", a.excess(), a.excessError() == null ? Double.NaN : a.excessError(),
                a.expected() == null ? "-" : String.format(Locale.ROOT, "%.1f", a.expected()));
    }

    /** The data root from {@code --data}, else the site file's, else ./data. */
    static Path dataRoot(Path data, Path site) {
        if (data != null && site != null) {
            throw new CommandException("give --data or --site, not both");
        }
        if (site != null) {
            try {
                return ConfigLoader.loadSite(site).dataRoot();
            } catch (ConfigException e) {
                throw new CommandException(e.getMessage(), e);
            }
        }
        return data != null ? data : Path.of("data");
    }
}
