package eu.ess.cevns.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads and validates site and detector files. Every problem becomes a {@link ConfigException}
 * naming the file, the field and the reason, and all problems of a file are reported together;
 * nothing is ever half-loaded. Shipped detector files are found by name ({@code csi-cryogenic}) in
 * the jar.
 */
public final class ConfigLoader {
    /** Detector files that ship with the software, by name. */
    public static final List<String> SHIPPED_DETECTORS =
            List.of("csi-cryogenic", "ge-ppc", "xe-hpgas", "si-skipper-ccd", "ar-liquid", "c3f8-bubble");
    private static final String SHIPPED_PREFIX = "/eu/ess/cevns/config/detectors/";
    /** Largest configuration file read: the largest shipped one is under 10 kB. */
    static final long MAX_FILE_BYTES = 1 << 20;

    private ConfigLoader() {
    }

    public static DetectorConfig loadDetector(Path file) {
        ConfigProblems problems = new ConfigProblems();
        DetectorConfig d = detectorFile(file, problems);
        problems.throwIfAny();
        return d;
    }

    /** A detector file's model, its problems recorded (null when it could not be read at all). */
    private static DetectorConfig detectorFile(Path file, ConfigProblems problems) {
        String name = file.toString();
        YamlNode root = root(name, readFile(file, problems), problems);
        return root == null ? null : DetectorReader.read(root, name);
    }

    /** A detector file shipped with the software, e.g. {@code csi-cryogenic}. */
    public static DetectorConfig shippedDetector(String name) {
        String resource = SHIPPED_PREFIX + name + ".yaml";
        try (InputStream in = ConfigLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConfigException(name, "", "no shipped detector of that name; shipped: " + String.join(", ", SHIPPED_DETECTORS));
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            ConfigProblems problems = new ConfigProblems();
            YamlNode root = root(name + ".yaml", text, problems);
            DetectorConfig d = root == null ? null : DetectorReader.read(root, "shipped:" + name);
            problems.throwIfAny();
            return d;
        } catch (IOException e) {
            throw new ConfigException(name, "", "cannot read shipped detector: " + e.getMessage());
        }
    }

    /**
     * A site file as a model, for commands that only read what it says (where the runs are, which
     * detector): every problem in it (and in the detector file it names) at once.
     */
    public static SiteConfig loadSite(Path file) {
        return site(file, false);
    }

    /**
     * A site file a server is to start with: everything {@link #loadSite} checks, and what the
     * server needs of this machine ({@link SiteChecks}: bind address, ports, token files), all
     * reported at once. {@code serve}, {@code demo} and {@code config validate} use this.
     */
    public static SiteConfig loadSiteForServer(Path file) {
        return site(file, true);
    }

    private static SiteConfig site(Path file, boolean forServer) {
        String name = file.toString();
        ConfigProblems problems = new ConfigProblems();
        YamlNode root = root(name, readFile(file, problems), problems);
        SiteConfig s = root == null ? null : SiteReader.read(root, name, file.toAbsolutePath().getParent(), forServer);
        problems.throwIfAny();
        return s;
    }

    /** The site a demo or a bare {@code serve} uses: every default, this data root and detector. */
    public static SiteConfig defaultSite(Path dataRoot, String detectorName) {
        return SiteReader.defaults(detectorName, detector(detectorName), dataRoot.toAbsolutePath());
    }

    /**
     * Checks a site or detector file, telling which by its keys, exactly as {@code serve} would
     * check it (a site file: {@link #loadSiteForServer}); returns the validated model, or throws
     * every problem at once.
     */
    public static Object validate(Path file) {
        String name = file.toString();
        // parsed here only to tell the kind: the load that follows reports this file's problems, all of them
        ConfigProblems problems = new ConfigProblems();
        String text = readFile(file, problems);
        JsonNode tree = text == null ? null : YamlTree.parse(name, text, problems);
        if (tree == null) {
            problems.throwIfAny();
        }
        if (tree.has("digitizers")) {
            return loadDetector(file);
        }
        if (tree.has("detector")) {
            return loadSiteForServer(file);
        }
        throw new ConfigException(name, "", "neither a detector file (it has no 'digitizers') nor a site file (it has no 'detector')");
    }

    /** A detector named as a site file or the command line names one: a shipped name, or a file path. */
    public static DetectorConfig detector(String ref) {
        ConfigProblems problems = new ConfigProblems();
        DetectorConfig d = detectorByRef(ref, Path.of("").toAbsolutePath(), "--detector", "", problems);
        problems.throwIfAny();
        return d;
    }

    /** The detector {@code ref} names (null, problems recorded, when it cannot be had). */
    static DetectorConfig detectorByRef(String ref, Path folder, String file, String field, ConfigProblems problems) {
        if (SHIPPED_DETECTORS.contains(ref)) {
            return shippedDetector(ref);
        }
        Path p;
        try {
            p = folder.resolve(ref);
        } catch (InvalidPathException e) {
            problems.add(file, field, "'" + ref + "' is not a usable file name: " + e.getReason());
            return null;
        }
        if (!Files.isRegularFile(p)) {
            problems.add(file, field, "'" + ref + "' is neither a shipped detector ("
                    + String.join(", ", SHIPPED_DETECTORS) + ") nor an existing file (looked for " + p + ")");
            return null;
        }
        return detectorFile(p, problems);
    }

    /** The file's text, or null (the problem recorded) when it cannot be read. */
    private static String readFile(Path file, ConfigProblems problems) {
        try {
            // a detector path can name any file: a large one must not be read into memory whole
            long bytes = Files.size(file);
            if (bytes > MAX_FILE_BYTES) {
                problems.add(file.toString(), "", "is " + bytes + " bytes; a site or detector file is text of a few kB (at most "
                        + MAX_FILE_BYTES + " bytes are read)");
                return null;
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            problems.add(file.toString(), "", "file not found");
        } catch (MalformedInputException e) {
            problems.add(file.toString(), "", "is not UTF-8 text");
        } catch (IOException e) {
            problems.add(file.toString(), "", "cannot read: " + e);
        }
        return null;
    }

    /** The top-level mapping of {@code text} (null, the problem recorded, when there is none). */
    private static YamlNode root(String file, String text, ConfigProblems problems) {
        if (text == null) {
            return null;
        }
        JsonNode tree = YamlTree.parse(file, text, problems);
        if (tree == null) {
            return null;
        }
        if (!tree.isObject()) {
            problems.add(file, "", "must be a YAML mapping of keys to values at the top level");
            return null;
        }
        return new YamlNode(file, "", tree, problems);
    }
}
