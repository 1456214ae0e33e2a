package eu.ess.cevns.daq.access;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Wrong passwords in a row lock a name for a while; a good login or the end of the lock starts the count again. */
class LoginThrottleTest {
    @Test
    void theFifthWrongPasswordInARowLocksTheNameForTheLockout() {
        AtomicLong now = new AtomicLong(0);
        LoginThrottle t = new LoginThrottle(5, 60_000, now::get);
        for (int i = 0; i < 4; i++) {
            t.record("asa", false);
            assertEquals(0, t.lockedSeconds("asa"), "after " + (i + 1) + " wrong");
        }
        t.record("asa", false);
        assertEquals(60, t.lockedSeconds("asa"));
        assertEquals(0, t.lockedSeconds("erik"), "other names are not locked");
        now.addAndGet(59_001);
        assertEquals(1, t.lockedSeconds("asa"));
        now.addAndGet(1_000);
        assertEquals(0, t.lockedSeconds("asa"), "the lock ends");
        t.record("asa", false);
        assertEquals(0, t.lockedSeconds("asa"), "and the count starts again: one wrong is not five");
    }

    @Test
    void aGoodLoginClearsTheCount() {
        LoginThrottle t = new LoginThrottle(3, 60_000, () -> 0);
        t.record("asa", false);
        t.record("asa", false);
        t.record("asa", true);
        t.record("asa", false);
        t.record("asa", false);
        assertEquals(0, t.lockedSeconds("asa"));
        t.record("asa", false);
        assertEquals(60, t.lockedSeconds("asa"));
    }
}
