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
     */
    static FreeSpace ofFileSystem() {
        return new FreeSpace() {
            private Path dir;
            private FileStore store;

            @Override
            public long usableBytes(Path d) throws IOException {
                if (!d.equals(dir)) {
                    store = Files.getFileStore(d);
                    dir = d;
                }
                return store.getUsableSpace();
            }
        };
    }
}
