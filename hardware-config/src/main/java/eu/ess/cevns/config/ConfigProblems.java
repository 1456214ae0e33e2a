package eu.ess.cevns.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems found while reading one configuration (a site file and the detector file it names),
 * collected rather than thrown at the first, so that {@code config validate} and {@code serve}
 * report all of them at once. Nothing is returned from a read that found any: the reader throws
 * them together at the end ({@link #throwIfAny}), so no half-loaded model ever escapes.
 */
final class ConfigProblems {
    private final List<ConfigException> found = new ArrayList<>();

    void add(ConfigException problem) {
        found.addAll(problem.problems());
    }

    void add(String file, String field, String reason) {
        found.add(new ConfigException(file, field, reason));
    }

    /** How many so far: a reader compares counts to skip a cross-field check whose inputs were already bad. */
    int count() {
        return found.size();
    }

    void throwIfAny() {
        if (!found.isEmpty()) {
            throw ConfigException.of(found);
        }
    }
}
