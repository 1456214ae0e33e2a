package eu.ess.cevns.daq.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Keeps the benchmark harnesses working: each runs in its short smoke mode and must produce its
 * figures. Asserts on counts (nothing lost over TCP), never on speed.
 */
class BenchmarkSmokeTest {

    @Test
    void ingestBenchmarkRunsAndTcpLosesNothing() throws Exception {
        long n = 10_000;
        List<String> lines = IngestBenchmark.run(n);
        lines.forEach(System.out::println);
        assertEquals(4, lines.size());
        assertTrue(lines.get(0).startsWith("raw Chronicle append (ceiling)"));
        IngestBenchmark.Result tcp = IngestBenchmark.ingest("tcp", n);
        assertTrue(tcp.sent() >= n);
        assertEquals(tcp.sent(), tcp.stored(), "TCP ingest stores every waveform sent");
        assertEquals(0, tcp.lostPackets());
        assertTrue(tcp.storedBytes() > 0 && tcp.seconds() > 0);
    }

    @Test
    void decoderBenchmarkRunsInSmokeMode() throws Exception {
        System.setProperty("bench.smoke", "true");
        try {
            ReadoutDecoderBenchmark.main(new String[0]);
        } finally {
            System.clearProperty("bench.smoke");
        }
    }
}
