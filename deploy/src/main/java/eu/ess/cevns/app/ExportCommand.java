package eu.ess.cevns.app;

import eu.ess.cevns.analysis.export.RunExport;
import eu.ess.cevns.config.ExpectationInputs;
import eu.ess.cevns.daq.store.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
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
                "the pulses, the exposure and counts exactly as 'analyze' gives them, histograms and configuration.",
                "HDF5 in a NeXus layout (one NXentry per run) or CSV (a folder of files). Written under a temporary name",
                "and renamed when complete; a run still being written is exported as it stands and marked partial."})
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--run", paramLabel = "N", description = "Run to export.")
    Integer run;

    @Option(names = "--runs", paramLabel = "A-B", description = "A range of runs (one entry, or one set of CSV files, per run).")
    String runs;

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
            throw new CommandException("give --run N or --runs A-B");
        }
        RunExport.Format f = switch (format.toLowerCase(Locale.ROOT)) {
            case "hdf5", "h5" -> RunExport.Format.HDF5;
            case "csv" -> RunExport.Format.CSV;
            default -> throw new CommandException("--format must be hdf5 or csv, got '" + format + "'");
        };
        List<Integer> list = new ArrayList<>();
        if (run != null) {
            list.add(run);
        } else {
            String[] ab = runs.split("-");
            try {
                int a = Integer.parseInt(ab[0].strip());
                int b = Integer.parseInt(ab[ab.length - 1].strip());
                if (ab.length > 2 || b < a) {
                    throw new NumberFormatException();
                }
                for (int i = a; i <= b; i++) {
                    list.add(i);
                }
            } catch (NumberFormatException e) {
                throw new CommandException("--runs must be A-B with A <= B, got '" + runs + "'");
            }
        }
        Set<Integer> keep = channels == null ? Set.of() : new HashSet<>(channels);
        RunStore store = new RunStore(RunsCommand.dataRoot(data, site));
        RunExport.Result result;
        try {
            result = RunExport.export(store, list, f, out, new RunExport.Filter(energyMin, energyMax, keep, waveforms),
                    r == null ? null : new ExpectationInputs(r, 1), progress());
        } catch (IOException e) {
            throw new CommandException(e.getMessage(), e);
        }
        for (RunExport.Exported e : result.runs()) {
            spec.commandLine().getOut().printf(Locale.ROOT, "run %d: %,d events, %,d pulses, excess %.2f ± %.2f%s%s%n", e.run(),
                    e.events(), e.pulses(), e.summary().excess().value(), e.summary().excess().error(), e.partial() ? " (partial: run still going)" : "",
                    e.aborted() ? " (run was aborted)" : "");
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "exported %,d events to %s: %,d bytes in %.2f s%n", result.events(),
                result.file(), result.bytes(), result.seconds());
        return 0;
    }
}
