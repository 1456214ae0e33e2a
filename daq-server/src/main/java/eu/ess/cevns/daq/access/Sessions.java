package eu.ess.cevns.daq.access;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The page's logins: a random session id (the cookie) per login, with the account's name and a
 * CSRF token of its own that every write from the page must carry in a header (a cookie alone
 * proves nothing: the browser sends it with requests other sites' pages make). A session ends at
 * logout, or after {@code idleMs} without a request. Kept in memory: a server restart logs
 * everyone out.
 */
public final class Sessions {
    /** One login. */
    public record Session(String id, String account, String csrfToken) {
    }

    private record Entry(Session session, long lastUsedMs) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final long idleMs;
    private final LongSupplier clockMs;

    public Sessions(long idleMs, LongSupplier clockMs) {
        this.idleMs = idleMs;
        this.clockMs = clockMs;
    }

    /** A new login of {@code account}. */
    public Session open(String account) {
        long now = clockMs.getAsLong();
        byId.values().removeIf(e -> now - e.lastUsedMs() > idleMs);
        Session s = new Session(random(), account, random());
        byId.put(s.id(), new Entry(s, now));
        return s;
    }

    /** The live session of this id (and it counts as used now), or empty when unknown or expired. */
    public Optional<Session> use(String id) {
        if (id == null) {
            return Optional.empty();
        }
        long now = clockMs.getAsLong();
        Entry e = byId.get(id);
        if (e == null) {
            return Optional.empty();
        }
        if (now - e.lastUsedMs() > idleMs) {
            byId.remove(id, e);
            return Optional.empty();
        }
        byId.replace(id, e, new Entry(e.session(), now));
        return Optional.of(e.session());
    }

    public void close(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
