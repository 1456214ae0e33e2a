package eu.ess.cevns.analysis.monitor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The coverage harness in smoke mode: one short closed-loop run, and a figure with its interval in it. */
class FitCoverageSmokeTest {
    @Test
    void oneSeedRunsFitsAndDraws() throws Exception {
        List<FitCoverage.Run> runs = FitCoverage.measure(1, 2, 2e5);
        assertEquals(1, runs.size());
        FitCoverage.Run r = runs.get(0);
        assertTrue(r.fit().ok(), r.fit().status());
        assertTrue(r.injectedMu() > 0.5 && r.injectedMu() < 1.5, "the injected signal strength: " + r.injectedMu());
        String svg = FitCoverage.figure(runs, 2, 2e5);
        assertTrue(svg.startsWith("<svg") && svg.strip().endsWith("</svg>"), svg);
        assertTrue(svg.contains(r.covered() ? "1 of 1 runs cover" : "0 of 1 runs cover"), svg);
        assertEquals(2, svg.split("<circle").length, "one fitted mu drawn");
    }
}
