package eu.ess.cevns.daq.store;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One server per data root: an exclusive lock on {@code <data>/cevns-daq.lock}, held for as long as
 * the server runs, the file naming its owner (PID, host, since when) so that a second server can
 * say who holds it: "data root DIR is in use by cevns-daq PID N on HOST since T". The operating
 * system drops the lock when the process ends, however it ends, so a crash leaves nothing to clean
 * up (the file stays, with the last owner's words). Readers ({@code runs}, {@code analyze},
 * {@code export}) take no lock and work beside a running server.
 * <p>
 * A file lock belongs to the whole process, and on Linux closing any channel to the file drops it,
 * so a root this process already holds is refused from memory, without opening the file again.
 */
public final class DataRootLock implements AutoCloseable {
    public static final String FILE_NAME = "cevns-daq.lock";
    /** Roots this process holds, with the owner text written in their lock files. */
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

    private final Path root;
    private final FileChannel channel;
    private final FileLock lock;

    private DataRootLock(Path root, FileChannel channel, FileLock lock) {
        this.root = root;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock on {@code root} (made if missing), or fails saying who holds it. */
    public static DataRootLock acquire(Path dataRoot) throws IOException {
        Path root = dataRoot.toAbsolutePath().normalize();
        String owner = "cevns-daq PID " + ProcessHandle.current().pid() + " on " + hostName() + " since "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String holder = HELD.putIfAbsent(root, owner);
        if (holder != null) {
            throw inUse(root, holder);
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(root);
            Path file = root.resolve(FILE_NAME);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw inUse(root, ownerIn(channel));
            }
            // through the locked channel: replacing the file would leave the lock on the old one
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((owner + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new DataRootLock(root, channel, lock);
        } catch (IOException | RuntimeException e) {
            HELD.remove(root);
            if (channel != null) {
                channel.close();
            }
            throw e;
        }
    }

    /** Whether this process holds the lock on {@code dataRoot}. */
    public static boolean heldHere(Path dataRoot) {
        return HELD.containsKey(dataRoot.toAbsolutePath().normalize());
    }

    private static IOException inUse(Path root, String owner) {
        return new IOException("data root " + root + " is in use by " + owner
                + "; one server per data root: stop that one, or give this one another --data");
    }

    private static String ownerIn(FileChannel channel) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(512);
        channel.read(b, 0);
        String text = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
        // the holder may not have written its name yet (it does so right after locking)
        return text.startsWith("cevns-daq PID ") ? text : "another cevns-daq process (it has not named itself yet)";
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String h = System.getenv("HOSTNAME");
            return h != null ? h : "this host";
        }
    }

    public Path root() {
        return root;
    }

    /** Releases the lock (the file stays). */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            HELD.remove(root);
        }
    }
}
