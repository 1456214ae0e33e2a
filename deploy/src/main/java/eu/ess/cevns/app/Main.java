package eu.ess.cevns.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code cevns-daq}. Lists the commands; a {@link CommandException} (or a bad
 * option) ends the command with one clear line on stderr and exit code 1 (2 for usage errors).
 */
@Command(name = "cevns-daq", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Data acquisition for CEvNS detectors at the European Spallation Source.",
                "Ingests digitizer waveforms (ESS readout framing over UDP/TCP), stores every one per run in a",
                "Chronicle Queue, and reports over HTTP. Every command takes --help."},
        subcommands = {DemoCommand.class, ServeCommand.class, SimulateCommand.class, RunCommand.class, AnalyzeCommand.class, ExportCommand.class, ExpectedCommand.class, ReachCommand.class,
                StatusCommand.class, RunsCommand.class, LogCommand.class, QualityCommand.class, ConfigCommand.class, UserCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests run commands through it in-process. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof CommandException) {
                cmd.getErr().println("cevns-daq " + cmd.getCommandName() + ": " + ex.getMessage());
                cmd.getErr().flush();
                return 1;
            }
            throw ex;
        });
        return cl;
    }

    /** Version of the software as the jar manifest (or the build) records it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"cevns-daq " + softwareVersion()};
        }
    }

    static String softwareVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0";
    }
}
