package eu.ess.cevns.daq.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.daq.http.ApiRequest;
import eu.ess.cevns.daq.http.ApiResponse;
import eu.ess.cevns.daq.run.RunLogbook;
import eu.ess.cevns.daq.store.LogEntry;
import eu.ess.cevns.daq.store.RunQuality;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The run logbook over HTTP: {@code POST /api/logbook} writes an entry ({@code text}, optional
 * {@code tags} and {@code run}; behind the {@link WriteGuard}, recorded under its {@code who}),
 * {@code PUT /api/runs/{n}/quality} flags a run ({@code flag} good, bad or check, {@code reason}
 * required for bad and check), {@code GET /api/logbook?run=N} reads a run's logbook (the open or
 * last run without {@code run}). A field this write does not take, a text too long, a tag with a
 * line break, a run that is not stored: 400 or 404 naming the field, and nothing is written.
 */
public final class LogbookHandler {
    /** What an entry's body looks like, for the error that says it is not one. */
    public static final String ENTRY_EXAMPLE = "{\"text\": \"beam trip at 03:12, back at 03:20\", \"tags\": [\"beam trip\"]}";
    /** The fields a logbook entry takes (and {@code who}). */
    public static final WriteGuard.Body ENTRY = WriteGuard.Body.of(ENTRY_EXAMPLE, "text", "tags", "run");
    /** What a quality flag's body looks like. */
    public static final String QUALITY_EXAMPLE = "{\"flag\": \"bad\", \"reason\": \"HV of digitizer 2 off from 03:10\"}";
    /** The fields a quality flag takes (and {@code who}). */
    public static final WriteGuard.Body QUALITY = WriteGuard.Body.of(QUALITY_EXAMPLE, "flag", "reason");
    private static final Set<String> ENTRY_FIELDS = Set.of("text", "tags", "run", "who");
    private static final Set<String> QUALITY_FIELDS = Set.of("flag", "reason", "who");

    private final RunLogbook logbook;

    public LogbookHandler(RunLogbook logbook) {
        this.logbook = logbook;
    }

    public ApiResponse write(WriteGuard.Write write) throws IOException {
        ObjectNode body = write.body();
        ApiResponse unknown = unknownField(body, ENTRY_FIELDS, "an entry takes text, tags, run and who");
        if (unknown != null) {
            return unknown;
        }
        JsonNode t = body.get("text");
        if (t == null || !t.isTextual() || t.asText().isBlank()) {
            return ApiResponse.error(400, "text must be the entry's text, e.g. " + ENTRY_EXAMPLE, "text");
        }
        String text = t.asText().strip();
        if (text.length() > RunLogbook.MAX_TEXT_CHARS) {
            return ApiResponse.error(400, "text is longer than " + RunLogbook.MAX_TEXT_CHARS + " characters", "text");
        }
        List<String> tags = new ArrayList<>();
        String tagProblem = tags(body.get("tags"), tags);
        if (tagProblem != null) {
            return ApiResponse.error(400, tagProblem, "tags");
        }
        OptionalInt run;
        JsonNode r = body.get("run");
        if (r == null || r.isNull()) {
            run = logbook.defaultRun();
            if (run.isEmpty()) {
                return ApiResponse.error(409, "no run has been started yet: the logbook is kept per run");
            }
        } else if (!r.canConvertToInt() || !r.isIntegralNumber() || r.asInt() < 1) {
            return ApiResponse.error(400, "run must be a run number, got " + r, "run");
        } else {
            run = OptionalInt.of(r.asInt());
            if (!logbook.exists(run.getAsInt())) {
                return ApiResponse.error(404, "no run " + run.getAsInt() + " is stored", "run");
            }
        }
        return ApiResponse.ok(written(logbook.write(run.getAsInt(), write.who(), text, tags)));
    }

    public ApiResponse quality(WriteGuard.Write write) throws IOException {
        Integer run = runParam(write.request().pathParams().get("n"));
        if (run == null) {
            return ApiResponse.error(400, "run number must be a whole number, got '" + write.request().pathParams().get("n") + "'", "n");
        }
        if (!logbook.exists(run)) {
            return ApiResponse.error(404, "no run " + run + " is stored", "n");
        }
        ObjectNode body = write.body();
        ApiResponse unknown = unknownField(body, QUALITY_FIELDS, "a quality flag takes flag, reason and who");
        if (unknown != null) {
            return unknown;
        }
        JsonNode f = body.get("flag");
        RunQuality.Flag flag = f == null || !f.isTextual() ? null : RunQuality.Flag.ofText(f.asText()).orElse(null);
        if (flag == null) {
            return ApiResponse.error(400, "flag must be good, bad or check, e.g. " + QUALITY_EXAMPLE, "flag");
        }
        JsonNode r = body.get("reason");
        if (r != null && !r.isNull() && !r.isTextual()) {
            return ApiResponse.error(400, "reason must be text", "reason");
        }
        String reason = r == null || r.isNull() ? "" : r.asText().strip();
        if (reason.isEmpty() && flag != RunQuality.Flag.GOOD) {
            return ApiResponse.error(400, "a run flagged " + flag.text() + " needs a reason (what is wrong, from when)", "reason");
        }
        if (reason.length() > RunLogbook.MAX_TEXT_CHARS) {
            return ApiResponse.error(400, "reason is longer than " + RunLogbook.MAX_TEXT_CHARS + " characters", "reason");
        }
        RunLogbook.Written w = logbook.setQuality(run, flag, reason, write.who());
        ObjectNode o = written(w);
        o.set("quality", qualityJson(new RunQuality(flag.text(), reason, write.who(), w.entry().time().toString())));
        return ApiResponse.ok(o);
    }

    public ApiResponse read(ApiRequest request) {
        String n = request.queryParam("run", null);
        int run;
        if (n == null) {
            OptionalInt d = logbook.defaultRun();
            if (d.isEmpty()) {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.putNull("run");
                o.putArray("entries");
                return ApiResponse.ok(o);
            }
            run = d.getAsInt();
        } else {
            Integer parsed = runParam(n);
            if (parsed == null) {
                return ApiResponse.error(400, "run must be a whole number, got '" + n + "'", "run");
            }
            run = parsed;
            if (!logbook.exists(run)) {
                return ApiResponse.error(404, "no run " + run + " is stored", "run");
            }
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("run", run);
        ArrayNode entries = o.putArray("entries");
        for (LogEntry e : logbook.entries(run)) {
            entries.add(entryJson(e));
        }
        ArrayNode tags = o.putArray("suggestedTags");
        RunLogbook.SUGGESTED_TAGS.forEach(tags::add);
        return ApiResponse.ok(o);
    }

    /** A logbook line as JSON: time, who, text, tags, and {@code quality} (the flag set) for a flag's line. */
    public static ObjectNode entryJson(LogEntry e) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("time", e.time().toString());
        o.put("who", e.who());
        o.put("text", e.text());
        ArrayNode tags = o.putArray("tags");
        e.tags().forEach(tags::add);
        if (e.quality() != null) {
            o.put("quality", e.quality());
        }
        return o;
    }

    /** run.json's quality as the API shows it: flag, reason, who, time. */
    public static ObjectNode qualityJson(RunQuality q) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("flag", q.flag());
        o.put("reason", q.reason());
        o.put("who", q.who());
        o.put("time", q.time());
        return o;
    }

    private static ObjectNode written(RunLogbook.Written w) {
        ObjectNode o = entryJson(w.entry());
        o.put("run", w.run());
        o.put("inQueue", w.inQueue());
        return o;
    }

    /** Fills {@code out} with the tags of {@code node} (absent: none), stripped, each once; the problem in words, or null. */
    static String tags(JsonNode node, List<String> out) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            return "tags must be a list of short texts, e.g. [\"beam trip\"]";
        }
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode t : node) {
            if (!t.isTextual() || t.asText().isBlank()) {
                return "each tag must be a non-empty text, got " + t;
            }
            String tag = t.asText().strip();
            if (tag.length() > RunLogbook.MAX_TAG_CHARS) {
                return "tag '" + tag + "' is longer than " + RunLogbook.MAX_TAG_CHARS + " characters";
            }
            if (tag.chars().anyMatch(Character::isISOControl)) {
                return "tag " + t + " holds a control character (a line break?)";
            }
            seen.add(tag);
        }
        if (seen.size() > RunLogbook.MAX_TAGS) {
            return "at most " + RunLogbook.MAX_TAGS + " tags, got " + seen.size();
        }
        out.addAll(seen);
        return null;
    }

    private static ApiResponse unknownField(ObjectNode body, Set<String> allowed, String which) {
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            String k = it.next().getKey();
            if (!allowed.contains(k)) {
                return ApiResponse.error(400, "unknown field '" + k + "'; " + which, k);
            }
        }
        return null;
    }

    private static Integer runParam(String n) {
        try {
            int v = Integer.parseInt(n);
            return v >= 1 ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
