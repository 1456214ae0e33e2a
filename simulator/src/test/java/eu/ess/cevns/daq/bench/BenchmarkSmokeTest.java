package eu.ess.cevns.daq.bench;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Keeps the benchmark harnesses working: each runs in its short smoke mode and must produce its
 * figures. Asserts on counts (nothing lost over TCP, every packet decoded accepted) and that each
 * figure is there, never on speed.
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
    void decoderBenchmarkRunsInSmokeModeAndTheDecoderAcceptsEveryPacket() throws Exception {
        List<ReadoutDecoderBenchmark.Figures> figures = ReadoutDecoderBenchmark.run(true);
        figures.forEach(f -> System.out.println(f.line()));
        Param sizes = ReadoutDecoderBenchmark.class.getField("packetBytes").getAnnotation(Param.class);
        assertEquals(Arrays.stream(sizes.value()).map(Integer::valueOf).toList(),
                figures.stream().map(ReadoutDecoderBenchmark.Figures::packetBytes).toList(), "a result per configured packet size");
        for (ReadoutDecoderBenchmark.Figures f : figures) {
            String size = f.packetBytes() + "-byte packets: ";
            assertTrue(f.packetLengthBytes() <= f.packetBytes() && f.waveformsPerPacket() > 0, size + f);
            assertTrue(f.packetsPerS() > 0 && f.waveformsPerS() > 0 && f.mbPerS() > 0, size + "positive rates: " + f);
            assertTrue(f.decodedPackets() > 0, size + "packets decoded: " + f);
            assertEquals(0, f.rejectedPackets(), size + "none rejected");
            assertEquals(f.decodedPackets(), f.acceptedPackets(), size + "every packet decoded was accepted");
        }
    }
}
