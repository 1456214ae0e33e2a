package eu.ess.cevns.daq.store;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Usable bytes on the file system of a folder, as the store writer measures them before it
 * appends. The file system's own answer in the server; a test may stand in a smaller disk.
 */
@FunctionalInterface
public interface FreeSpace {
    long usableBytes(Path dir) throws IOException;

    /**
     * The file system's usable space (statvfs). Finding a path's file store reads the mount table,
     * so the store of the last folder asked about is kept and only its usable space measured again.
     * A folder that is gone (an operator deleted it to free space) is measured at its nearest
     * existing parent. One caller at a time (the store writer's thread).
     */
    static FreeSpace ofFileSystem() {
        return new FreeSpace() {
            private Path dir;
            private FileStore store;

            @Override
            public long usableBytes(Path d) throws IOException {
                if (!d.equals(dir)) {
                    store = null;
                    dir = d;
                }
                try {
                    if (store == null) {
                        store = Files.getFileStore(existing(d));
                    }
                    return store.getUsableSpace();
                } catch (IOException e) {
                    store = Files.getFileStore(existing(d));
                    return store.getUsableSpace();
                }
            }

            private Path existing(Path d) {
                Path p = d.toAbsolutePath();
                while (p.getParent() != null && !Files.isDirectory(p)) {
                    p = p.getParent();
                }
                return p;
            }
        };
    }
}
