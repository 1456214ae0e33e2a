package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import eu.ess.cevns.config.ConfigException;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.daq.control.RunsHandler;
import eu.ess.cevns.daq.store.RunInfo;
import eu.ess.cevns.daq.store.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code cevns-daq runs}: the runs stored in a data root, read from disk (the server need not be
 * running); it only reads, so it is safe beside a running server.
 */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"List the runs stored in a data root: number, state, start, stop, waveforms, comment.",
                "Reads the files; works with or without a server running."})
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
            out.printf("%6s  %-8s  %-24s  %-24s  %10s  %s%n", "run", "state", "start", "stop", "waveforms", "comment");
            for (RunInfo r : runs) {
                out.printf("%6d  %-8s  %-24s  %-24s  %10d  %s%n", r.number(), r.state(), r.start(),
                        r.stop() == null ? "-" : r.stop(), r.waveforms(), r.comment());
            }
        }
        out.flush();
        return 0;
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
