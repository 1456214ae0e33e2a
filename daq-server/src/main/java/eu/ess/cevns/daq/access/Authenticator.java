package eu.ess.cevns.daq.access;

import eu.ess.cevns.daq.control.WriteToken;
import eu.ess.cevns.daq.http.ApiHandler;
import eu.ess.cevns.daq.http.ApiRequest;
import eu.ess.cevns.daq.http.ApiResponse;

import java.io.IOException;
import java.util.Optional;

/**
 * Who a request comes from: a bearer token (the write token's built-in expert account, or an
 * account's script token), else the page's session cookie, which for a write must come with the
 * session's CSRF token in the {@value #CSRF_HEADER} header. Refusals are 401 (who are you: no or
 * a wrong credential, an expired login) with JSON naming what is missing; what a caller's role may
 * do is the {@code WriteGuard}'s to judge. Reads pass without an account when the site keeps
 * reads open, else need one of any role.
 */
public final class Authenticator {
    /** The cookie of the page's login. */
    public static final String SESSION_COOKIE = "cevns_session";
    /** The header every write from the page carries: the session's CSRF token. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    /** A caller, or the answer that refuses the request. */
    public record Result(Caller caller, ApiResponse refusal) {
        static Result of(Caller c) {
            return new Result(c, null);
        }

        static Result refused(int status, String message, String field) {
            return new Result(null, ApiResponse.error(status, message, field));
        }
    }

    private final Accounts accounts;
    private final Sessions sessions;
    private final boolean readsOpen;

    public Authenticator(Accounts accounts, Sessions sessions, boolean readsOpen) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.readsOpen = readsOpen;
    }

    /** Only the write token's account, reads open, no logins (a unit test's guard). */
    public static Authenticator of(WriteToken token) {
        try {
            return new Authenticator(Accounts.load(null, token), new Sessions(1, System::currentTimeMillis), true);
        } catch (IOException e) {
            throw new IllegalStateException("no file is read", e);
        }
    }

    public Accounts accounts() {
        return accounts;
    }

    public Sessions sessions() {
        return sessions;
    }

    /** Who sends this write: a bearer token, or a session with its CSRF token. */
    public Result forWrite(ApiRequest request) {
        return identify(request, true, "this write needs an account: log in on the page, or send 'Authorization: Bearer <token>' "
                + "(an account's token from 'cevns-daq user token NAME', or the server's write token)");
    }

    /** Who sends this read: anyone when reads are open, else a bearer token or a session (no CSRF token: reading changes nothing). */
    public Result forRead(ApiRequest request) {
        if (readsOpen && request.authorization() == null) {
            return Result.of(null);
        }
        return identify(request, false, "this server's pages and API need an account to read (accounts.readsOpen is false): "
                + "log in on the page, or send 'Authorization: Bearer <token>'");
    }

    /** {@code handler} behind the read check. */
    public ApiHandler reads(ApiHandler handler) {
        return request -> {
            Result r = forRead(request);
            return r.refusal() != null ? r.refusal() : handler.handle(request);
        };
    }

    private Result identify(ApiRequest request, boolean write, String noCredential) {
        String auth = request.authorization();
        if (auth != null) {
            if (!auth.regionMatches(true, 0, "Bearer ", 0, 7) || auth.substring(7).isBlank()) {
                return Result.refused(401, "the Authorization header must be 'Bearer <token>'", "Authorization");
            }
            Optional<Caller> c = accounts.byToken(auth.substring(7).strip());
            return c.map(Result::of).orElseGet(() -> Result.refused(401, "wrong token: neither the server's write token nor a "
                    + "token of an account (a removed account's tokens end with it)", "Authorization"));
        }
        String id = request.cookie(SESSION_COOKIE);
        if (id == null) {
            return Result.refused(401, noCredential, "Authorization");
        }
        Optional<Sessions.Session> s = sessions.use(id);
        if (s.isEmpty()) {
            return Result.refused(401, "your login has ended (logged out, idle too long, or the server restarted): log in again", "session");
        }
        if (write) {
            String csrf = request.header(CSRF_HEADER);
            if (csrf == null || !ScriptToken.same(csrf, s.get().csrfToken())) {
                // 403, not 401: the session is good, the request does not prove it comes from the page
                return Result.refused(403, "a write with a login must carry the page's " + CSRF_HEADER + " header "
                        + (csrf == null ? "(missing)" : "(wrong)") + ": reload the page", CSRF_HEADER);
            }
        }
        Optional<Caller> c = accounts.current(s.get().account());
        if (c.isEmpty()) {
            sessions.close(id);
            return Result.refused(401, "account '" + s.get().account() + "' no longer exists", "session");
        }
        return Result.of(c.get());
    }
}
