package eu.ess.cevns.daq.store;

import eu.ess.cevns.daq.run.RunControl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One server per data root: the lock refuses a second holder, in this process and in another,
 * naming the holder; recovery does not run without it; readers need none; and it is free again
 * when the holder ends, however it ends.
 */
class DataRootLockTest {

    @Test
    void aSecondHolderInThisProcessIsRefusedUntilTheFirstLetsGo(@TempDir Path data) throws Exception {
        try (DataRootLock first = DataRootLock.acquire(data)) {
            IOException refused = assertThrows(IOException.class, () -> DataRootLock.acquire(data.resolve(".")));
            assertTrue(refused.getMessage().startsWith("data root " + data.toAbsolutePath() + " is in use by cevns-daq PID "
                    + ProcessHandle.current().pid() + " on "), refused.getMessage());
            assertTrue(refused.getMessage().matches(".* since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ; .*"), refused.getMessage());
            assertTrue(DataRootLock.heldHere(data));
            // the server holds it: its own recovery runs
            try (StoreWriter writer = new StoreWriter(1 << 20)) {
                assertEquals(List.of(), new RunControl(new RunStore(data), writer, () -> "", "t").recovered());
            }
        }
        assertFalse(DataRootLock.heldHere(data));
        DataRootLock.acquire(data).close();
        assertTrue(Files.readString(data.resolve(DataRootLock.FILE_NAME)).startsWith("cevns-daq PID "), "the owner is named in the file");
    }

    @Test
    void anotherProcessHoldingTheRootKeepsRecoveryOutAndReadersIn(@TempDir Path data) throws Exception {
        // a run left RUNNING, as the other process's live run would look
        new RunStore(data).writeRunInfo(RunInfo.running(1, Instant.now(), "live elsewhere"));
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Holder.class.getName(), data.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine(), "the other process took the lock");
            IOException refused = assertThrows(IOException.class, () -> DataRootLock.acquire(data));
            assertTrue(refused.getMessage().contains(" is in use by cevns-daq PID " + holder.pid() + " on "), refused.getMessage());
            try (StoreWriter writer = new StoreWriter(1 << 20)) {
                Exception noRecovery = assertThrows(RuntimeException.class,
                        () -> new RunControl(new RunStore(data), writer, () -> "", "t"));
                assertTrue(noRecovery.getMessage().contains("in use by cevns-daq PID " + holder.pid()), noRecovery.getMessage());
            }
            assertEquals(RunInfo.State.RUNNING, new RunStore(data).run(1).orElseThrow().state(),
                    "the other server's live run is left alone");
            assertEquals(1, new RunStore(data).runs().size(), "readers need no lock");
        } finally {
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        DataRootLock.acquire(data).close();
    }

    /** Holds a data root's lock until its stdin closes. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            try (DataRootLock lock = DataRootLock.acquire(Path.of(args[0]))) {
                System.out.println("locked");
                System.out.flush();
                System.in.read();
            }
        }
    }
}
