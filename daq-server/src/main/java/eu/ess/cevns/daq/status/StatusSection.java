package eu.ess.cevns.daq.status;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A part of the system that reports under one top-level key of {@code /api/status}
 * (e.g. {@code readout}, {@code store}, {@code analysis}). Called from the HTTP handler thread;
 * implementations read counters, never block on the data path.
 */
public interface StatusSection {
    /** Top-level key in the status object. */
    String name();

    /** Writes this section's fields into {@code section} (an empty object under {@link #name()}). */
    void write(ObjectNode section);

    /** A section written by {@code writer}. */
    static StatusSection of(String name, java.util.function.Consumer<ObjectNode> writer) {
        return new StatusSection() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void write(ObjectNode section) {
                writer.accept(section);
            }
        };
    }
}
