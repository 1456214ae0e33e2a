package eu.ess.cevns.daq.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.daq.http.ApiRequest;
import eu.ess.cevns.daq.http.ApiResponse;

import java.util.Optional;

/**
 * The page's login: {@code POST /api/login} with {@code {"user", "password"}} opens a session
 * (cookie {@value Authenticator#SESSION_COOKIE}: HttpOnly, SameSite=Strict, Secure over TLS) and
 * answers with the account, its role and the session's CSRF token; {@code GET /api/session} says
 * who the page is logged in as (and the CSRF token again, for a reloaded page);
 * {@code POST /api/logout} ends the session. Wrong passwords in a row lock a name's logins for a
 * while ({@link LoginThrottle}: 429 with {@code Retry-After}). {@code {"token"}} with the server's write token logs in
 * as its built-in expert account, whose writes record the name the page gives.
 */
public final class LoginHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A password longer than this is no password but a way to make the server hash megabytes. */
    private static final int MAX_PASSWORD_CHARS = 1024;
    private final Authenticator auth;
    private final LoginThrottle throttle;
    private final boolean secureCookie;

    public LoginHandler(Authenticator auth, LoginThrottle throttle, boolean secureCookie) {
        this.auth = auth;
        this.throttle = throttle;
        this.secureCookie = secureCookie;
    }

    public ApiResponse login(ApiRequest request) {
        JsonNode body;
        try {
            body = JSON.readTree(request.body() == null ? "" : request.body());
        } catch (Exception e) {
            body = null;
        }
        if (body != null && body.isObject() && body.size() == 1 && body.path("token").isTextual()) {
            // the write token logs the page in as the built-in account (a site without an accounts file has no other)
            Optional<Caller> c = auth.accounts().byToken(body.get("token").asText().strip()).filter(Caller::builtIn);
            if (c.isEmpty()) {
                return ApiResponse.error(401, "wrong write token (the page logs in with the server's write token only; an account's "
                        + "script token is for scripts)", "token");
            }
            return opened(c.get());
        }
        if (body == null || !body.isObject() || !body.path("user").isTextual() || !body.path("password").isTextual()) {
            return ApiResponse.error(400, "log in with a JSON object like {\"user\": \"jdoe\", \"password\": \"...\"} "
                    + "(or {\"token\": \"...\"} with the server's write token)", "body");
        }
        String user = body.get("user").asText();
        String password = body.get("password").asText();
        if (password.length() > MAX_PASSWORD_CHARS) {
            return ApiResponse.error(400, "password longer than " + MAX_PASSWORD_CHARS + " characters", "password");
        }
        long locked = throttle.lockedSeconds(user);
        if (locked > 0) {
            return ApiResponse.error(429, "too many wrong passwords for '" + user + "': try again in " + locked + " s", "password")
                    .withHeader("Retry-After", Long.toString(locked));
        }
        Optional<Caller> c = auth.accounts().login(user, password.toCharArray());
        throttle.record(user, c.isPresent());
        if (c.isEmpty()) {
            return ApiResponse.error(401, "wrong user name or password", "password");
        }
        return opened(c.get());
    }

    private ApiResponse opened(Caller c) {
        Sessions.Session s = auth.sessions().open(c.name());
        return ApiResponse.ok(who(c, s)).withHeader("Set-Cookie", cookie(s.id(), false));
    }

    public ApiResponse session(ApiRequest request) {
        String id = request.cookie(Authenticator.SESSION_COOKIE);
        Optional<Sessions.Session> s = auth.sessions().use(id);
        Optional<Caller> c = s.flatMap(x -> auth.accounts().current(x.account()));
        if (c.isEmpty()) {
            ObjectNode none = JsonNodeFactory.instance.objectNode();
            none.putNull("user");
            return ApiResponse.ok(none);
        }
        return ApiResponse.ok(who(c.get(), s.get()));
    }

    public ApiResponse logout(ApiRequest request) {
        Authenticator.Result r = auth.forWrite(request);
        if (r.refusal() != null) {
            return r.refusal();
        }
        auth.sessions().close(request.cookie(Authenticator.SESSION_COOKIE));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("loggedOut", r.caller().name());
        return ApiResponse.ok(out).withHeader("Set-Cookie", cookie("", true));
    }

    private static ObjectNode who(Caller c, Sessions.Session s) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("user", c.name());
        out.put("role", c.role().word());
        out.put("builtIn", c.builtIn());
        out.put("csrfToken", s.csrfToken());
        return out;
    }

    private String cookie(String value, boolean expire) {
        return Authenticator.SESSION_COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + (secureCookie ? "; Secure" : "")
                + (expire ? "; Max-Age=0" : "");
    }
}
