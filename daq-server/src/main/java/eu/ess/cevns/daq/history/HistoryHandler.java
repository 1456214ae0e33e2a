package eu.ess.cevns.daq.history;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.daq.http.ApiRequest;
import eu.ess.cevns.daq.http.ApiResponse;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/history?from=&to=&fields=&maxPoints=}: a range of the status history as columns
 * (bucket starts in {@code t}, one array per series in {@code series}, null where there is no data),
 * with the bucket width, the tier's resolution, and each series' unit and meaning. {@code from} and
 * {@code to} are ISO-8601 instants, epoch seconds, or relative to now ({@code -10m}, {@code -12h},
 * {@code -7d}, {@code -600} seconds, {@code now}); by default the last hour. {@code fields} is a
 * comma-separated list (default: every series); {@code maxPoints} (default 1500, at most 20000)
 * bounds the buckets; {@code stepS} asks for buckets of that width (a multiple of the tier's
 * resolution; wider if maxPoints needs it), as a page topping up a range it holds does. A bad parameter is a 400 naming it; no history (its files could not be opened)
 * is a 503 saying why.
 */
public final class HistoryHandler {
    /** Buckets in an answer when the request names no maxPoints: a chart's width in pixels, about. */
    static final int DEFAULT_POINTS = 1500;
    static final int MAX_POINTS = 20_000;
    private static final long DEFAULT_SPAN_S = 3600;
    private static final Pattern RELATIVE = Pattern.compile("-(\\d{1,9})([smhd]?)");

    private final StatusHistory history;
    private final Supplier<Instant> clock;

    public HistoryHandler(StatusHistory history, Supplier<Instant> clock) {
        this.history = history;
        this.clock = clock;
    }

    public ApiResponse get(ApiRequest request) {
        Optional<String> down = history.unavailable();
        if (down.isPresent()) {
            return ApiResponse.error(503, down.get());
        }
        long now = clock.get().getEpochSecond();
        Long to = time(request.queryParam("to", "now"), now);
        if (to == null) {
            return ApiResponse.error(400, "to must be an ISO-8601 time, epoch seconds, or relative to now like -10m, -12h, -7d; got '"
                    + request.queryParam("to", "") + "'", "to");
        }
        String fromText = request.queryParam("from", null);
        Long from = fromText == null ? Long.valueOf(to - DEFAULT_SPAN_S) : time(fromText, now);
        if (from == null) {
            return ApiResponse.error(400, "from must be an ISO-8601 time, epoch seconds, or relative to now like -10m, -12h, -7d; got '"
                    + fromText + "'", "from");
        }
        if (from > to) {
            return ApiResponse.error(400, "from (" + Instant.ofEpochSecond(from) + ") is after to (" + Instant.ofEpochSecond(to) + ")", "from");
        }
        int maxPoints;
        try {
            maxPoints = Integer.parseInt(request.queryParam("maxPoints", Integer.toString(DEFAULT_POINTS)));
        } catch (NumberFormatException e) {
            maxPoints = -1;
        }
        if (maxPoints < 1 || maxPoints > MAX_POINTS) {
            return ApiResponse.error(400, "maxPoints must be a whole number 1.." + MAX_POINTS, "maxPoints");
        }
        int stepS;
        try {
            stepS = Integer.parseInt(request.queryParam("stepS", "0"));
        } catch (NumberFormatException e) {
            stepS = -1;
        }
        if (stepS < 0) {
            return ApiResponse.error(400, "stepS must be a whole number of seconds", "stepS");
        }
        List<HistorySeries> fields = new ArrayList<>();
        String names = request.queryParam("fields", "");
        if (names.isBlank()) {
            fields.addAll(history.series());
        } else {
            for (String n : names.split(",")) {
                String name = n.strip();
                if (name.isEmpty()) {
                    continue;
                }
                Optional<HistorySeries> s = history.series(name);
                if (s.isEmpty()) {
                    return ApiResponse.error(400, "no history series '" + name + "'; there are: "
                            + String.join(", ", history.series().stream().map(HistorySeries::name).toList()), "fields");
                }
                if (!fields.contains(s.get())) {
                    fields.add(s.get());
                }
            }
        }
        try {
            return ApiResponse.ok(toJson(history.read(from, to, fields, maxPoints, stepS)));
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(400, e.getMessage(), "stepS");
        }
    }

    /** An instant as the API takes it, in epoch seconds; null if it is none of the forms. */
    static Long time(String text, long nowS) {
        String t = text.strip();
        if (t.equals("now")) {
            return nowS;
        }
        Matcher m = RELATIVE.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            long unit = switch (m.group(2)) {
                case "m" -> 60;
                case "h" -> 3600;
                case "d" -> 86_400;
                default -> 1;
            };
            return nowS - n * unit;
        }
        try {
            double epoch = Double.parseDouble(t);
            if (Double.isFinite(epoch) && epoch >= 0 && epoch < 1e11) {
                return (long) Math.floor(epoch);
            }
            return null;
        } catch (NumberFormatException e) {
            // not a number: an ISO time?
        }
        try {
            return Instant.parse(t).getEpochSecond();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static ObjectNode toJson(StatusHistory.Range r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("from", Instant.ofEpochSecond(r.fromS()).toString());
        o.put("to", Instant.ofEpochSecond(Math.max(r.fromS(), r.toS())).toString());
        o.put("stepS", r.stepS());
        o.put("resolutionS", r.resolutionS());
        o.put("oldest", r.oldestS() == Long.MAX_VALUE ? null : Instant.ofEpochSecond(r.oldestS()).toString());
        ObjectNode fields = o.putObject("fields");
        for (HistorySeries s : r.fields()) {
            ObjectNode f = fields.putObject(s.name());
            f.put("unit", s.unit());
            f.put("aggregation", s.aggregation().key());
            f.put("description", s.description());
        }
        ArrayNode t = o.putArray("t");
        for (long x : r.t()) {
            t.add(x);
        }
        ObjectNode series = o.putObject("series");
        for (int k = 0; k < r.fields().size(); k++) {
            ArrayNode a = series.putArray(r.fields().get(k).name());
            for (float v : r.values()[k]) {
                if (!Float.isFinite(v)) {
                    a.addNull();
                } else {
                    a.add(v);
                }
            }
        }
        return o;
    }
}
