package eu.ess.cevns.daq;

import com.sun.jna.Library;
import com.sun.jna.Native;
import net.openhft.posix.PosixAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the scheduling priority of the calling thread (Linux: each thread has its own nice value),
 * for work that must yield the CPU to the readout and store threads: the live analysis. Java's
 * {@link Thread#setPriority} does nothing on Linux unless the JVM runs with
 * {@code -XX:ThreadPriorityPolicy=1}, so this calls {@code setpriority(2)} on the thread's own id
 * (through JNA and Chronicle's POSIX binding, both on the class path with Chronicle Queue). Raising
 * a nice value needs no privilege; lowering it again would. Where it cannot, it logs and the thread
 * runs at the priority it has.
 */
public final class ThreadNice {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadNice.class);
    private static final int PRIO_PROCESS = 0;

    /** The C library's {@code setpriority} and {@code getpriority}. */
    private interface C extends Library {
        int setpriority(int which, int who, int prio);

        int getpriority(int which, int who);
    }

    private ThreadNice() {
    }

    /**
     * Sets the calling thread's nice value (0..19); true if the kernel took it. {@code what} names
     * the thread in the log line if it did not.
     */
    public static boolean set(int nice, String what) {
        if (nice < 0 || nice > 19) {
            throw new IllegalArgumentException("nice must be 0..19, got " + nice);
        }
        try {
            int tid = PosixAPI.posix().gettid();
            C c = Native.load("c", C.class);
            if (c.setpriority(PRIO_PROCESS, tid, nice) == 0) {
                return true;
            }
            LOG.warn("{} runs at its normal priority: setpriority({}) failed (errno {})", what, nice, Native.getLastError());
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("{} runs at its normal priority: cannot set its nice value here: {}", what, e.toString());
        }
        return false;
    }

    /** The calling thread's nice value, or {@link Integer#MIN_VALUE} if it cannot be read. */
    public static int get() {
        try {
            return Native.load("c", C.class).getpriority(PRIO_PROCESS, PosixAPI.posix().gettid());
        } catch (RuntimeException | LinkageError e) {
            return Integer.MIN_VALUE;
        }
    }
}
