package eu.ess.cevns.daq.bench;

import eu.ess.cevns.daq.readout.RejectReason;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Keeps the soak harness working: its smoke mode (seconds instead of ten minutes; the same parts:
 * TCP and UDP digitizers, runs stopped and started, the timing IOC restarted twice, malformed
 * bursts) must account for every packet and every waveform and print each report. Heap, RSS,
 * descriptors and threads are printed, not judged: seconds say nothing about leaks.
 */
class SoakBenchmarkSmokeTest {

    @Test
    void theSoakInSmokeModeAccountsForEveryPacketAndWaveformAndReports() throws Exception {
        SoakBenchmark.Plan plan = SoakBenchmark.Plan.smoke();
        SoakBenchmark.Result r = SoakBenchmark.run(plan, System.out::println);
        assertTrue(r.packetsAccounted(), "sent = accepted + rejected + lost: " + r);
        assertTrue(r.waveformsAccounted(), "accepted = stored + between runs + dropped: " + r);
        assertTrue(r.sentWaveforms() > 0 && r.storedWaveforms() > 0, r.toString());
        if (r.lostPackets() == 0) {
            assertEquals(r.sentWaveforms(), r.acceptedWaveforms(), "nothing lost on the way: every waveform sent accepted");
        }
        assertEquals(0, r.dropped());
        assertEquals(plan.durationS() / plan.runEveryS() + 1, r.runs(), "a run per cycle and the last one");
        assertEquals(plan.durationS() / plan.burstEveryS() * 3L * plan.malformedPerKind(), r.malformedSent());
        assertEquals(r.malformedSent(), r.rejectedPackets(), "every malformed packet rejected, nothing else");
        assertEquals(Map.of(RejectReason.COOKIE, (long) plan.durationS() / plan.burstEveryS() * plan.malformedPerKind(),
                RejectReason.OUTPUT_QUEUE, 2L * plan.durationS() / plan.burstEveryS() * plan.malformedPerKind()), r.malformedByReason());
        assertEquals(plan.durationS() / plan.reportEveryS(), r.samples().size());
        for (SoakBenchmark.Sample s : r.samples()) {
            assertTrue(s.heapAfterGcMiB() > 0 && s.rssMiB() > 0 && s.fds() > 0 && s.threads() > 0, s.toString());
        }
        assertTrue(r.lines().stream().anyMatch(l -> l.startsWith("heap after GC: ")), "the heap verdict is printed");
        assertTrue(r.lines().stream().anyMatch(l -> l.startsWith("packets: ") && l.endsWith(": accounted")), "the packet identity");
        assertTrue(r.lines().stream().anyMatch(l -> l.startsWith("waveforms: ") && l.endsWith(": accounted")), "the waveform identity");
    }
}
