package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/**
 * {@code cevns-daq run start|stop}: run control of a running server through its HTTP API, with
 * the write token from the data root or {@code --token-file}.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Start or stop a run on a running server.",
        subcommands = {RunCommand.Start.class, RunCommand.Stop.class})
final class RunCommand {

    /** What start and stop share: the server, the token, the comment, the POST. */
    abstract static class Action implements Callable<Integer> {
        @Mixin HttpOption http;
        @Mixin TokenOptions token;
        @Option(names = "--comment", description = "Operator comment stored in the run's start or stop record.")
        String comment = "";
        @Spec CommandSpec spec;

        abstract String path();

        abstract String report(JsonNode run);

        @Override
        public Integer call() {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("comment", comment);
            body.put("who", TokenOptions.who());
            JsonNode run = new ApiClient(http.url).post(path(), token.token(), body);
            spec.commandLine().getOut().println(report(run));
            return 0;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Start a new run. Waveforms are stored from now on in <data>/runs/<number>/.",
                    "Fails if a run is already going."})
    static final class Start extends Action {
        @Override
        String path() {
            return "/api/run/start";
        }

        @Override
        String report(JsonNode run) {
            return String.format("run %d started at %s", run.path("number").asInt(), run.path("start").asText());
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = {"Stop the current run, writing its run-stop record with the counters.",
                    "Fails if no run is going."})
    static final class Stop extends Action {
        @Override
        String path() {
            return "/api/run/stop";
        }

        @Override
        String report(JsonNode run) {
            return String.format("run %d stopped at %s: %d waveforms, %d pulses", run.path("number").asInt(),
                    run.path("stop").asText(), run.path("waveforms").asLong(), run.path("pulses").asLong());
        }
    }
}
