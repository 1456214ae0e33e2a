package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code cevns-daq quality --run N good|bad|check --reason TEXT}: a run's quality flag through the
 * running server, kept in its run.json (what {@code runs}, {@code export --good-only} and
 * {@code analyze} read), its logbook, and its queue while it is open.
 */
@Command(name = "quality", mixinStandardHelpOptions = true,
        description = {"Flag a stored run good, bad or check, with a reason (on a running server).",
                "",
                "  cevns-daq quality --run 42 bad --reason \"HV of digitizer 2 off from 03:10\"",
                "",
                "bad and check need a reason. The flag in force is the last one set; each is",
                "kept in the run's logbook with who and when. 'runs' lists it, 'export",
                "--good-only' leaves runs flagged bad or check out, 'analyze' says it."})
final class QualityCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, paramLabel = "N", description = "The run.")
    int run;

    @Parameters(index = "0", paramLabel = "FLAG", description = "good, bad or check.")
    String flag;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (required for bad and check).")
    String reason = "";

    @Mixin
    HttpOption http;

    @Mixin
    TokenOptions token;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("flag", flag.toLowerCase(Locale.ROOT));
        body.put("reason", reason);
        body.put("who", TokenOptions.who());
        JsonNode r = new ApiClient(http.url).put("/api/runs/" + run + "/quality", token.token(), body);
        JsonNode q = r.path("quality");
        spec.commandLine().getOut().printf("run %d flagged %s%s by %s at %s%n", r.path("run").asInt(),
                q.path("flag").asText().toUpperCase(Locale.ROOT), q.path("reason").asText().isEmpty() ? "" : " (" + q.path("reason").asText() + ")",
                q.path("who").asText(), q.path("time").asText());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
