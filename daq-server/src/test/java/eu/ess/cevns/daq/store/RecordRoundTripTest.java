package eu.ess.cevns.daq.store;

import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.config.TimingConfig;
import eu.ess.cevns.daq.readout.Waveform;
import eu.ess.cevns.daq.run.RunControl;
import eu.ess.cevns.daq.timing.BeamCounters;
import eu.ess.cevns.daq.timing.BeamState;
import eu.ess.cevns.daq.timing.PulseJoin;
import eu.ess.cevns.daq.timing.PulseTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every record kind from the code that writes it in the server (the store agent for run start,
 * decided pulses and run stop; readout, timing and control threads through the ring for waveforms,
 * pulses, config changes, alarms and alarm acts; recovery for the stop of a crashed run) to what
 * {@link RunReader} gives back, every field compared.
 */
class RecordRoundTripTest {
    static final long START_NS = 1_764_590_592_456_789_123L;
    static final short[] SAMPLES = {100, -200, Short.MAX_VALUE, Short.MIN_VALUE};

    static <T> List<T> of(RecordLog log, Class<T> kind) {
        return log.records.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    static void assertBetween(long fromNs, Instant t, long toNs) {
        assertFalse(t.isBefore(RecordText.instant(fromNs)), t + " before " + RecordText.instant(fromNs));
        assertFalse(t.isAfter(RecordText.instant(toNs)), t + " after " + RecordText.instant(toNs));
    }

    @Test
    void everyFieldOfEveryKindComesBackAsWritten(@TempDir Path data) throws Exception {
        long t0 = System.currentTimeMillis() * 1_000_000L - 3 * EssPulse.PERIOD_NS;
        long t0Submitted = t0 + EssPulse.PERIOD_NS;
        long stopNs = START_NS + 3_600_000_000_000L;
        PulseTable table = new PulseTable();
        table.add(t0, 71.4, BeamState.ON);
        PulseJoin join = new PulseJoin(table, new TimingConfig(1500, 100, 1.0, 28, null), () -> true, new BeamCounters());
        RunStore store = new RunStore(data);
        ByteBuf samples = Unpooled.directBuffer(16);
        for (short s : SAMPLES) {
            samples.writeShortLE(s);
        }
        long textsFromNs;
        long textsToNs;
        try (StoreWriter writer = new StoreWriter(1 << 20, 1_000_000_000L, join)) {
            writer.openRun(store.runDir(5), 5, START_NS, "9.8.7", "Åsa", "cold — 20 K", "detector: {name: csi}\n");
            writer.ingress().onPacketPulse(t0);
            writer.ingress().onWaveform(new Waveform().set(0xC0A80017, 23, 0xFFFF_FFF0L, 255, 254, 65535, 40_000, 5, 14, 2,
                    SAMPLES.length, t0, t0 + 2_860_123L, samples, 0));
            assertTrue(writer.ingress().submitPulse(t0Submitted, 2.5, BeamState.OFF));
            textsFromNs = RecordText.nowNs();
            assertTrue(writer.ingress().submitConfigChange("expert", "Ch3:Threshold", "1.0", "1.5 µ"));
            assertTrue(writer.ingress().submitAlarm("timingDisconnected", 3, false, "Beam timing back"));
            textsToNs = RecordText.nowNs();
            assertTrue(writer.ingress().submitAlarmAction(START_NS + 7, AlarmActionRecord.Action.SHELVE, "noRun", "Åsa", "study — µ",
                    START_NS + 3_600_000_000_000L));
            writer.closeRun(5, stopNs, StopReason.ABORTED, "operator", "aborted by hand");
        } finally {
            samples.release();
        }

        RecordLog log = new RecordLog();
        try (RunReader reader = store.openReader(5)) {
            reader.drain(log);
            assertEquals(0, reader.unknownRecords());
        }
        assertEquals(List.of(new RecordLog.Start(5, RecordText.instant(START_NS), "9.8.7", "Åsa", "cold — 20 K",
                "detector: {name: csi}\n")), of(log, RecordLog.Start.class));
        assertInstanceOf(RecordLog.Start.class, log.records.get(0), "the run-start record comes first");
        assertEquals(List.of(new RecordLog.Wave(0xC0A80017, 23, 255, 254, 5, 65535, 40_000, 14, BeamState.ON.code(), 2,
                0xFFFF_FFF0L, t0, 2_860_123L, RecordLog.samples(SAMPLES))), of(log, RecordLog.Wave.class));
        // the join's decided pulse and the one submitted through the ring; which comes first is up to the agent
        assertEquals(List.of(new RecordLog.Pulse(t0, 71.4, BeamState.ON.code()), new RecordLog.Pulse(t0Submitted, 2.5, BeamState.OFF.code())),
                of(log, RecordLog.Pulse.class).stream().sorted(Comparator.comparingLong(RecordLog.Pulse::t0Ns)).toList());

        RecordLog.Change change = of(log, RecordLog.Change.class).get(0);
        assertEquals(new RecordLog.Change(change.time(), "expert", "Ch3:Threshold", "1.0", "1.5 µ"), change);
        assertBetween(textsFromNs, change.time(), textsToNs);
        RecordLog.Alarm alarm = of(log, RecordLog.Alarm.class).get(0);
        assertEquals(new RecordLog.Alarm(alarm.time(), 3, false, "timingDisconnected", "Beam timing back"), alarm);
        assertBetween(textsFromNs, alarm.time(), textsToNs);

        assertEquals(List.of(new RecordLog.Act(RecordText.instant(START_NS + 7), AlarmActionRecord.Action.SHELVE.code(), "noRun", "Åsa",
                "study — µ", RecordText.instant(START_NS + 3_600_000_000_000L))), of(log, RecordLog.Act.class), "an act, with its own time");

        assertEquals(new RecordLog.Stop(RecordText.instant(stopNs), true, 1, 2, 0, "operator", "aborted by hand"),
                log.records.get(log.records.size() - 1), "the run-stop record comes last, with the run's counters");
        assertEquals(8, log.records.size());
    }

    @Test
    void recoveryEndsARunACrashLeftOpenWithAnAbortedStopRecord(@TempDir Path data) throws Exception {
        RunStore store = new RunStore(data);
        ByteBuf samples = Unpooled.directBuffer(16).writeShortLE(7).writeShortLE(8);
        try (StoreWriter writer = new StoreWriter(1 << 20)) {
            RunControl runs = new RunControl(store, writer, () -> "", "t");
            runs.start("", "t");
            for (int i = 0; i < 3; i++) {
                writer.ingress().onWaveform(new Waveform().set(1, 0, i, 0, 0, 0, 0, 0, 14, 0, 2, START_NS, START_NS + i, samples, 0));
            }
            assertTrue(writer.ingress().submitPulse(START_NS, 1.0, BeamState.ON));
            // closing the writer without stopping the run is what a crash leaves: a queue without a run-stop record
        } finally {
            samples.release();
        }
        long fromNs = RecordText.nowNs();
        List<RunInfo> recovered = RunRecovery.recover(store);
        long toNs = RecordText.nowNs();
        assertEquals(List.of(1), recovered.stream().map(RunInfo::number).toList());

        RecordLog log = new RecordLog();
        try (RunReader reader = store.openReader(1)) {
            reader.drain(log);
        }
        RecordLog.Stop stop = (RecordLog.Stop) log.records.get(log.records.size() - 1);
        assertEquals(new RecordLog.Stop(stop.stop(), true, 3, 1, 0, "recovery", "run left open by a crash; closed at the next start"), stop);
        assertBetween(fromNs, stop.stop(), toNs);
        assertEquals(1, of(log, RecordLog.Stop.class).size());
        assertEquals(List.of(), RunRecovery.recover(store), "a recovered run is not recovered again");
    }
}
