package eu.ess.cevns.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses a YAML file into a tree, token by token, so that what a plain tree reader lets pass
 * silently becomes a problem with its key path: a key given twice in one mapping (the second would
 * replace the first: a second {@code ports:} once put the server on UDP port 1), and YAML's
 * not-a-number and infinities ({@code .nan}, {@code .inf}), which Jackson refuses without naming
 * the key; they are kept as such so the reader of that key says it wants a finite number. A
 * syntax error ends the parse and is reported with its line, column and the key it was in.
 */
final class YamlTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern NAN = Pattern.compile("\\.(nan|NaN|NAN)");
    private static final Pattern INF = Pattern.compile("[-+]?\\.(inf|Inf|INF)");
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    private final String file;
    private final ConfigProblems problems;

    private YamlTree(String file, ConfigProblems problems) {
        this.file = file;
        this.problems = problems;
    }

    /** The tree of {@code text}, or null when it is not YAML at all (the problem is recorded). */
    static JsonNode parse(String file, String text, ConfigProblems problems) {
        YamlTree t = new YamlTree(file, problems);
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                problems.add(file, "", "file is empty");
                return null;
            }
            JsonNode root = t.value(p, "");
            if (p.nextToken() != null) {
                problems.add(file, "", "holds more than one YAML document ('---'); put everything in one");
                return null;
            }
            return root;
        } catch (JsonProcessingException e) {
            problems.add(file, path(e), "not valid YAML: " + where(e.getLocation()) + oneLine(e.getOriginalMessage()));
            return null;
        } catch (IOException | RuntimeException e) {
            // SnakeYAML's own limits (aliases, size) surface as runtime exceptions
            problems.add(file, "", "not valid YAML: " + oneLine(e.getMessage()));
            return null;
        }
    }

    /** The value at the current token, with the tokens after it up to its end. */
    private JsonNode value(JsonParser p, String path) throws IOException {
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT:
                return object(p, path);
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(value(p, path + "[" + i++ + "]"));
                }
                return a;
            }
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return number(p);
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new IllegalStateException("unexpected YAML token " + token + " at " + path);
        }
    }

    private ObjectNode object(JsonParser p, String path) throws IOException {
        ObjectNode o = NODES.objectNode();
        Map<String, Integer> lines = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            int line = p.currentTokenLocation().getLineNr();
            String child = path.isEmpty() ? key : path + "." + key;
            p.nextToken();
            JsonNode v = value(p, child);
            Integer first = lines.putIfAbsent(key, line);
            if (first != null) {
                problems.add(file, child, "given twice (lines " + first + " and " + line + "); the second would silently replace the first");
            } else {
                o.set(key, v);
            }
        }
        return o;
    }

    /** A number as YAML means it; a plain scalar YAML calls a number but Java cannot read is kept as text for the reader to refuse. */
    private static JsonNode number(JsonParser p) throws IOException {
        String text = p.getText();
        if (NAN.matcher(text).matches()) {
            return NODES.numberNode(Double.NaN);
        }
        if (INF.matcher(text).matches()) {
            return NODES.numberNode(text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        try {
            return switch (p.getNumberType()) {
                case INT, LONG -> NODES.numberNode(p.getLongValue());
                case BIG_INTEGER -> NODES.numberNode(p.getBigIntegerValue());
                default -> NODES.numberNode(p.getDoubleValue());
            };
        } catch (JsonProcessingException | NumberFormatException e) {
            return NODES.textNode(text);
        }
    }

    /** SnakeYAML's message without its quoted snippet and repeated positions (the line and column lead the reason). */
    private static String oneLine(String message) {
        return String.join(": ", String.valueOf(message).lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).toList());
    }

    private static String where(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 1 ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
    }

    /** The key path where a syntax error struck, from the parser's context. */
    private static String path(JsonProcessingException e) {
        if (e.getProcessor() instanceof JsonParser p && p.getParsingContext() != null) {
            String pointer = p.getParsingContext().pathAsPointer().toString();
            return pointer.isEmpty() ? "" : pointer.substring(1).replaceAll("/(\\d+)(?=/|$)", "[$1]").replace('/', '.');
        }
        return "";
    }
}
