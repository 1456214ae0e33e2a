package eu.ess.cevns.daq;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waits in a test for the condition a pause stands for ("the client is live", "every pulse is
 * decided") instead of for a guessed time: polls it and, once the deadline has passed, fails with
 * what it waited for (and what it last saw, when asked to observe a value). A test then takes as
 * long as the system needs, and says what did not happen when it fails. Shared with the other
 * modules' tests through daq-server's test-jar.
 */
public final class Await {
    /** Deadline when a test names none: long enough for a loaded build machine, short enough to fail a hung test. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MS = 10;

    private Await() {
    }

    /** Waits until {@code condition} holds, at most {@link #DEFAULT_TIMEOUT}. */
    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        until(what, DEFAULT_TIMEOUT, condition);
    }

    /** Waits until {@code condition} holds, at most {@code timeout}; fails naming {@code what} after that. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        until(what, timeout, condition::getAsBoolean, held -> held);
    }

    /**
     * Observes a value until it satisfies {@code done}, at most {@code timeout}, and returns that
     * value; fails naming {@code what} and the value last observed after that.
     */
    public static <T> T until(String what, Duration timeout, Supplier<T> observe, Predicate<? super T> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T seen = observe.get();
            if (done.test(seen)) {
                return seen;
            }
            if (System.nanoTime() - deadline > 0) {
                String last = seen instanceof Boolean ? "" : " (last seen: " + seen + ")";
                return fail("not within " + timeout.toMillis() / 1000.0 + " s: " + what + last);
            }
            Thread.sleep(POLL_MS);
        }
    }
}
