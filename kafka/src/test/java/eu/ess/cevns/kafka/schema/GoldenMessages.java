package eu.ess.cevns.kafka.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The golden messages ESS's reference serialisers made (python-streaming-data-types 0.27.0), at
 * {@code ../shared/testdata/ess-streaming/} beside the repository, and their manifest. The
 * repository's root is found from where the tests run (the module or the root), not assumed.
 */
final class GoldenMessages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private final JsonNode manifest;

    private GoldenMessages(Path dir) throws IOException {
        this.dir = dir;
        this.manifest = JSON.readTree(dir.resolve("manifest.json").toFile()).get("messages");
    }

    static GoldenMessages load() {
        Path root = repositoryRoot();
        Path dir = root.resolve("../shared/testdata/ess-streaming").normalize();
        if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
            throw new IllegalStateException("the golden ESS messages are missing: expected " + dir
                    + "/manifest.json (../shared/testdata/ess-streaming/ beside the repository " + root + ")");
        }
        try {
            return new GoldenMessages(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory holding the reactor's pom and its modules, from the tests' working directory up. */
    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("kafka")) && Files.isDirectory(p.resolve("hardware-config")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
    }

    /** Every message's key in the manifest. */
    Iterable<String> names() {
        return manifest::fieldNames;
    }

    JsonNode entry(String name) {
        JsonNode e = manifest.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no golden message " + name);
        }
        return e;
    }

    JsonNode fields(String name) {
        return entry(name).get("fields");
    }

    ByteBuffer bytes(String name) {
        try {
            byte[] b = Files.readAllBytes(dir.resolve(entry(name).get("file").asText()));
            if (b.length != entry(name).get("bytes").asInt()) {
                throw new IllegalStateException(name + ": " + b.length + " bytes, the manifest says " + entry(name).get("bytes"));
            }
            return ByteBuffer.wrap(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
