package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.analysis.monitor.AnalysisJson;
import eu.ess.cevns.analysis.monitor.AnalysisSummary;
import eu.ess.cevns.analysis.monitor.RunAnalysis;
import eu.ess.cevns.analysis.physics.Exposure;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code cevns-daq analyze --run N}: the live analysis replayed on a stored run, from its own
 * configuration and changes; with {@code --json} the same {@code analysis} object as
 * {@code /api/status} gave at the end of that run.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Replay the analysis on a stored run (the same code as the live analysis, from the run's own records):",
                "on/off counts, exposure, excess with error, Li & Ma significance, 68 % interval, SM expectation.",
                "With --kafka BROKERS: the combined analysis of several detectors from the ESS Kafka topics their hosts publish,",
                "per detector (the same numbers as each host's own analysis) and summed over the pulses every detector reported;",
                "of run N of each host with --run N, else live, with its page at --http-port."})
final class AnalyzeCommand implements Callable<Integer> {
    @Option(names = "--run", paramLabel = "N", description = "Run number (with --kafka: each host's run N; without --run, live).")
    Integer run;

    @Mixin
    CombinedOptions combined;

    @Option(names = "--data", paramLabel = "DIR", description = "Data root (default: ./data).")
    Path data;

    @Option(names = "--site", paramLabel = "FILE", description = "Site file whose data root to read.")
    Path site;

    @Option(names = "--r", paramLabel = "NU_PER_PROTON", defaultValue = "0.3",
            description = "Neutrinos per flavour per proton for the expectation (default: ${DEFAULT-VALUE}, ESS at 2 GeV).")
    double r;

    @Option(names = "--json", description = "Print the analysis object as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (combined.kafka != null) {
            return combined.run(run, site, r, json, out);
        }
        if (run == null) {
            throw new CommandException("--run N is required (or --kafka BROKERS for the combined analysis)");
        }
        RunStore store = new RunStore(RunsCommand.dataRoot(data, site));
        if (store.run(run).isEmpty()) {
            throw new CommandException("no run " + run + " in " + store.root());
        }
        RunAnalysis analysis = new RunAnalysis(r);
        long records;
        try (RunReader reader = store.openReader(run)) {
            records = reader.drain(analysis);
        }
        AnalysisSummary s = analysis.summary();
        if (json) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            AnalysisJson.status(s, 0, o);
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(o));
        } else {
            AnalysisSummary.Quality q = s.quality();
            AnalysisSummary.Exposure e = s.exposure();
            AnalysisSummary.Counts c = s.counts();
            AnalysisSummary.Excess x = s.excess();
            out.printf(Locale.ROOT, "run %d: %d records, %d waveforms (%d below threshold, %d pile-up, %d saturated)%n", run, records,
                    q.waveforms(), q.belowThreshold(), q.pileUp(), q.saturated());
            out.printf(Locale.ROOT, "pulses   on %d  off %d  unknown %d   POT %.4g   live on %.3f s  off %.3f s  beam-off %.3f s%n",
                    e.pulsesOn(), e.pulsesOff(), e.pulsesUnknown(), e.pot(), e.onLiveS(), e.offLiveS(), e.beamOffLiveS());
            out.printf(Locale.ROOT, "counts   on %d  off %d (alpha %.4f)  beam-off %d%n", c.on(), c.off(), x.alpha(), c.beamOff());
            out.printf(Locale.ROOT, "excess   %.2f ± %.2f  (68 %%: %.2f .. %.2f)  Li & Ma %.2f sigma   SM expected %.2f%n",
                    x.value(), x.error(), x.low68(), x.high68(), x.significance(), x.expected());
        }
        out.flush();
        return 0;
    }
}
