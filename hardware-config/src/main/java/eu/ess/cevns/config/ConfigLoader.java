package eu.ess.cevns.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads and validates site and detector files. Every problem becomes a {@link ConfigException}
 * naming the file, the field and the reason; nothing is ever half-loaded. Shipped detector files
 * are found by name ({@code csi-cryogenic}) in the jar.
 */
public final class ConfigLoader {
    /** Detector files that ship with the software, by name. */
    public static final List<String> SHIPPED_DETECTORS =
            List.of("csi-cryogenic", "ge-ppc", "xe-hpgas", "si-skipper-ccd", "ar-liquid", "c3f8-bubble");
    private static final String SHIPPED_PREFIX = "/eu/ess/cevns/config/detectors/";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigLoader() {
    }

    public static DetectorConfig loadDetector(Path file) {
        String name = file.toString();
        return DetectorReader.read(root(name, readFile(file)), name);
    }

    /** A detector file shipped with the software, e.g. {@code csi-cryogenic}. */
    public static DetectorConfig shippedDetector(String name) {
        String resource = SHIPPED_PREFIX + name + ".yaml";
        try (InputStream in = ConfigLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConfigException(name, "", "no shipped detector of that name; shipped: " + String.join(", ", SHIPPED_DETECTORS));
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return DetectorReader.read(root(name + ".yaml", text), "shipped:" + name);
        } catch (IOException e) {
            throw new ConfigException(name, "", "cannot read shipped detector: " + e.getMessage());
        }
    }

    public static SiteConfig loadSite(Path file) {
        String name = file.toString();
        YamlNode root = root(name, readFile(file));
        Path folder = file.toAbsolutePath().getParent();
        return SiteReader.read(root, name, folder);
    }

    /** The site a demo or a bare {@code serve} uses: every default, this data root and detector. */
    public static SiteConfig defaultSite(Path dataRoot, String detectorName) {
        return SiteReader.defaults(detectorName, detector(detectorName), dataRoot.toAbsolutePath());
    }

    /** Loads a site or detector file, telling which by its keys; returns the validated model. */
    public static Object validate(Path file) {
        String name = file.toString();
        JsonNode tree = parse(name, readFile(file));
        if (tree.has("digitizers")) {
            return loadDetector(file);
        }
        if (tree.has("detector")) {
            return loadSite(file);
        }
        throw new ConfigException(name, "", "neither a detector file (it has no 'digitizers') nor a site file (it has no 'detector')");
    }

    /** A detector named as a site file or the command line names one: a shipped name, or a file path. */
    public static DetectorConfig detector(String ref) {
        return detectorByRef(ref, Path.of("").toAbsolutePath(), "--detector", "");
    }

    static DetectorConfig detectorByRef(String ref, Path folder, String file, String field) {
        if (SHIPPED_DETECTORS.contains(ref)) {
            return shippedDetector(ref);
        }
        Path p = folder.resolve(ref);
        if (!Files.exists(p)) {
            throw new ConfigException(file, field, "'" + ref + "' is neither a shipped detector ("
                    + String.join(", ", SHIPPED_DETECTORS) + ") nor an existing file (looked for " + p + ")");
        }
        return loadDetector(p);
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), "", "file not found");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "", "cannot read: " + e);
        }
    }

    private static YamlNode root(String file, String text) {
        JsonNode tree = parse(file, text);
        if (!tree.isObject()) {
            throw new ConfigException(file, "", "must be a YAML mapping of keys to values at the top level");
        }
        return new YamlNode(file, "", tree);
    }

    private static JsonNode parse(String file, String text) {
        try {
            JsonNode tree = YAML.readTree(text);
            if (tree == null || tree.isMissingNode()) {
                throw new ConfigException(file, "", "file is empty");
            }
            return tree;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
            throw new ConfigException(file, "", "not valid YAML: " + where + e.getOriginalMessage());
        }
    }
}
