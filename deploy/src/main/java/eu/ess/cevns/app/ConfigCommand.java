package eu.ess.cevns.app;

import eu.ess.cevns.config.ConfigException;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.SiteConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code cevns-daq config validate FILE}: checks a site or detector file. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with configuration files.",
        subcommands = ConfigCommand.Validate.class)
final class ConfigCommand {

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Check a site file or a detector file (told apart by their keys), with every check 'serve' runs:",
                    "for a site file also its detector file, and what a server needs of this machine (bindAddress one of its",
                    "addresses, no two listeners on one port, the token file present and readable by its owner only).",
                    "Prints a summary and exits 0 if valid; prints every problem, one 'FILE: FIELD: REASON' a line, and exits 1 if not."})
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The file to check.")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Object model;
            try {
                model = ConfigLoader.validate(file);
            } catch (ConfigException e) {
                throw new CommandException("invalid: " + e.getMessage(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (model instanceof SiteConfig s) {
                out.printf("%s: valid site file: detector %s (%d channels), data %s, udp %d, tcp %d, http %d, pva prefix %s%n",
                        file, s.detector().name(), channels(s.detector()), s.dataRoot(), s.ports().udp(), s.ports().tcp(), s.ports().http(),
                        s.pvaPrefix());
            } else if (model instanceof DetectorConfig d) {
                out.printf("%s: valid detector file: %s, %.1f kg at %.1f m, threshold %.2f keVnr, %d digitizer(s), %d channels%n",
                        file, d.name(), d.massKg(), d.distanceM(), d.thresholdKeVnr(), d.digitizers().size(), channels(d));
            }
            out.flush();
            return 0;
        }

        private static int channels(DetectorConfig d) {
            return d.digitizers().stream().mapToInt(g -> g.channels().size()).sum();
        }
    }
}
