package eu.ess.cevns.config;

import java.util.Collection;
import java.util.Locale;

/**
 * Suggests the allowed key an unknown key was probably meant to be: the same quantity with another
 * unit ({@code massG} → {@code massKg}, {@code thresholdKeVee} → {@code thresholdKeVnr}), or the
 * same word in another case. Units are part of key names in these files, so a wrong unit shows up
 * as an unknown key and deserves a pointed message.
 */
final class UnitHints {
    private UnitHints() {
    }

    static String suggest(String unknown, Collection<String> allowed) {
        String stem = stem(unknown);
        for (String a : allowed) {
            if (a.equalsIgnoreCase(unknown) || (!stem.isEmpty() && stem(a).equals(stem))) {
                return a;
            }
        }
        return null;
    }

    /** The key without a trailing unit: the lower-case run before the first upper-case letter after it. */
    private static String stem(String key) {
        int i = 1;
        while (i < key.length() && !Character.isUpperCase(key.charAt(i))) {
            i++;
        }
        // an empty key (YAML allows one) has no stem
        return key.substring(0, Math.min(i, key.length())).toLowerCase(Locale.ROOT);
    }
}
