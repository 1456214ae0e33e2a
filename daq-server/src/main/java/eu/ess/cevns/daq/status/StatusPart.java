package eu.ess.cevns.daq.status;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.Supplier;

/**
 * A part of the status that an extension adds (the live analysis adds {@code analysis}): a value of
 * its own type taken with every {@link StatusSnapshot}, and how that value reads in
 * {@code /api/status}, under its own top-level key. Rules, PVs and metrics of the same extension
 * read the typed value from the snapshot, never the JSON.
 *
 * @param name  top-level key in {@code /api/status}
 * @param type  the value's type
 * @param take  takes the value now; called from the sampling and HTTP threads, must not block on the data path
 * @param json  writes a value (or null, before the part knows anything) into its section
 */
public record StatusPart<T>(String name, Class<T> type, Supplier<T> take, JsonWriter<T> json) {
    /** Writes a part's value into the empty object under its key. */
    @FunctionalInterface
    public interface JsonWriter<T> {
        void write(T value, ObjectNode section);
    }

    void writeJson(Object value, ObjectNode section) {
        json.write(type.cast(value), section);
    }
}
