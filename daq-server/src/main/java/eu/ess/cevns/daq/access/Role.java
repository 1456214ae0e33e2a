package eu.ess.cevns.daq.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What an account may do, each role including the ones before it: a viewer reads; a shift crew
 * member also starts and stops runs, acts on alarms and writes the logbook and quality flags; an
 * expert also changes thresholds and windows, and everything else that writes.
 */
public enum Role {
    VIEWER, SHIFT, EXPERT;

    /** True when this role may do what {@code needed} may. */
    public boolean covers(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The name in files, JSON and messages ({@code shift}). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role of a word, or an IllegalArgumentException naming the roles there are. */
    public static Role of(String word) {
        for (Role r : values()) {
            if (r.word().equals(word)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no role '" + word + "'; the roles are " + words());
    }

    public static String words() {
        return Arrays.stream(values()).map(Role::word).collect(Collectors.joining(", "));
    }
}
