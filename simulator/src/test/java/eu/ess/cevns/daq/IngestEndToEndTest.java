package eu.ess.cevns.daq;

import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.readout.ReadoutCounters;
import eu.ess.cevns.daq.readout.RejectReason;
import eu.ess.cevns.daq.store.RecordVisitor;
import eu.ess.cevns.daq.store.RunInfo;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
import eu.ess.cevns.daq.store.StoredWaveform;
import eu.ess.cevns.sim.DigitizerSimulator;
import eu.ess.cevns.sim.SimulatorSettings;
import eu.ess.cevns.sim.SimulatorTally;
import eu.ess.cevns.sim.Transmission;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Simulated digitizers → server (real sockets) → run store (real Chronicle files), with injected
 * loss, reordering and malformed packets: every counter of the server must equal the simulator's
 * exact tally, and the stored run must hold exactly the intact waveforms.
 */
class IngestEndToEndTest {

    @ParameterizedTest
    @EnumSource(Transmission.class)
    void serverCountsAndStoredRunEqualTheSimulatorsTally(Transmission t, @TempDir Path data) throws Exception {
        SiteConfig site = TestSites.site(data);
        SimulatorTally tally;
        RunInfo run;
        ReadoutCounters.Snapshot c;
        try (DaqServer server = DaqServer.start(site, "test")) {
            server.runs().start("end to end " + t, "test");
            int port = t == Transmission.UDP ? server.udpPort() : server.tcpPort();
            // 3 s of pulses at 30 Hz per channel, with about 3 % of packets lost, swapped or corrupted each
            SimulatorSettings s = SimulatorSettings.defaults(site.detector(), "127.0.0.1", port, t)
                    .withRate(30, 11).withPulses(42, false).withFaults(0.03, 0.03, 0.03);
            tally = new DigitizerSimulator(s, null).run();
            awaitQuiet(server, tally);
            run = server.runs().stop("", "test");
            c = server.readoutCounters().snapshot();
            assertEquals(tally.waveforms(), server.storeWriter().counters().waveforms());
        }
        assertTrue(tally.withheldPackets() > 0 && tally.swapped() > 0 && tally.malformedTotal() > 0,
                "the faults were really injected: " + tally.withheldPackets() + "/" + tally.swapped() + "/" + tally.malformedTotal());
        assertEquals(tally.goodPackets(), c.packets());
        assertEquals(tally.heartbeats(), c.heartbeats());
        assertEquals(tally.waveforms(), c.waveforms());
        assertEquals(tally.goodBytes(), c.bytes());
        assertEquals(tally.expectedLostPackets(), c.lostPackets());
        assertEquals(tally.expectedReordered(), c.reordered());
        assertEquals(tally.malformedTotal(), c.rejectedTotal());
        for (RejectReason r : RejectReason.all()) {
            assertEquals(tally.malformed(r), c.rejected(r), "rejected " + r.key());
        }
        assertEquals(tally.waveforms(), run.waveforms());

        long[] stored = new long[2];
        try (RunReader reader = new RunStore(data).openReader(run.number())) {
            reader.drain(new RecordVisitor() {
                @Override
                public void onWaveform(StoredWaveform w) {
                    stored[0]++;
                    assertEquals(1024, w.sampleCount());
                    assertTrue(w.timeSinceT0Ns() >= 0 && w.timeSinceT0Ns() < 2 * (EssPulse.PERIOD_NS + 1), "time since T0 " + w.timeSinceT0Ns());
                    assertTrue(w.channelId() >= 0 && w.channelId() < 16);
                }

                @Override
                public void onRunStop(Instant stop, boolean aborted, long waveforms, long pulses, long dropped,
                                      String who, String comment) {
                    stored[1] = waveforms;
                }
            });
        }
        assertEquals(tally.waveforms(), stored[0], "waveform records in the Chronicle queue");
        assertEquals(tally.waveforms(), stored[1], "count in the run-stop record");
    }

    /** Waits until the server has seen every packet the simulator sent (accepted or rejected) and stored every waveform. */
    static void awaitQuiet(DaqServer server, SimulatorTally tally) throws InterruptedException {
        Await.until("all " + tally.packetsSent() + " packets sent seen (accepted or rejected) and every waveform accepted stored",
                Await.DEFAULT_TIMEOUT, () -> Seen.now(server),
                seen -> seen.packets() >= tally.packetsSent() && seen.waveformsStored() >= seen.waveformsAccepted());
    }

    /** What the server has done with the simulator's packets so far. */
    record Seen(long packets, long waveformsAccepted, long waveformsStored) {
        static Seen now(DaqServer server) {
            ReadoutCounters.Snapshot c = server.readoutCounters().snapshot();
            return new Seen(c.packets() + c.rejectedTotal(), c.waveforms(), server.storeWriter().counters().waveforms());
        }
    }
}
