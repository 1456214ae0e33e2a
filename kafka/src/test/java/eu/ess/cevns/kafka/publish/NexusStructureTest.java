package eu.ess.cevns.kafka.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.config.BeamPvs;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.KafkaSettings;
import eu.ess.cevns.config.Setting;
import eu.ess.cevns.kafka.SourceNames;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The nexus_structure of every shipped detector: an NXentry with this host's NXdetector whose
 * streams name the detector topic's sources, one f144 per live setting, the samples per channel
 * when they are published, the facility beam and the daq logs; every group has an NX_class.
 * Written to {@code target/nexus_structure/<detector>.json} (kafka.md shows the CsI one).
 */
class NexusStructureTest {
    static Stream<String> shipped() {
        return ConfigLoader.SHIPPED_DETECTORS.stream();
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void everyShippedDetectorGetsAStructureNamingItsStreams(String name) throws Exception {
        DetectorConfig d = ConfigLoader.shippedDetector(name);
        KafkaSettings o = KafkaSettings.OFF;
        KafkaSettings k = new KafkaSettings("b:9092", "cevns", null, null, EnumSet.allOf(KafkaSettings.Stream.class),
                new KafkaSettings.Samples(100, List.of(), 0), null, null, o.filename(), 1, 1, 30, 2, Map.of());
        SourceNames names = new SourceNames(k.sourceFor(d));
        JsonNode n = NexusStructure.of(d, k, names, new BeamPvs("CEvNS:Beam:ProtonCharge", "CEvNS:Beam:Present", "CEvNS:Beam:Mode",
                "CEvNS:Beam:Power"), "CEvNS:DAQ:", "cevns-daq-" + name, DaqStatusLogs.logs(List.of()), 42);
        Path out = Path.of("target", "nexus_structure", name + ".json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(n));
        List<String> modules = new ArrayList<>();
        walk(n, modules);
        int channels = d.digitizers().stream().mapToInt(g -> g.channels().size()).sum();
        assertTrue(modules.contains("ev44 cevns_detector " + name), modules.toString());
        assertTrue(modules.contains("se00 cevns_detector " + names.energy()));
        assertEquals(Setting.all(d).size(), modules.stream().filter(m -> m.startsWith("f144 cevns_detector " + name + ":")).count(),
                "one log per live setting");
        assertEquals(channels, modules.stream().filter(m -> m.startsWith("se00 cevns_detector_samples ")).count(), "samples per channel");
        assertTrue(modules.contains("f144 cevns_beam CEvNS:Beam:ProtonCharge") && modules.contains("ep01 cevns_beam CEvNS:Beam:ProtonCharge"));
        assertTrue(modules.contains("al00 cevns_daq cevns-daq-" + name));
        assertTrue(modules.contains("f144 cevns_daq CEvNS:DAQ:RunNumber"));
    }

    /** Collects "module topic source" and checks every group has its NX_class. */
    private static void walk(JsonNode n, List<String> out) {
        if ("group".equals(n.path("type").asText())) {
            assertEquals("NX_class", n.path("attributes").get(0).path("name").asText(), "group " + n.path("name"));
        }
        if (n.has("module") && n.path("config").has("topic")) {
            out.add(n.get("module").asText() + " " + n.path("config").path("topic").asText() + " " + n.path("config").path("source").asText());
        }
        for (JsonNode c : n.path("children")) {
            walk(c, out);
        }
    }
}
