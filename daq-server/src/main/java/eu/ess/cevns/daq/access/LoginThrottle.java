package eu.ess.cevns.daq.access;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows down guessing at a password over HTTP: after {@code failedLogins} wrong passwords in a row
 * for one account name, that name's logins are refused for {@code lockoutMs} (a right password
 * included, so the answer tells a guesser nothing); a good login clears the count. Counted per
 * name, whether the account exists or not, so the refusal does not tell which names exist. The
 * table is bounded: when it grows past {@value #MAX_NAMES} names it starts again.
 */
public final class LoginThrottle {
    private static final int MAX_NAMES = 10_000;

    private record Failures(int count, long lockedUntilMs) {
    }

    private final Map<String, Failures> byName = new ConcurrentHashMap<>();
    private final int failedLogins;
    private final long lockoutMs;
    private final LongSupplier clockMs;

    public LoginThrottle(int failedLogins, long lockoutMs, LongSupplier clockMs) {
        this.failedLogins = failedLogins;
        this.lockoutMs = lockoutMs;
        this.clockMs = clockMs;
    }

    /** Seconds until this name may try again, or 0 when it may now. */
    public long lockedSeconds(String name) {
        Failures f = byName.get(name);
        long left = f == null ? 0 : f.lockedUntilMs() - clockMs.getAsLong();
        return left <= 0 ? 0 : (left + 999) / 1000;
    }

    /** Counts a login of {@code name} that succeeded or not. */
    public void record(String name, boolean ok) {
        if (ok) {
            byName.remove(name);
            return;
        }
        if (byName.size() > MAX_NAMES) {
            byName.clear();
        }
        long now = clockMs.getAsLong();
        byName.compute(name, (n, f) -> {
            int count = (f == null || f.lockedUntilMs() > 0 && f.lockedUntilMs() <= now ? 0 : f.count()) + 1;
            return new Failures(count, count >= failedLogins ? now + lockoutMs : 0);
        });
    }
}
