package eu.ess.cevns.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A cursor over one node of a parsed YAML file that knows its path, so that every read can say
 * exactly which field is wrong. An object node records the keys read from it; {@link #done()}
 * then refuses any key the schema does not have, naming the keys that are allowed (a key with a
 * wrong unit, such as {@code massG}, is caught there and the message points at {@code massKg}).
 *
 * <p>A bad value does not stop the reading: it is recorded in the file's {@link ConfigProblems}
 * (with its path and the value found) and the read returns the default, or a neutral stand-in for
 * a required value, so the rest of the file is still checked. A section that is absent where it is
 * required, or not a mapping, is reported once and read as <em>abandoned</em>: its reads return
 * stand-ins and report nothing more, so one mistake gives one message.
 */
final class YamlNode {
    private final String file;
    private final String path;
    private final JsonNode node;
    private final ConfigProblems problems;
    private final Set<String> read = new LinkedHashSet<>();
    /** Unknown keys already reported as a missing key's look-alike. */
    private final Set<String> blamed = new LinkedHashSet<>();
    private boolean abandoned;

    YamlNode(String file, String path, JsonNode node, ConfigProblems problems) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    String file() {
        return file;
    }

    ConfigProblems problems() {
        return problems;
    }

    /** Records a problem with this node as a whole. */
    void report(String reason) {
        problems.add(file, path, reason);
    }

    /** Records a problem with {@code key} of this node. */
    void report(String key, String reason) {
        problems.add(file, childPath(key), reason);
    }

    /** Reads nothing more from this node and reports nothing more about it (its values are wrong as a whole). */
    void abandon() {
        abandoned = true;
    }

    boolean abandoned() {
        return abandoned;
    }

    private String childPath(String key) {
        String k = key.isEmpty() ? "''" : key;
        return path.isEmpty() ? k : path + "." + k;
    }

    boolean has(String key) {
        return !abandoned && node.has(key) && !node.get(key).isNull();
    }

    YamlNode object(String key) {
        read.add(key);
        JsonNode child = abandoned ? null : node.get(key);
        YamlNode out = new YamlNode(file, childPath(key), child == null ? empty() : child, problems);
        if (abandoned) {
            out.abandon();
        } else if (child == null || child.isNull()) {
            problems.add(missing(key));
            out.abandon();
        } else if (!child.isObject()) {
            report(key, "must be a mapping of keys to values, got " + describe(child));
            out.abandon();
        }
        return out;
    }

    YamlNode optionalObject(String key) {
        if (has(key)) {
            return object(key);
        }
        read.add(key);
        YamlNode out = new YamlNode(file, childPath(key), empty(), problems);
        if (abandoned) {
            out.abandon();
        }
        return out;
    }

    /** A required, non-empty list; an empty list (reported) when it is not one. */
    List<YamlNode> list(String key) {
        read.add(key);
        if (abandoned) {
            return List.of();
        }
        JsonNode child = node.get(key);
        if (child == null || child.isNull()) {
            problems.add(missing(key));
            return List.of();
        }
        if (!child.isArray()) {
            report(key, "must be a list, got " + describe(child));
            return List.of();
        }
        if (child.isEmpty()) {
            report(key, "must not be empty");
            return List.of();
        }
        List<YamlNode> items = new ArrayList<>();
        for (int i = 0; i < child.size(); i++) {
            items.add(new YamlNode(file, childPath(key) + "[" + i + "]", child.get(i), problems));
        }
        return items;
    }

    /** This node as a mapping (for list items); reported and abandoned when it is not one. */
    YamlNode asObject() {
        if (!abandoned && !node.isObject()) {
            report("must be a mapping of keys to values, got " + describe(node));
            abandon();
        }
        return this;
    }

    /**
     * A problem with this node that ends the reading of its part at once (a table out of order, a
     * whole that does not add up), for the caller to throw; field problems are {@link #report}ed.
     */
    ConfigException error(String reason) {
        return new ConfigException(file, path, reason);
    }

    /** This node as text (a list item). */
    String text() {
        if (!node.isTextual() || node.asText().isBlank()) {
            throw error("must be text, got " + describe(node));
        }
        return node.asText();
    }

    /** This node as a whole number in {@code min..max} (a list item). */
    long wholeNumber(long min, long max) {
        if (!node.isIntegralNumber() || node.asLong() < min || node.asLong() > max) {
            throw error("must be a whole number in " + min + ".." + max + ", got " + describe(node));
        }
        return node.asLong();
    }

    /** The keys of this object, for free-form maps (each is marked read). */
    List<String> keys() {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        read.addAll(out);
        return out;
    }

    /** A scalar value (text, number or true/false) as text: free-form settings passed on as strings. */
    String scalarText(String key) {
        JsonNode v = value(key);
        if (!v.isValueNode()) {
            throw new ConfigException(file, childPath(key), "must be a single value (text, number or true/false), got " + v);
        }
        return v.asText();
    }

    JsonNode raw(String key) {
        read.add(key);
        return node.get(key);
    }

    String string(String key) {
        JsonNode v = value(key);
        if (v == null) {
            return "";
        }
        if (!v.isTextual()) {
            report(key, "must be text, got " + describe(v));
            return "";
        }
        if (v.asText().isBlank()) {
            report(key, "must not be empty");
            return "";
        }
        return v.asText();
    }

    String string(String key, String fallback) {
        return has(key) ? orElse(string(key), fallback) : mark(key, fallback);
    }

    double number(String key) {
        JsonNode v = value(key);
        if (v == null) {
            return Double.NaN;
        }
        if (!v.isNumber()) {
            report(key, "must be a number, got " + describe(v));
            return Double.NaN;
        }
        double d = v.asDouble();
        if (!Double.isFinite(d)) {
            report(key, "must be a finite number, got " + describe(v));
            return Double.NaN;
        }
        return d;
    }

    double number(String key, double fallback) {
        return has(key) ? orElse(number(key), fallback) : mark(key, fallback);
    }

    /** A number that must be above zero; {@code unit} goes into the message. */
    double positive(String key, String unit) {
        double d = number(key);
        if (d <= 0) {
            report(key, "must be > 0 " + unit + ", got " + d);
            return Double.NaN;
        }
        return d;
    }

    double atLeast(String key, double min, String unit) {
        double d = number(key);
        if (d < min) {
            report(key, "must be >= " + trim(min) + " " + unit + ", got " + d);
            return Double.NaN;
        }
        return d;
    }

    double atLeast(String key, double min, String unit, double fallback) {
        return has(key) ? orElse(atLeast(key, min, unit), fallback) : mark(key, fallback);
    }

    /** A whole number in min..max; {@code min} stands in when it is not one (reported). */
    long integer(String key, long min, long max) {
        JsonNode v = value(key);
        if (v == null) {
            return min;
        }
        if (!v.isIntegralNumber()) {
            report(key, "must be a whole number, got " + describe(v));
            return min;
        }
        // a YAML integer beyond 64 bits would wrap around in asLong, possibly into the range
        if (!v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            report(key, "must be in " + min + ".." + max + ", got " + v.asText());
            return min;
        }
        return v.asLong();
    }

    long integer(String key, long min, long max, long fallback) {
        if (!has(key)) {
            return mark(key, fallback);
        }
        int before = problems.count();
        long l = integer(key, min, max);
        return problems.count() == before ? l : fallback;
    }

    boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return mark(key, fallback);
        }
        JsonNode v = value(key);
        if (!v.isBoolean()) {
            report(key, "must be true or false, got " + describe(v));
            return fallback;
        }
        return v.asBoolean();
    }

    /** The items of an optional list of text, each matching {@code pattern} ({@code rule} says how); empty when absent. */
    List<String> strings(String key, Pattern pattern, String rule) {
        read.add(key);
        if (!has(key)) {
            return List.of();
        }
        JsonNode v = node.get(key);
        if (!v.isArray()) {
            report(key, "must be a list of text, got " + describe(v));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isTextual() || !pattern.matcher(item.asText()).matches()) {
                problems.add(file, childPath(key) + "[" + i + "]", "must be " + rule + ", got " + describe(item));
            } else {
                out.add(item.asText());
            }
        }
        return out;
    }

    private <T> T mark(String key, T fallback) {
        read.add(key);
        return fallback;
    }

    private static double orElse(double read, double fallback) {
        return Double.isNaN(read) ? fallback : read;
    }

    private static String orElse(String read, String fallback) {
        return read.isEmpty() ? fallback : read;
    }

    /** The value of a required key; null (reported, unless abandoned) when it is absent. */
    private JsonNode value(String key) {
        read.add(key);
        if (abandoned) {
            return null;
        }
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            problems.add(missing(key));
            return null;
        }
        return v;
    }

    /**
     * A required key is absent. If a sibling looks like it with another unit ({@code massG} for
     * {@code massKg}), that sibling is the real mistake and the message points at it.
     */
    private ConfigException missing(String key) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String other = it.next();
            if (!other.equals(key) && UnitHints.suggest(other, List.of(key)) != null) {
                blamed.add(other);
                return new ConfigException(file, childPath(other), "unknown key (did you mean '" + key + "'?)");
            }
        }
        return new ConfigException(file, childPath(key), "missing (required)");
    }

    /** Reports every key the schema did not read (a key already blamed by {@link #missing} only once). */
    void done() {
        if (abandoned) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!read.contains(key) && !blamed.contains(key)) {
                String hint = UnitHints.suggest(key, read);
                report(key, "unknown key" + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                        + "; allowed here: " + String.join(", ", read));
            }
        }
    }

    private static JsonNode empty() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static String describe(JsonNode v) {
        String text = v.isTextual() ? "'" + v.asText() + "'" : v.isDouble() && !Double.isFinite(v.asDouble()) ? yamlName(v.asDouble()) : v.toString();
        // a value can be a whole pasted section: the message quotes its start
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    private static String yamlName(double d) {
        return Double.isNaN(d) ? ".nan" : d > 0 ? ".inf" : "-.inf";
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
