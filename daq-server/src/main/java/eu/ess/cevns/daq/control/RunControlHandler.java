package eu.ess.cevns.daq.control;

import eu.ess.cevns.daq.http.ApiResponse;
import com.fasterxml.jackson.databind.JsonNode;
import eu.ess.cevns.daq.run.RunControl;
import eu.ess.cevns.daq.store.RunInfo;

/**
 * {@code POST /api/run/start} and {@code POST /api/run/stop}: run control, behind the
 * {@link WriteGuard}. The body is optional JSON {@code {"comment": "...", "who": "..."}}; a run already going
 * (start) or none going (stop) is a 409 that says so.
 */
public final class RunControlHandler {
    /** What a body looks like, for the error that says it is not one. */
    public static final String EXAMPLE = "{\"comment\": \"...\"}";
    /** What a body may hold. */
    public static final WriteGuard.Body BODY = WriteGuard.Body.of(EXAMPLE, "comment");
    private static final int MAX_COMMENT_CHARS = 2000;
    private final RunControl runs;

    public RunControlHandler(RunControl runs) {
        this.runs = runs;
    }

    public ApiResponse start(WriteGuard.Write write) {
        return act(write, true);
    }

    public ApiResponse stop(WriteGuard.Write write) {
        return act(write, false);
    }

    private ApiResponse act(WriteGuard.Write write, boolean start) {
        String comment = "";
        JsonNode c = write.body().get("comment");
        if (c != null && !c.isNull()) {
            if (!c.isTextual()) {
                return ApiResponse.error(400, "comment must be a string", "comment");
            }
            if (c.asText().length() > MAX_COMMENT_CHARS) {
                return ApiResponse.error(400, "comment is longer than " + MAX_COMMENT_CHARS + " characters", "comment");
            }
            comment = c.asText();
        }
        try {
            RunInfo info = start ? runs.start(comment, write.who()) : runs.stop(comment, write.who());
            return ApiResponse.ok(RunsHandler.toJson(info));
        } catch (IllegalStateException e) {
            return ApiResponse.error(409, e.getMessage());
        }
    }
}
