package eu.ess.cevns.analysis.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.daq.store.RunStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A run's quality flag as {@code run.json} records it, when someone has set one:
 * {@code "quality": {"flag": "good"|"bad"|"check", "reason": "...", "who": "...", "time": "..."}}.
 * A run without it is not flagged ({@link #read} is empty); {@code export --good-only} exports the
 * runs flagged good and the runs not flagged, and says which were which.
 */
public record RunQuality(String flag, String reason, String who, String time) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether {@code --good-only} exports the run. */
    public boolean good() {
        return "good".equals(flag);
    }

    /** The flag of run {@code run}, empty when its run.json has none (or cannot be read: then the run is not flagged either). */
    public static Optional<RunQuality> read(RunStore store, int run) {
        Path json = store.runDir(run).resolve("run.json");
        try {
            JsonNode q = JSON.readTree(Files.readString(json)).get("quality");
            if (q == null || !q.isObject() || !q.hasNonNull("flag")) {
                return Optional.empty();
            }
            return Optional.of(new RunQuality(q.get("flag").asText(), text(q, "reason"), text(q, "who"), text(q, "time")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode q, String field) {
        return q.hasNonNull(field) ? q.get(field).asText() : "";
    }
}
