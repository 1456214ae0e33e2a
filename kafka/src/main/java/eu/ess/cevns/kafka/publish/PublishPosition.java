package eu.ess.cevns.kafka.publish;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The publisher's own read position in one run, in a small file beside the run's queue
 * ({@code runs/000042/kafka-publisher.json}): the queue index to read again from after a restart
 * (every message of the records before it is acknowledged by Kafka), whether that record itself is
 * done too ({@code after}), whether the whole run is published ({@code complete}), and the next
 * ev44 message id. Replaced atomically, so a crash leaves the old or the new position.
 */
record PublishPosition(int run, long index, boolean after, boolean complete, long nextMessageId) {
    static final String FILE = "kafka-publisher.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A run not read at all yet. */
    static PublishPosition start(int run) {
        return new PublishPosition(run, -1, false, false, 0);
    }

    boolean atStart() {
        return index < 0;
    }

    static Optional<PublishPosition> read(Path runDir) {
        Path f = runDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), PublishPosition.class));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the Kafka publisher's position " + f + ": " + e.getMessage()
                    + " (delete it to publish the run again from its start)", e);
        }
    }

    void write(Path runDir) throws IOException {
        Path f = runDir.resolve(FILE);
        Path tmp = runDir.resolve("." + FILE + ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(this) + "\n");
        try {
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
