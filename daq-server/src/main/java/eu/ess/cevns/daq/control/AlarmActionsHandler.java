package eu.ess.cevns.daq.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.daq.alarm.AlarmMonitor;
import eu.ess.cevns.daq.http.ApiResponse;
import eu.ess.cevns.daq.status.StatusJson;

import java.util.NoSuchElementException;

/**
 * {@code POST /api/alarms/{name}/acknowledge}, {@code .../shelve} and {@code .../unshelve}, behind
 * the {@link WriteGuard}: what the shift crew does about an alarm, recorded in the run under
 * {@code who} with the {@code reason}. A shelve needs {@code minutes} (more than 0, at most the
 * site's {@code alarms.maxShelveHours}) and a {@code reason}; an acknowledgement and an unshelve take
 * an optional reason. An alarm that is not listed is 404, one already acknowledged (or not shelved,
 * for an unshelve) is 409; the answer is the act and the alarm as it stands after it
 * ({@code null} when the act took it off the list).
 */
public final class AlarmActionsHandler {
    /** What each body looks like, for the error that says it is not one. */
    public static final String ACKNOWLEDGE_EXAMPLE = "{\"reason\": \"seen, calling the DAQ expert\"}";
    public static final String SHELVE_EXAMPLE = "{\"minutes\": 60, \"reason\": \"beam study, no run wanted\"}";
    public static final String UNSHELVE_EXAMPLE = "{\"reason\": \"study over\"}";
    /** The fields each act takes (and {@code who}). */
    public static final WriteGuard.Body ACKNOWLEDGE = WriteGuard.Body.of(ACKNOWLEDGE_EXAMPLE, "reason");
    public static final WriteGuard.Body SHELVE = WriteGuard.Body.of(SHELVE_EXAMPLE, "minutes", "reason");
    public static final WriteGuard.Body UNSHELVE = WriteGuard.Body.of(UNSHELVE_EXAMPLE, "reason");
    private static final int MAX_REASON_CHARS = 2000;

    private final AlarmMonitor alarms;

    public AlarmActionsHandler(AlarmMonitor alarms) {
        this.alarms = alarms;
    }

    public ApiResponse acknowledge(WriteGuard.Write write) {
        return act(write, Kind.ACKNOWLEDGE);
    }

    public ApiResponse shelve(WriteGuard.Write write) {
        return act(write, Kind.SHELVE);
    }

    public ApiResponse unshelve(WriteGuard.Write write) {
        return act(write, Kind.UNSHELVE);
    }

    private enum Kind { ACKNOWLEDGE, SHELVE, UNSHELVE }

    private ApiResponse act(WriteGuard.Write write, Kind kind) {
        String name = write.request().pathParams().get("name");
        JsonNode r = write.body().get("reason");
        String reason = "";
        if (r != null && !r.isNull()) {
            if (!r.isTextual()) {
                return ApiResponse.error(400, "reason must be a string", "reason");
            }
            if (r.asText().length() > MAX_REASON_CHARS) {
                return ApiResponse.error(400, "reason is longer than " + MAX_REASON_CHARS + " characters", "reason");
            }
            reason = r.asText().strip();
        }
        double minutes = 0;
        if (kind == Kind.SHELVE) {
            JsonNode m = write.body().get("minutes");
            if (m == null || m.isNull()) {
                return ApiResponse.error(400, "say for how long: a body like " + SHELVE_EXAMPLE, "minutes");
            }
            if (!m.isNumber()) {
                return ApiResponse.error(400, "minutes must be a number, got " + m, "minutes");
            }
            if (reason.isEmpty()) {
                return ApiResponse.error(400, "a shelved alarm needs a reason (why it may be put aside), for the run's record; e.g. "
                        + SHELVE_EXAMPLE, "reason");
            }
            minutes = m.asDouble();
        }
        try {
            AlarmMonitor.Outcome done = switch (kind) {
                case ACKNOWLEDGE -> alarms.acknowledge(name, write.who(), reason);
                case UNSHELVE -> alarms.unshelve(name, write.who(), reason);
                case SHELVE -> alarms.shelve(name, write.who(), reason, minutes * 60);
            };
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            AlarmMonitor.actJson(done.act(), o.putObject("act"));
            if (done.alarm() == null) {
                o.putNull("alarm");
            } else {
                StatusJson.alarm(done.alarm(), o.putObject("alarm"));
            }
            return ApiResponse.ok(o);
        } catch (NoSuchElementException e) {
            return ApiResponse.error(404, e.getMessage(), "name");
        } catch (IllegalStateException e) {
            return ApiResponse.error(409, e.getMessage(), "name");
        } catch (IllegalArgumentException e) {
            // the monitor's own check of the shelf's length (the reason was checked above)
            return ApiResponse.error(400, e.getMessage(), "minutes");
        }
    }
}
