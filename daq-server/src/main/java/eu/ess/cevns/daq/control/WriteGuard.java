package eu.ess.cevns.daq.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.daq.access.Authenticator;
import eu.ess.cevns.daq.access.Caller;
import eu.ess.cevns.daq.access.Role;
import eu.ess.cevns.daq.http.ApiHandler;
import eu.ess.cevns.daq.http.ApiRequest;
import eu.ess.cevns.daq.http.ApiResponse;

import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * What every write to the API passes before its handler sees it: who sends it (the
 * {@link Authenticator}: a bearer token, or the page's session with its CSRF token; 401 naming
 * what is missing), whether their role may make this write (each route names the role it needs;
 * 403 naming {@code role}), the body as a JSON object (400 naming {@code body}) holding only the
 * fields that write takes (400 naming the first other one), and the name the change is recorded
 * under: the account's name; only for the built-in account of the write token (a shared secret,
 * not a person) the body's optional {@code who} (a name on one line of at most
 * {@value #MAX_WHO_CHARS} characters, 400 naming {@code who}; {@code api} when absent). Under an
 * account a body's {@code who} is checked the same way but not recorded: the account is who did
 * it. A handler wrapped here gets the parsed body and the name, never a request that skipped a check.
 */
public final class WriteGuard {
    // a body is one JSON object with each field once: a second value for a field, or a second
    // object after the first, would otherwise be dropped without a word
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final String DEFAULT_WHO = "api";
    private static final String WHO = "who";
    /**
     * Longest {@code who}: a person's name with a role ("J. Doe (shift leader, ESS)") fits with room
     * to spare; the name goes into every config-change record of the run and the dashboard's change
     * log, where a page of text is no name.
     */
    public static final int MAX_WHO_CHARS = 100;

    /** What a write's body may hold besides {@code who}, and an example for the error that says it is not one. */
    public record Body(String example, Set<String> fields) {
        public Body {
            fields = Set.copyOf(fields);
        }

        public static Body of(String example, String... fields) {
            return new Body(example, Set.of(fields));
        }

        String allowed() {
            return String.join(", ", new TreeSet<>(fields)) + (fields.isEmpty() ? "" : ", ") + WHO;
        }
    }

    /**
     * A write that passed the guard: the request, its body (empty when none was sent and none was
     * needed), who asked: the account's name (what every record of the change carries).
     */
    public record Write(ApiRequest request, ObjectNode body, String who) {
    }

    /** The handler behind the guard. */
    @FunctionalInterface
    public interface WriteHandler {
        ApiResponse handle(Write write) throws Exception;
    }

    private final Authenticator auth;

    public WriteGuard(Authenticator auth) {
        this.auth = auth;
    }

    /** A write that {@code role} (and the roles above it) may make, whose body must be a JSON object with the fields of {@code body}. */
    public ApiHandler json(Role role, Body body, WriteHandler handler) {
        return request -> guard(request, role, false, body, handler);
    }

    /** A write that {@code role} may make, whose body may be empty (read as an empty object), else a JSON object with the fields of {@code body}. */
    public ApiHandler optionalJson(Role role, Body body, WriteHandler handler) {
        return request -> guard(request, role, true, body, handler);
    }

    private ApiResponse guard(ApiRequest request, Role role, boolean mayBeEmpty, Body spec, WriteHandler handler) throws Exception {
        Authenticator.Result who = auth.forWrite(request);
        if (who.refusal() != null) {
            return who.refusal();
        }
        Caller caller = who.caller();
        if (!caller.role().covers(role)) {
            return ApiResponse.error(403, "this write needs the " + role.word() + " role; " + caller.name() + " is "
                    + (caller.role() == Role.EXPERT ? "an " : "a ") + caller.role().word(), "role");
        }
        String text = request.body() == null ? "" : request.body();
        ObjectNode body;
        if (mayBeEmpty && text.isBlank()) {
            body = JsonNodeFactory.instance.objectNode();
        } else {
            JsonNode parsed;
            try {
                parsed = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                return ApiResponse.error(400, "body is not valid JSON: " + e.getOriginalMessage(), "body");
            }
            if (!(parsed instanceof ObjectNode o)) {
                return ApiResponse.error(400, "body must be a JSON object like " + spec.example(), "body");
            }
            body = o;
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(WHO) && !spec.fields().contains(name)) {
                return ApiResponse.error(400, "unknown field '" + name + "'; this write takes " + spec.allowed(), name);
            }
        }
        JsonNode w = body.get(WHO);
        String name = DEFAULT_WHO;
        if (w != null && !w.isNull()) {
            if (!w.isTextual() || w.asText().isBlank()) {
                return ApiResponse.error(400, "who must be a non-empty string", WHO);
            }
            name = w.asText();
            if (name.codePointCount(0, name.length()) > MAX_WHO_CHARS) {
                return ApiResponse.error(400, "who is longer than " + MAX_WHO_CHARS + " characters: give a name, not a text", WHO);
            }
            if (name.codePoints().anyMatch(Character::isISOControl)) {
                return ApiResponse.error(400, "who must be a name on one line (no control characters)", WHO);
            }
        }
        return handler.handle(new Write(request, body, caller.builtIn() ? name : caller.name()));
    }
}
