package eu.ess.cevns.daq;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A small tmpfs mounted for a test, so that a disk really fills up: writes past its size fail, and
 * a memory-mapped page that cannot be backed faults (SIGBUS) as on a full data disk. Mounting needs
 * root: CI runs as root and mounts it; where mount is impossible the test is skipped with a message
 * that says so. Unmounted when closed (lazily if the JVM still maps a file there: Chronicle
 * releases its mappings in the background). Shared with other modules through the test-jar.
 */
public final class Tmpfs implements AutoCloseable {
    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code sizeMiB} on {@code dir} (made if missing), or skips the test saying why it cannot. */
    public static Tmpfs mount(Path dir, int sizeMiB) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Result r;
        try {
            r = run("mount", "-t", "tmpfs", "-o", "size=" + sizeMiB + "m", "tmpfs", dir.toString());
        } catch (IOException e) {
            r = new Result(-1, e.toString());
        }
        assumeTrue(r.exitCode == 0, "skipped: cannot mount a " + sizeMiB + " MiB tmpfs on " + dir + " (" + r.output.strip()
                + "); this test fills a real file system and needs root (CI runs as root and mounts it)");
        return new Tmpfs(dir);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (run("umount", dir.toString()).exitCode != 0) {
            Result lazy = run("umount", "-l", dir.toString());
            if (lazy.exitCode != 0) {
                throw new IOException("cannot unmount the test's tmpfs " + dir + ": " + lazy.output.strip());
            }
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }
}
