package eu.ess.cevns.daq.timing;

import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.config.TimingConfig;
import eu.ess.cevns.daq.Await;
import eu.ess.cevns.daq.readout.Waveform;
import eu.ess.cevns.daq.run.RunControl;
import eu.ess.cevns.daq.store.RecordVisitor;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
import eu.ess.cevns.daq.store.StoreWriter;
import eu.ess.cevns.daq.store.StoredWaveform;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;

/** The pulse join through the real store: states, waiting, the bound on waiting, pulse records. */
class PulseJoinTest {
    final PulseTable table = new PulseTable();
    final AtomicBoolean live = new AtomicBoolean(true);
    final BeamCounters counters = new BeamCounters();
    final ByteBuf samples = Unpooled.directBuffer(8).writeShortLE(1).writeShortLE(2);

    void waveform(StoreWriter w, long t0) {
        w.ingress().onPacketPulse(t0);
        w.ingress().onWaveform(new Waveform().set(1, 0, 0, 0, 0, 0, 0, 0, 14, 0, 2, t0, t0 + 1000, samples, 0));
    }

    record Stored(List<long[]> waveforms, List<long[]> pulses) {
    }

    Stored read(Path data) {
        List<long[]> w = new ArrayList<>();
        List<long[]> p = new ArrayList<>();
        try (RunReader r = new RunStore(data).openReader(1)) {
            r.drain(new RecordVisitor() {
                @Override
                public void onWaveform(StoredWaveform s) {
                    w.add(new long[] {s.pulseT0Ns(), s.beamState()});
                }

                @Override
                public void onPulse(long t0Ns, double chargeUc, int beamState) {
                    p.add(new long[] {t0Ns, beamState, Math.round(chargeUc * 10)});
                }
            });
        }
        return new Stored(w, p);
    }

    @Test
    void waveformsCarryTheirPulsesStateAndWaitForEpicsWithinTheBound(@TempDir Path data) throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        long t1 = now - 3 * EssPulse.PERIOD_NS;
        long t2 = t1 + EssPulse.PERIOD_NS;
        long t3 = t2 + EssPulse.PERIOD_NS;
        PulseJoin join = new PulseJoin(table, new TimingConfig(1500, 100, 1.0, 28, null), live::get, counters);
        try (StoreWriter writer = new StoreWriter(1 << 20, 1_000_000_000L, join)) {
            RunControl runs = new RunControl(new RunStore(data), writer, () -> "", "t");
            runs.start("", "t");
            table.add(t1 + 40_000, 71.4, BeamState.ON);    // EPICS T0 40 µs after the readout's: within tolerance
            table.add(t2, 0.0, BeamState.OFF);
            waveform(writer, t1);
            waveform(writer, t2);
            waveform(writer, t3);                           // EPICS has not reported t3 yet: held back
            Await.until("t1 and t2 stored", () -> writer.counters().waveforms() == 2);
            Await.until("t3 held in the join for its EPICS data", () -> join.pendingPulses() == 1);
            assertEquals(2, writer.counters().waveforms(), "t3 waits for EPICS");
            table.add(t3, 70.0, BeamState.ON);
            Await.until("t3 stored once EPICS reports it", () -> writer.counters().waveforms() == 3);

            long t4 = System.currentTimeMillis() * 1_000_000L;
            waveform(writer, t4);                           // EPICS never reports t4: UNKNOWN after the 1.5 s wait
            Await.until("t4 held in the join for its EPICS data", () -> join.pendingPulses() == 1);
            assertEquals(3, writer.counters().waveforms());
            Await.until("t4 stored after the wait", () -> writer.counters().waveforms() == 4);
            assertTrue(System.currentTimeMillis() * 1_000_000L - t4 >= 1_500_000_000L, "t4 stored no sooner than the wait allows");
            assertEquals(1, join.waitTimeouts(), "t4 stored because its wait ran out");
            assertEquals(0, join.offClockTimeouts(), "EPICS reported nothing near t4: its data did not come");

            live.set(false);                                // timing lost: nothing waits
            long t5 = System.currentTimeMillis() * 1_000_000L;
            waveform(writer, t5);
            Await.until("t5 stored at once", () -> writer.counters().waveforms() == 5);
            writer.ingress().onPacketPulse(t5 + EssPulse.PERIOD_NS); // a heartbeat-only pulse is a pulse too
            Await.until("heartbeat pulse decided", () -> counters.pulsesUnknown() == 3);
            runs.stop("", "t");
        }
        Stored s = read(data);
        assertEquals(List.of(BeamState.ON.code(), BeamState.OFF.code(), BeamState.ON.code(), BeamState.UNKNOWN.code(),
                BeamState.UNKNOWN.code()), s.waveforms().stream().map(w -> (byte) w[1]).toList());
        assertEquals(6, s.pulses().size(), "one pulse record per readout pulse");
        assertEquals(714, s.pulses().get(0)[2], "charge of t1 in 0.1 µC");
        assertEquals(2, counters.pulsesOn());
        assertEquals(1, counters.pulsesOff());
        assertEquals(3, counters.pulsesUnknown());
        assertEquals(141.4, counters.chargeOnUc(), 1e-6);
        // 141.4 µC / e = 8.825e14 protons (e = 1.602176634e-19 C, CODATA 2018)
        assertEquals(141.4e-6 / 1.602176634e-19, counters.potOn(), 1e9);
        assertEquals(40_000, counters.maxAbsClockOffsetNs());
    }

    @Test
    void anEpicsPulseBeyondTheToleranceDoesNotMatch(@TempDir Path data) throws Exception {
        long t = System.currentTimeMillis() * 1_000_000L - EssPulse.PERIOD_NS;
        PulseJoin join = new PulseJoin(table, new TimingConfig(300, 100, 1.0, 28, null), live::get, counters);
        try (StoreWriter writer = new StoreWriter(1 << 20, 1_000_000_000L, join)) {
            RunControl runs = new RunControl(new RunStore(data), writer, () -> "", "t");
            runs.start("", "t");
            table.add(t + 150_000, 71.4, BeamState.ON);     // 150 µs off: beyond the 100 µs tolerance
            waveform(writer, t);
            Await.until("the waveform stored", () -> writer.counters().waveforms() == 1);
            runs.stop("", "t");
        }
        assertEquals(BeamState.UNKNOWN.code(), (byte) read(data).waveforms().get(0)[1]);
        assertEquals(1, join.waitTimeouts());
        assertEquals(1, join.offClockTimeouts(), "an EPICS pulse within half a period: the clocks disagree, the data did come");
        assertEquals(150_000, join.lastOffClockNs(), "EPICS 150 µs after the readout");
    }

    @Test
    void pulsesCountForTheRunOnlyAndStayTheRunsAfterItStops(@TempDir Path data) throws Exception {
        live.set(false); // no timing: every pulse is decided UNKNOWN at once
        PulseJoin join = new PulseJoin(table, new TimingConfig(300, 100, 1.0, 28, null), live::get, counters);
        long t = System.currentTimeMillis() * 1_000_000L;
        try (StoreWriter writer = new StoreWriter(1 << 20, 1_000_000_000L, join)) {
            RunControl runs = new RunControl(new RunStore(data), writer, () -> "", "t");
            waveform(writer, t);
            Await.until("the pulse before any run decided", () -> writer.counters().noRunWaveforms() == 1 && join.pendingPulses() == 0);
            assertFalse(counters.counting());
            assertEquals(0, counters.pulsesUnknown(), "no run, nothing counted");
            runs.start("", "t");
            for (int i = 1; i <= 3; i++) {
                waveform(writer, t + i * EssPulse.PERIOD_NS);
            }
            Await.until("three pulses of the run", () -> counters.pulsesUnknown() == 3);
            assertEquals(3, runs.stop("", "t").beam().pulsesUnknown(), "the run's beam in run.json");
            waveform(writer, t + 4 * EssPulse.PERIOD_NS);
            Await.until("the pulse after the stop decided", () -> writer.counters().noRunWaveforms() == 2 && join.pendingPulses() == 0);
            assertEquals(3, counters.pulsesUnknown(), "the stopped run's count, not growing with pulses no run stored");
            assertEquals(3, new RunStore(data).run(1).orElseThrow().beam().pulsesUnknown());
            assertEquals(0.0, new RunStore(data).run(1).orElseThrow().beam().beamOnS(), "no pulse ON, no beam-on time");
        }
    }
}
