package eu.ess.cevns.app;

import eu.ess.cevns.analysis.export.RunExport;
import eu.ess.cevns.config.ExpectationInputs;
import eu.ess.cevns.daq.store.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code cevns-daq export}: stored runs for offline fits, as HDF5 (NeXus layout) or CSV, with the
 * exposure and counts of {@code analyze}, the pulses, histograms and configuration.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export runs for offline fits: every accepted event (energy, time since T0, channel, window, pulse state),",
                "the pulses, the counts, excess and expectation of exactly the events in the file (with the selection",
                "recorded), the whole run as 'analyze' gives it, the likelihood fit's and the reach's inputs and results,",
                "histograms, and the configuration in force with every change and its time.",
                "HDF5 in a NeXus layout (one NXentry per run) or CSV (a folder of files). Written under a temporary name",
                "and renamed when complete; an existing output is kept unless --force. A run that is not there (or, with",
                "--good-only, is flagged bad or check) is reported and the others exported; the exit code is then 1.",
                "A run still being written is exported as it stands and marked partial."})
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--run", paramLabel = "N", description = "Run to export.")
    Integer run;

    @Option(names = "--runs", paramLabel = "LIST", description = "Runs, e.g. 3,5,7-9 (one entry, or one set of CSV files, per run).")
    String runs;

    @Option(names = "--force", description = "Replace the output file or folder if it exists (default: refuse).")
    boolean force;

    @Option(names = "--good-only", description = {"Only runs flagged good, and runs without a flag (said so); runs flagged bad or check",
            "are skipped and reported. The flag is run.json's quality.flag."})
    boolean goodOnly;

    @Option(names = "--format", defaultValue = "hdf5", description = "hdf5 or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "Output file (hdf5) or folder (csv).")
    Path out;

    @Option(names = "--energy-min", paramLabel = "KEVNR", defaultValue = "0", description = "Keep events from this energy (keVnr).")
    double energyMin;

    @Option(names = "--energy-max", paramLabel = "KEVNR", defaultValue = "Infinity", description = "Keep events up to this energy (keVnr).")
    double energyMax;

    @Option(names = "--channels", paramLabel = "IDS", split = ",", description = "Keep events of these channel ids (default: all).")
    List<Integer> channels;

    @Option(names = "--waveforms", description = "Also export each event's raw samples (HDF5 only: events/waveforms, a 2-D int16 dataset; memory grows with events × record length).")
    boolean waveforms;

    @Option(names = "--r", paramLabel = "NU_PER_PROTON",
            description = {"Neutrinos per flavour per proton for the expectation, with no boost, instead of what each run recorded",
                    "(default: the run's own inputs, r and a demo's boost; 0.3 for runs that recorded none)."})
    Double r;

    @Option(names = "--data", paramLabel = "DIR", description = "Data root (default: ./data).")
    Path data;

    @Option(names = "--site", paramLabel = "FILE", description = "Site file whose data root to read.")
    Path site;

    @Spec
    CommandSpec spec;

    /**
     * On a terminal a bar redrawn in place; otherwise (a log, a pipe) a plain line every few
     * seconds and one per finished run.
     */
    private static RunExport.Progress progress() {
        boolean terminal = System.console() != null;
        long[] lastLine = {0};
        return (run, records, total, kept, finished) -> {
            double fraction = total > 0 ? Math.min(1, (double) records / total) : Double.NaN;
            if (terminal) {
                int width = 30;
                int filled = Double.isNaN(fraction) ? 0 : (int) Math.round(fraction * width);
                System.err.printf(Locale.ROOT, "\rexport run %d [%s%s] %s %,d records, %,d events%s", run, "#".repeat(filled),
                        " ".repeat(width - filled), Double.isNaN(fraction) ? "" : String.format(Locale.ROOT, "%3.0f%%", 100 * fraction),
                        records, kept, finished ? "\n" : "");
                System.err.flush();
            } else if (finished || System.nanoTime() - lastLine[0] > 5_000_000_000L) {
                lastLine[0] = System.nanoTime();
                System.err.printf(Locale.ROOT, "export: run %d: %,d records read%s, %,d events kept%s%n", run, records,
                        Double.isNaN(fraction) ? "" : String.format(Locale.ROOT, " (%.0f %%)", 100 * fraction), kept, finished ? ", done" : "");
            }
        };
    }

    @Override
    public Integer call() throws Exception {
        if (waveforms && !format.toLowerCase(Locale.ROOT).startsWith("h")) {
            throw new CommandException("--waveforms needs --format hdf5");
        }
        if ((run == null) == (runs == null)) {
            throw new CommandException("give --run N or --runs LIST (e.g. 3,5,7-9)");
        }
        RunExport.Format f = switch (format.toLowerCase(Locale.ROOT)) {
            case "hdf5", "h5" -> RunExport.Format.HDF5;
            case "csv" -> RunExport.Format.CSV;
            default -> throw new CommandException("--format must be hdf5 or csv, got '" + format + "'");
        };
        List<Integer> list = run != null ? List.of(run) : runList(runs);
        Set<Integer> keep = channels == null ? Set.of() : new HashSet<>(channels);
        RunStore store = new RunStore(RunsCommand.dataRoot(data, site));
        if (energyMin > energyMax) {
            throw new CommandException("--energy-min must not exceed --energy-max");
        }
        RunExport.Result result;
        try {
            result = RunExport.export(store, list, f, out, new RunExport.Filter(energyMin, energyMax, keep, waveforms),
                    r == null ? null : new ExpectationInputs(r, 1), new RunExport.Options(force, goodOnly), progress());
        } catch (IOException e) {
            throw new CommandException(e.getMessage(), e);
        }
        PrintWriter o = spec.commandLine().getOut();
        for (RunExport.Exported e : result.runs()) {
            RunExport.Selection sel = e.selection();
            o.printf(Locale.ROOT, "run %d: %,d events (on %d, off %d, beam-off %d), %,d pulses, excess %.2f ± %.2f, expected %.2f%s%s%s%n", e.run(),
                    e.events(), sel.on(), sel.off(), sel.beamOff(), e.pulses(), sel.excess(), sel.excessError(), sel.expected().total(),
                    e.partial() ? " (partial: run still going)" : "", e.aborted() ? " (run was aborted)" : "",
                    goodOnly ? e.quality() == null ? " (not flagged: exported)" : " (flagged " + e.quality().flag() + ")" : "");
        }
        PrintWriter err = spec.commandLine().getErr();
        for (RunExport.Skipped k : result.skipped()) {
            err.printf("cevns-daq export: run %d skipped: %s%n", k.run(), k.reason());
        }
        err.flush();
        o.printf(Locale.ROOT, "exported %,d events of %d run%s to %s: %,d bytes in %.2f s%s%n", result.events(), result.runs().size(),
                result.runs().size() == 1 ? "" : "s", result.file(), result.bytes(), result.seconds(),
                result.skipped().isEmpty() ? "" : "; " + result.skipped().size() + " skipped (see above)");
        o.flush();
        return result.skipped().isEmpty() ? 0 : 1;
    }

    /** "3,5,7-9" → [3, 5, 7, 8, 9], in the order given, each once. */
    static List<Integer> runList(String text) {
        Set<Integer> runs = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            try {
                if (p.contains("-")) {
                    String[] ab = p.split("-");
                    int a = Integer.parseInt(ab[0].strip());
                    int b = Integer.parseInt(ab[1].strip());
                    if (ab.length != 2 || b < a || a < 1 || b - a > 100_000) {
                        throw new NumberFormatException();
                    }
                    for (int i = a; i <= b; i++) {
                        runs.add(i);
                    }
                } else {
                    int n = Integer.parseInt(p);
                    if (n < 1) {
                        throw new NumberFormatException();
                    }
                    runs.add(n);
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new CommandException("--runs takes run numbers and ranges A-B (A <= B), separated by commas, e.g. 3,5,7-9; got '"
                        + text + "'");
            }
        }
        return new ArrayList<>(runs);
    }
}
