package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code cevns-daq log "TEXT" [--tag T]... [--run N]}: an entry in a run's logbook through the
 * running server (recorded with who and when, in the run's queue too while the run is open);
 * without TEXT, the run's logbook.
 */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = {"Write an entry in a run's logbook, or show the logbook (on a running server).",
                "",
                "  cevns-daq log \"beam trip at 03:12, back at 03:20\" --tag \"beam trip\"",
                "",
                "The entry goes to the open run (else the last one) unless --run says which.",
                "It is kept with your account name and the time in the run's logbook.jsonl,",
                "and in the run's own records while the run is open.",
                "Without TEXT: the run's logbook (entries and quality flags), oldest first."})
final class LogCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "TEXT", description = "What happened (at most 4000 characters).")
    String text;

    @Option(names = "--tag", paramLabel = "TAG", description = {"A tag, e.g. \"beam trip\", \"calibration\", \"bad data\"",
            "(repeatable; at most 8, each at most 40 characters)."})
    List<String> tags = List.of();

    @Option(names = "--run", paramLabel = "N", description = "The run (default: the open run, else the last one).")
    Integer run;

    @Mixin
    HttpOption http;

    @Mixin
    TokenOptions token;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ApiClient api = new ApiClient(http.url);
        if (text == null) {
            JsonNode book = api.get("/api/logbook" + (run == null ? "" : "?run=" + run));
            if (book.path("run").isNull()) {
                out.println("no run yet: the logbook is kept per run");
            } else {
                JsonNode entries = book.path("entries");
                out.printf("logbook of run %d: %d entr%s%n", book.path("run").asInt(), entries.size(), entries.size() == 1 ? "y" : "ies");
                entries.forEach(e -> out.println(line(e)));
            }
            out.flush();
            return 0;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("text", text);
        ArrayNode t = body.putArray("tags");
        tags.forEach(t::add);
        if (run != null) {
            body.put("run", run);
        }
        body.put("who", TokenOptions.who());
        JsonNode e = api.post("/api/logbook", token.token(), body);
        out.printf("run %d logbook: %s%s%n", e.path("run").asInt(), line(e),
                e.path("inQueue").asBoolean() ? "" : "  (run closed: kept in its logbook file)");
        out.flush();
        return 0;
    }

    /** One logbook line for a terminal: time (UTC, to the second), who, tags or the flag set, text. */
    static String line(JsonNode e) {
        StringBuilder b = new StringBuilder();
        b.append(e.path("time").asText().replace('T', ' ').replaceFirst("(\\d\\d:\\d\\d:\\d\\d)\\.?\\d*Z$", "$1 UTC"));
        b.append("  ").append(e.path("who").asText());
        if (e.hasNonNull("quality")) {
            b.append("  flagged ").append(e.path("quality").asText().toUpperCase(Locale.ROOT));
            if (!e.path("text").asText().isEmpty()) {
                b.append(": ").append(e.path("text").asText());
            }
            return b.toString();
        }
        if (e.path("tags").size() > 0) {
            b.append("  [");
            for (int i = 0; i < e.path("tags").size(); i++) {
                b.append(i == 0 ? "" : ", ").append(e.path("tags").get(i).asText());
            }
            b.append(']');
        }
        return b.append("  ").append(e.path("text").asText()).toString();
    }
}
