package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.daq.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Grafana dashboard as the distribution ships it ({@code config/grafana/cevns-daq.json}) against
 * what the real server exports: the file must import as a dashboard bound to the {@code ${DS_PROMETHEUS}}
 * input, every panel must have a title, a query and a unit (or a description saying why it has none),
 * and every metric name any query uses must be a series in a scrape of a running {@code demo}, counters
 * only under {@code rate()} or {@code increase()}. A renamed meter or a misspelt query then fails the
 * build instead of showing "No data" to the shift crew.
 */
class GrafanaDashboardIT {
    static final ObjectMapper JSON = new ObjectMapper();
    /** One client for the scrapes: a wait scrapes many times. */
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Path DASHBOARD = Cli.DIST.resolve("config/grafana/cevns-daq.json");
    static final String DATASOURCE = "${DS_PROMETHEUS}";
    /** Metric names the server's own meters, Micrometer's JVM binders and its process binders produce. */
    static final Pattern METRIC = Pattern.compile("(?<![\\w:$.])(?:cevns|jvm|process)_[A-Za-z0-9_]*(?![\\w:]|\\s*\\()");
    /** What in PromQL can look like or sit next to a metric name without being one. */
    static final Pattern NOT_A_METRIC = Pattern.compile(String.join("|",
            "\"(?:[^\"\\\\]|\\\\.)*\"", "'(?:[^'\\\\]|\\\\.)*'", // string literals: label values, regexes
            "\\{[^}]*}", // label matchers, so label names never count
            "\\[[^\\]]*]", // range and subquery durations
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", // grouping label lists
            "\\$\\{?\\w+}?")); // Grafana variables such as $__rate_interval
    static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
    static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)");

    @Test
    void everyPanelQueriesOnlyMetricsTheRunningServerExports(@TempDir Path data) throws Exception {
        assertTrue(Files.isRegularFile(DASHBOARD), "the distribution ships the dashboard: " + DASHBOARD);
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        List<String> problems = new ArrayList<>(dashboardProblems(dashboard));
        Map<String, List<String>> exprsByMetric = metricsUsed(dashboard);
        assertTrue(exprsByMetric.size() >= 20, "the extraction finds the dashboard's metrics: " + exprsByMetric.keySet());

        try (Cli.Background demo = new Cli.Background("demo", "--data", data.toString(), "--duration", "60", "--udp-port", "0",
                "--tcp-port", "0", "--http-port", "0", "--pva-port", "0", "--status-every", "100")) {
            String http = demo.await(ServeIT.SERVING, 60).group(1);
            // some meters appear only after their first event (GC pauses, by collector), so scrape until all are there
            String otherProblems = problems.isEmpty() ? ""
                    : "; the dashboard has other problems too:\n  " + String.join("\n  ", problems);
            Await.until("every metric the dashboard queries in a scrape of the demo" + otherProblems, Await.DEFAULT_TIMEOUT,
                    () -> missing(scrape(http), exprsByMetric.keySet()), Set::isEmpty);
            // meters once registered stay, so this scrape has them all too
            Scrape scrape = scrape(http);
            for (Map.Entry<String, List<String>> e : exprsByMetric.entrySet()) {
                String metric = e.getKey();
                if (!scrape.series.contains(metric)) {
                    problems.add(metric + " is not exported by the server (used in " + e.getValue() + ")");
                } else if (scrape.isCounter(metric)) {
                    for (String expr : e.getValue()) {
                        if (!onlyUnderRate(metric, expr)) {
                            problems.add(metric + " is a counter, so a panel must show its rate(), not its value: " + expr);
                        }
                    }
                }
            }
            assertTrue(problems.isEmpty(), "dashboard " + DASHBOARD + ":\n  " + String.join("\n  ", problems)
                    + "\nmetrics the server exports: " + new TreeSet<>(scrape.series));
        }
    }

    /** What Grafana's import and a shift crew need of the file, apart from the metric names. */
    static List<String> dashboardProblems(JsonNode d) {
        List<String> problems = new ArrayList<>();
        if (d.path("title").asText().isBlank() || d.path("uid").asText().isBlank()) {
            problems.add("no title or uid");
        }
        // 36 is where panels and targets name their datasource as {type, uid}, which the checks below rely on
        if (d.path("schemaVersion").asInt() < 36) {
            problems.add("schemaVersion " + d.path("schemaVersion") + " is older than Grafana 9");
        }
        boolean input = false;
        for (JsonNode in : d.path("__inputs")) {
            input |= in.path("name").asText().equals("DS_PROMETHEUS") && in.path("pluginId").asText().equals("prometheus");
        }
        if (!input) {
            problems.add("no __inputs entry DS_PROMETHEUS for a prometheus datasource: import would not ask which Prometheus");
        }
        Set<String> variables = new HashSet<>();
        for (JsonNode v : d.at("/templating/list")) {
            if (query(v).startsWith("label_values(") && isPrometheus(v.path("datasource"))) {
                variables.add(v.path("name").asText());
            }
        }
        if (!variables.containsAll(List.of("detector", "instance"))) {
            problems.add("template variables from label_values: " + variables + ", wanted detector and instance");
        }
        List<JsonNode> panels = panels(d);
        if (panels.stream().noneMatch(p -> !p.path("type").asText().equals("row"))) {
            problems.add("no panels");
        }
        Set<Integer> ids = new HashSet<>();
        for (JsonNode p : panels) {
            String title = p.path("title").asText();
            String name = "panel " + p.path("id") + " \"" + title + "\"";
            if (!ids.add(p.path("id").asInt(-1))) {
                problems.add(name + ": missing or duplicate id (Grafana mixes up such panels on import)");
            }
            if (title.isBlank()) {
                problems.add(name + ": no title");
            }
            if (p.path("type").asText().equals("row")) {
                continue;
            }
            if (!isPrometheus(p.path("datasource"))) {
                problems.add(name + ": datasource " + p.path("datasource") + " is not " + DATASOURCE);
            }
            if (!p.path("targets").isArray() || p.path("targets").isEmpty()) {
                problems.add(name + ": no targets");
            }
            for (JsonNode t : p.path("targets")) {
                if (t.path("expr").asText().isBlank()) {
                    problems.add(name + ": target " + t.path("refId") + " has no expr");
                }
                if (t.has("datasource") && !isPrometheus(t.path("datasource"))) {
                    problems.add(name + ": target " + t.path("refId") + " datasource " + t.path("datasource") + " is not " + DATASOURCE);
                }
            }
            String unit = p.at("/fieldConfig/defaults/unit").asText();
            if (unit.isBlank()) {
                problems.add(name + ": no unit in fieldConfig.defaults (Grafana would guess one)");
            } else if (unit.equals("none") && p.path("description").asText().isBlank()) {
                problems.add(name + ": unit none without a description saying what the number is");
            }
        }
        return problems;
    }

    /** Every panel, including those inside collapsed rows, and the rows themselves. */
    static List<JsonNode> panels(JsonNode d) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode p : d.path("panels")) {
            all.add(p);
            p.path("panels").forEach(all::add);
        }
        return all;
    }

    /** Metric name to the expressions using it: panel and annotation queries and the template variables' queries. */
    static Map<String, List<String>> metricsUsed(JsonNode d) {
        List<String> exprs = new ArrayList<>();
        d.findValues("expr").forEach(e -> exprs.add(e.asText()));
        d.at("/templating/list").forEach(v -> exprs.add(query(v)));
        Map<String, List<String>> byMetric = new HashMap<>();
        for (String expr : exprs) {
            Matcher m = METRIC.matcher(NOT_A_METRIC.matcher(expr).replaceAll(" "));
            while (m.find()) {
                List<String> uses = byMetric.computeIfAbsent(m.group(), k -> new ArrayList<>());
                if (!uses.contains(expr)) {
                    uses.add(expr);
                }
            }
        }
        return byMetric;
    }

    /** A counter's value only says how long the server has been up; what a panel wants is its rate. */
    static boolean onlyUnderRate(String metric, String expr) {
        String bare = NOT_A_METRIC.matcher(expr).replaceAll("");
        int uses = count(Pattern.compile("(?<![\\w:])" + Pattern.quote(metric) + "(?![\\w:])"), bare);
        int underRate = count(Pattern.compile("\\b(?:rate|irate|increase)\\(\\s*" + Pattern.quote(metric) + "\\s*\\)"), bare);
        return uses == underRate;
    }

    static int count(Pattern p, String s) {
        int n = 0;
        for (Matcher m = p.matcher(s); m.find(); ) {
            n++;
        }
        return n;
    }

    static String query(JsonNode variable) {
        JsonNode q = variable.path("query");
        return q.isTextual() ? q.asText() : q.path("query").asText();
    }

    static boolean isPrometheus(JsonNode datasource) {
        return datasource.path("uid").asText().equals(DATASOURCE);
    }

    /** Series names of one scrape and the declared type of each metric family. */
    record Scrape(Set<String> series, Map<String, String> types) {
        boolean isCounter(String metric) {
            if ("counter".equals(types.get(metric))) {
                return true;
            }
            String family = metric.replaceFirst("_(?:sum|count|bucket)$", "");
            return !family.equals(metric) && List.of("summary", "histogram").contains(types.get(family));
        }
    }

    /** The metrics in {@code wanted} that {@code scrape} lacks, in order. */
    static Set<String> missing(Scrape scrape, Set<String> wanted) {
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(scrape.series);
        return missing;
    }

    /** One scrape of {@code /metrics}; unchecked, as a wait polls it. */
    static Scrape scrape(String http) {
        HttpResponse<String> r;
        try {
            r = HTTP.send(HttpRequest.newBuilder(URI.create(http + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("scraping " + http + "/metrics: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted scraping " + http + "/metrics", e);
        }
        assertEquals(200, r.statusCode(), r.body());
        Set<String> series = new HashSet<>();
        Map<String, String> types = new HashMap<>();
        for (String line : r.body().split("\n")) {
            Matcher s = SERIES.matcher(line);
            Matcher t = TYPE.matcher(line);
            if (s.find()) {
                series.add(s.group(1));
            } else if (t.find()) {
                types.put(t.group(1), t.group(2));
            }
        }
        return new Scrape(series, types);
    }
}
