package eu.ess.cevns.analysis.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Keeps the analysis benchmark working: a short run must produce its figures (counts asserted, never speed). */
class AnalysisBenchmarkSmokeTest {
    @Test
    void analysisBenchmarkRuns() throws Exception {
        List<String> lines = AnalysisBenchmark.run(20_000);
        lines.forEach(System.out::println);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).contains("waveforms/s") && !lines.get(0).contains("no result"));
        assertTrue(lines.get(1).startsWith("store writer filled the run"));
    }
}
