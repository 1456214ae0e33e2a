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

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Start a new run. Waveforms are stored from now on in <data>/runs/<number>/.",
                    "Fails if a run is already going."})
    static final class Start implements Callable<Integer> {
        @Mixin HttpOption http;
        @Mixin TokenOptions token;
        @Option(names = "--comment", description = "Operator comment stored in the run-start record.")
        String comment = "";
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode run = new ApiClient(http.url).post("/api/run/start", token.token(), body(comment));
            spec.commandLine().getOut().printf("run %d started at %s%n", run.path("number").asInt(), run.path("start").asText());
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = {"Stop the current run, writing its run-stop record with the counters.",
                    "Fails if no run is going."})
    static final class Stop implements Callable<Integer> {
        @Mixin HttpOption http;
        @Mixin TokenOptions token;
        @Option(names = "--comment", description = "Operator comment stored in the run-stop record.")
        String comment = "";
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode run = new ApiClient(http.url).post("/api/run/stop", token.token(), body(comment));
            spec.commandLine().getOut().printf("run %d stopped at %s: %d waveforms, %d pulses%n",
                    run.path("number").asInt(), run.path("stop").asText(), run.path("waveforms").asLong(),
                    run.path("pulses").asLong());
            return 0;
        }
    }

    private static ObjectNode body(String comment) {
        ObjectNode b = JsonNodeFactory.instance.objectNode();
        b.put("comment", comment);
        b.put("who", System.getProperty("user.name", "unknown") + "@cli");
        return b;
    }
}
