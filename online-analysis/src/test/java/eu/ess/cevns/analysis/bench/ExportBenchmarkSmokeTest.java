package eu.ess.cevns.analysis.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Keeps the export benchmark working: a short run must produce its figures (counts asserted, never speed). */
class ExportBenchmarkSmokeTest {
    @Test
    void exportBenchmarkRuns() throws Exception {
        List<String> lines = ExportBenchmark.run(20_000);
        lines.forEach(System.out::println);
        assertEquals(3, lines.size());
        assertTrue(lines.get(1).startsWith("export HDF5: 20,000 events"), lines.get(1));
        assertTrue(lines.get(2).startsWith("export CSV: 20,000 events"), lines.get(2));
    }
}
