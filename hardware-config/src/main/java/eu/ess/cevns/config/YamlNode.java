package eu.ess.cevns.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A cursor over one node of a parsed YAML file that knows its path, so that every read can say
 * exactly which field is wrong. An object node records the keys read from it; {@link #done()}
 * then refuses any key the schema does not have, naming the keys that are allowed (a key with a
 * wrong unit, such as {@code massG}, is caught there and the message points at {@code massKg}).
 */
final class YamlNode {
    private final String file;
    private final String path;
    private final JsonNode node;
    private final Set<String> read = new LinkedHashSet<>();

    YamlNode(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    String path() {
        return path;
    }

    String file() {
        return file;
    }

    ConfigException error(String reason) {
        return new ConfigException(file, path, reason);
    }

    private String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return node.has(key) && !node.get(key).isNull();
    }

    YamlNode object(String key) {
        read.add(key);
        JsonNode child = node.get(key);
        if (child == null || child.isNull()) {
            throw missing(key);
        }
        if (!child.isObject()) {
            throw new ConfigException(file, childPath(key), "must be a mapping of keys to values");
        }
        return new YamlNode(file, childPath(key), child);
    }

    YamlNode optionalObject(String key) {
        return has(key) ? object(key) : new YamlNode(file, childPath(key), com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
    }

    List<YamlNode> list(String key) {
        read.add(key);
        JsonNode child = node.get(key);
        if (child == null || child.isNull()) {
            throw missing(key);
        }
        if (!child.isArray()) {
            throw new ConfigException(file, childPath(key), "must be a list");
        }
        if (child.isEmpty()) {
            throw new ConfigException(file, childPath(key), "must not be empty");
        }
        List<YamlNode> items = new ArrayList<>();
        for (int i = 0; i < child.size(); i++) {
            JsonNode item = child.get(i);
            String p = childPath(key) + "[" + i + "]";
            items.add(new YamlNode(file, p, item));
        }
        return items;
    }

    /** This node as an object (for list items). */
    YamlNode asObject() {
        if (!node.isObject()) {
            throw error("must be a mapping of keys to values");
        }
        return this;
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
        if (!v.isTextual()) {
            throw new ConfigException(file, childPath(key), "must be text, got " + v);
        }
        if (v.asText().isBlank()) {
            throw new ConfigException(file, childPath(key), "must not be empty");
        }
        return v.asText();
    }

    String string(String key, String fallback) {
        return has(key) ? string(key) : mark(key, fallback);
    }

    double number(String key) {
        JsonNode v = value(key);
        if (!v.isNumber()) {
            throw new ConfigException(file, childPath(key), "must be a number, got " + describe(v));
        }
        double d = v.asDouble();
        if (!Double.isFinite(d)) {
            throw new ConfigException(file, childPath(key), "must be a finite number");
        }
        return d;
    }

    double number(String key, double fallback) {
        return has(key) ? number(key) : mark(key, fallback);
    }

    /** A number that must be above zero; {@code unit} goes into the message. */
    double positive(String key, String unit) {
        double d = number(key);
        if (d <= 0) {
            throw new ConfigException(file, childPath(key), "must be > 0 " + unit + ", got " + d);
        }
        return d;
    }

    double atLeast(String key, double min, String unit) {
        double d = number(key);
        if (d < min) {
            throw new ConfigException(file, childPath(key), "must be >= " + trim(min) + " " + unit + ", got " + d);
        }
        return d;
    }

    double atLeast(String key, double min, String unit, double fallback) {
        return has(key) ? atLeast(key, min, unit) : mark(key, fallback);
    }

    long integer(String key, long min, long max) {
        JsonNode v = value(key);
        if (!v.isIntegralNumber()) {
            throw new ConfigException(file, childPath(key), "must be a whole number, got " + describe(v));
        }
        long l = v.asLong();
        if (l < min || l > max) {
            throw new ConfigException(file, childPath(key), "must be in " + min + ".." + max + ", got " + l);
        }
        return l;
    }

    long integer(String key, long min, long max, long fallback) {
        return has(key) ? integer(key, min, max) : mark(key, fallback);
    }

    boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return mark(key, fallback);
        }
        JsonNode v = value(key);
        if (!v.isBoolean()) {
            throw new ConfigException(file, childPath(key), "must be true or false, got " + describe(v));
        }
        return v.asBoolean();
    }

    private <T> T mark(String key, T fallback) {
        read.add(key);
        return fallback;
    }

    private JsonNode value(String key) {
        read.add(key);
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw missing(key);
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
            if (!other.equals(key) && UnitHints.suggest(other, java.util.List.of(key)) != null) {
                return new ConfigException(file, childPath(other), "unknown key (did you mean '" + key + "'?)");
            }
        }
        return new ConfigException(file, childPath(key), "missing (required)");
    }

    /** Refuses keys the schema did not read. */
    void done() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!read.contains(key)) {
                String hint = UnitHints.suggest(key, read);
                throw new ConfigException(file, childPath(key), "unknown key" + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                        + "; allowed here: " + String.join(", ", read));
            }
        }
    }

    private static String describe(JsonNode v) {
        return v.isTextual() ? "'" + v.asText() + "'" : v.toString();
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
