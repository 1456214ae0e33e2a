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
        assertEquals(5, lines.size());
        assertTrue(lines.get(0).startsWith("ingest into the store without") && lines.get(0).contains("waveforms/s"), lines.get(0));
        assertTrue(lines.get(1).startsWith("ingest") && lines.get(1).contains("20,000 waveforms stored"), lines.get(1));
        assertTrue(lines.get(2).contains("20,000 events") && lines.get(2).contains("per million events"), lines.get(2));
        assertTrue(lines.get(4).startsWith("publish a stored run") && lines.get(4).contains("20,000 events"), lines.get(4));
    }
}
