package eu.ess.cevns.kafka.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keeps the publish benchmark working: a short run must print its figures (counts checked, never speed). */
class PublishBenchmarkSmokeTest {
    @Test
    void publishBenchmarkRuns() throws Exception {
        List<String> lines = PublishBenchmark.run(20_000, false);
        lines.forEach(System.out::println);
        assertEquals(4, lines.size());
        assertTrue(lines.get(0).startsWith("ingest") && lines.get(0).contains("waveforms/s"), lines.get(0));
        assertTrue(lines.get(1).contains("events/s") && lines.get(1).contains("per million events"), lines.get(1));
        assertTrue(lines.get(3).startsWith("publish a stored run"), lines.get(3));
    }
}
