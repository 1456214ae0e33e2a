package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cevns-daq status}: what the server reports at {@code /api/status}, as a short summary for
 * a person or, with {@code --json}, the status object itself for scripts (DESIGN §7 contract).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the state of a running DAQ server: run, readout and store counters, beam, and the alarms",
                "(severity, name, since when, its state, and what to do).",
                "With --json prints the /api/status object (a stable contract for scripts)."})
final class StatusCommand implements Callable<Integer> {
    @Mixin
    HttpOption http;

    @Option(names = "--json", description = "Print the status object as JSON.")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        JsonNode status = new ApiClient(http.url).get("/api/status");
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(status));
        } else {
            out.print(StatusText.format(status));
        }
        out.flush();
        return 0;
    }

    /** Renders the status object for a terminal; shared with {@code demo}'s periodic line. */
    static final class StatusText {
        private StatusText() {
        }

        static String format(JsonNode s) {
            StringBuilder b = new StringBuilder(counters(s));
            alarms(s.path("alarms"), b);
            return b.toString();
        }

        /** {@code demo}'s periodic block: a time stamp line, the counters, and the alarms in one line. */
        static String periodic(JsonNode s) {
            return "-- " + clock(s.path("time").asText("")) + " --" + System.lineSeparator() + counters(s)
                    + alarmSummary(s.path("alarms")) + System.lineSeparator();
        }

        /** Run, readout, store, analysis and beam: one line each. */
        private static String counters(JsonNode s) {
            StringBuilder b = new StringBuilder();
            JsonNode run = s.path("run");
            b.append(String.format("run      %s %s%s%n", run.path("number").asText("-"), run.path("state").asText(),
                    run.path("comment").asText("").isEmpty() ? "" : "  \"" + run.path("comment").asText() + "\""));
            JsonNode r = s.path("readout");
            b.append(String.format("readout  packets %d (heartbeats %d)  waveforms %d  %s  lost packets %d  rejected %d%s%n",
                    r.path("packets").asLong(), r.path("heartbeats").asLong(), r.path("waveforms").asLong(),
                    bytes(r.path("bytes").asLong()), r.path("lostPackets").asLong(),
                    r.path("rejected").path("total").asLong(), rejectDetail(r.path("rejected"))));
            JsonNode st = s.path("store");
            b.append(String.format("store    waveforms %d  %s  not stored (no run) %d  dropped %d%s%n",
                    st.path("waveforms").asLong(), bytes(st.path("bytes").asLong()),
                    st.path("noRunWaveforms").asLong(), st.path("dropped").asLong(), rejectDetail(st.path("droppedByReason"))));
            String state = st.path("state").asText("");
            if (state.equals("DISK_FULL") || state.equals("WRITE_ERROR")) {
                b.append(String.format("store    NOT RECORDING (%s): %s%n", state, st.path("stateMessage").asText()));
            }
            JsonNode beam = s.path("beam");
            JsonNode p = beam.path("pulses");
            JsonNode an = s.path("analysis");
            if (an.has("excess") && !an.path("excess").isNull()) {
                b.append(String.format("analysis on %d  off %d (alpha %.4f)  excess %.1f ± %.1f  %.1f sigma  expected %.2f ± %.2f syst"
                                + " (CEvNS %.2f + BRN %.2f)  lag %.0f ms%n",
                        an.path("onCounts").asLong(), an.path("offCounts").asLong(), an.path("alpha").asDouble(), an.path("excess").asDouble(),
                        an.path("excessError").asDouble(), an.path("significance").asDouble(), an.path("expected").asDouble(),
                        an.path("expectedSyst").asDouble(), an.path("expectedCevns").asDouble(), an.path("expectedBrn").asDouble(),
                        an.path("lagMs").asDouble()));
            }
            b.append(String.format("beam     %s  timing %s  %s %s  pulses on %d off %d unknown %d  POT %.3g%n",
                    beam.path("state").asText(), beam.path("timing").asText(), power(beam.path("powerMw")),
                    beam.path("mode").asText(""), p.path("on").asLong(), p.path("off").asLong(), p.path("unknown").asLong(),
                    beam.path("potOn").asDouble()));
            JsonNode k = s.path("kafka");
            if (k.has("state")) {
                b.append(String.format("kafka    %s  run %s  lag %.1f s  %d events  %s sent to %s%s%n", k.path("state").asText(),
                        k.path("run").isNull() ? "-" : k.path("run").asText(), k.path("lagS").asDouble(), k.path("events").asLong(),
                        bytes(k.path("bytes").asLong()), k.path("brokers").asText(),
                        k.path("lastError").asText("").isEmpty() ? "" : "  last error: " + k.path("lastError").asText()));
            }
            return b.toString();
        }

        /** Beam power in MW, or "power unknown" (EPICS has given none): never "NaN MW". */
        static String power(JsonNode mw) {
            double v = mw.isNumber() ? mw.asDouble() : Double.NaN;
            return Double.isFinite(v) ? String.format("%.2f MW", v) : "power unknown";
        }

        /** The alarms in one line: how many, the worst, and each by severity, name and state. */
        static String alarmSummary(JsonNode a) {
            if (a.path("count").asInt() == 0 && a.path("shelved").size() == 0) {
                return "alarms   none";
            }
            StringBuilder b = new StringBuilder(String.format("alarms   %d (%s, %d unacknowledged):", a.path("count").asInt(),
                    a.path("severity").asText(), a.path("unacknowledged").asInt()));
            for (JsonNode x : a.path("active")) {
                b.append(' ').append(x.path("severity").asText()).append(' ').append(x.path("name").asText());
                if (!x.path("state").asText().equals("ACTIVE")) {
                    b.append(" (").append(x.path("state").asText().toLowerCase(Locale.ROOT)).append(')');
                }
                b.append(',');
            }
            for (JsonNode x : a.path("shelved")) {
                b.append(" shelved ").append(x.path("name").asText()).append(" until ").append(clock(x.at("/shelf/until").asText()))
                        .append(',');
            }
            b.setLength(b.length() - 1);
            return b.toString();
        }

        /**
         * Every listed alarm: severity, name, since when, its state (who acknowledged it), the
         * message with the measured numbers, and what to do; then the shelved ones.
         */
        static void alarms(JsonNode a, StringBuilder b) {
            b.append(alarmSummary(a)).append(System.lineSeparator());
            for (JsonNode x : a.path("active")) {
                String state = x.path("state").asText();
                JsonNode ack = x.path("acknowledged");
                b.append(String.format("  %-7s %-20s since %s  %s%s%n", x.path("severity").asText(), x.path("name").asText(),
                        clock(x.path("since").asText()), state, ack.isObject() ? " by " + ack.path("who").asText() : ""));
                b.append(String.format("          %s: %s%n", x.path("title").asText(), x.path("message").asText()));
                b.append(String.format("          what to do: %s%n", x.path("action").asText()));
            }
            for (JsonNode x : a.path("shelved")) {
                JsonNode shelf = x.path("shelf");
                b.append(String.format("  shelved %-20s until %s by %s: %s%n", x.path("name").asText(), clock(shelf.path("until").asText()),
                        shelf.path("who").asText(), shelf.path("reason").asText()));
            }
        }

        /** "2026-12-01 14:03:22 UTC" of an ISO-8601 time. */
        static String clock(String iso) {
            return iso.length() >= 19 ? iso.substring(0, 10) + " " + iso.substring(11, 19) + " UTC" : iso;
        }

        /** The non-zero counts of a by-reason object, "(cookie 3, size 1)"; empty if none. */
        private static String rejectDetail(JsonNode byReason) {
            StringBuilder b = new StringBuilder();
            for (Iterator<Map.Entry<String, JsonNode>> it = byReason.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals("total") && e.getValue().asLong() > 0) {
                    b.append(b.length() == 0 ? " (" : ", ").append(e.getKey()).append(' ').append(e.getValue().asLong());
                }
            }
            return b.length() == 0 ? "" : b.append(')').toString();
        }

        static String bytes(long n) {
            if (n < 1024) {
                return n + " B";
            }
            if (n < 1024L * 1024) {
                return String.format("%.1f KiB", n / 1024.0);
            }
            if (n < 1024L * 1024 * 1024) {
                return String.format("%.1f MiB", n / (1024.0 * 1024));
            }
            return String.format("%.2f GiB", n / (1024.0 * 1024 * 1024));
        }
    }
}
