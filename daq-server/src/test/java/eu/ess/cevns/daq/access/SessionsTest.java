package eu.ess.cevns.daq.access;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Logins end after the idle time without a request, and each use moves that end on. */
class SessionsTest {
    @Test
    void aSessionEndsAfterTheIdleTimeWithoutUseAndUseKeepsItOpen() {
        AtomicLong now = new AtomicLong(1_000_000);
        Sessions sessions = new Sessions(60_000, now::get);
        Sessions.Session s = sessions.open("jdoe");
        assertNotEquals(s.id(), s.csrfToken(), "the CSRF token is no copy of the cookie");
        assertEquals(64, s.id().length(), "32 random bytes");
        now.addAndGet(59_000);
        assertEquals("jdoe", sessions.use(s.id()).orElseThrow().account());
        now.addAndGet(59_000);
        assertTrue(sessions.use(s.id()).isPresent(), "used 59 s ago: still open");
        now.addAndGet(60_001);
        assertTrue(sessions.use(s.id()).isEmpty(), "idle longer than 60 s: ended");
        assertTrue(sessions.use(s.id()).isEmpty(), "and stays ended");
    }

    @Test
    void logoutEndsOnlyThatSession() {
        Sessions sessions = new Sessions(60_000, System::currentTimeMillis);
        Sessions.Session a = sessions.open("jdoe");
        Sessions.Session b = sessions.open("jdoe");
        sessions.close(a.id());
        assertTrue(sessions.use(a.id()).isEmpty());
        assertTrue(sessions.use(b.id()).isPresent());
        assertTrue(sessions.use("not-a-session").isEmpty());
        assertTrue(sessions.use(null).isEmpty());
    }
}
