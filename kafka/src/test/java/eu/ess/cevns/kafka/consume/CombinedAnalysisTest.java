package eu.ess.cevns.kafka.consume;

import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.analysis.monitor.AnalysisSummary;
import eu.ess.cevns.analysis.monitor.RunAnalysis;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.ExpectationInputs;
import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.config.RunConfigSnapshot;
import eu.ess.cevns.kafka.EventFlags;
import eu.ess.cevns.kafka.SourceNames;
import eu.ess.cevns.kafka.schema.ArrayData;
import eu.ess.cevns.kafka.schema.EventData;
import eu.ess.cevns.kafka.schema.LogData;
import eu.ess.cevns.kafka.schema.RunStart;
import eu.ess.cevns.kafka.schema.RunStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The combined analysis fed the messages a host publishes, without a broker: per source it ends
 * where the host's own analysis of the same events ends; a message repeated (a publisher restart)
 * counts once; what it cannot read or does not know is counted, never fatal; the summed view
 * holds only the pulses every source reported.
 */
class CombinedAnalysisTest {
    private static final long T0 = 1_764_590_400_000_000_000L;
    private static final long P = EssPulse.PERIOD_NS;

    /** A host's messages for {@code pulses} pulses, fed to both the combined analysis and a reference RunAnalysis. */
    private static final class Host {
        final SourceNames n;
        final String config;
        final RunAnalysis reference = new RunAnalysis(0.3);
        long id;

        Host(String source, Path data, String detector) {
            n = new SourceNames(source);
            config = RunConfigSnapshot.write(ConfigLoader.defaultSite(data, detector));
        }

        void start(CombinedAnalysis c) throws Exception {
            String meta = new ObjectMapper().createObjectNode().put("run", 3).put("configuration", config).put("who", "t").put("comment", "")
                    .put("software", "t").toString();
            c.onMessage(n.events(), new RunStart(T0 / 1_000_000, 0, "3", "", "{}", "3f9a1c2e-0000-4000-8000-000000000042", "", "f.nxs", meta,
                    "c").encode());
            reference.onRunStart(3, Instant.ofEpochMilli(T0 / 1_000_000), "t", "t", "", config);
        }

        /** One pulse: its decision and its events (channel, tof, keVee, flags), as ev44 + se00s. */
        void pulse(CombinedAnalysis c, long t0, int state, double charge, int[] ch, int[] tof, double[] keVee, byte[] flags) {
            LogData.Writer f = new LogData.Writer();
            c.onMessage(n.beamState(), f.writeByte(n.beamState(), t0, state));
            c.onMessage(n.protonCharge(), f.writeDouble(n.protonCharge(), t0, charge));
            reference.onPulse(t0, charge, state);
            long m = id++;
            float[] shape = new float[ch.length];
            c.onMessage(n.events(), new EventData.Writer(64).writePulse(n.events(), m, t0, tof, ch, 0, ch.length));
            ArrayData.Writer a = new ArrayData.Writer(64);
            c.onMessage(n.energy(), a.write(n.energy(), -1, t0, 0, ArrayData.Location.UNKNOWN, m, null, 0, -1, ArrayData.ValueType.DOUBLE,
                    keVee, 0, ch.length));
            c.onMessage(n.shape(), a.write(n.shape(), -1, t0, 0, ArrayData.Location.UNKNOWN, m, null, 0, -1, ArrayData.ValueType.FLOAT, shape,
                    0, ch.length));
            c.onMessage(n.flags(), a.write(n.flags(), -1, t0, 0, ArrayData.Location.UNKNOWN, m, null, 0, -1, ArrayData.ValueType.UINT8, flags,
                    0, ch.length));
            for (int i = 0; i < ch.length; i++) {
                reference.onEvent(ch[i], t0, tof[i], keVee[i], EventFlags.pileUp(flags[i]), EventFlags.saturated(flags[i]), 0,
                        EventFlags.beamState(flags[i]));
            }
        }

        void stop(CombinedAnalysis c, long at) {
            c.onMessage(n.events(), new RunStop(at / 1_000_000, "3", "3f9a1c2e-0000-4000-8000-000000000042", "", "x").encode());
            reference.onRunStop(Instant.ofEpochMilli(at / 1_000_000), false, 0, 0, 0, "", "");
        }
    }

    /** Events of one pulse, random but fixed by the seed. */
    private static Object[] events(SplittableRandom r, int state, int count) {
        int[] ch = new int[count];
        int[] tof = new int[count];
        double[] keVee = new double[count];
        byte[] flags = new byte[count];
        for (int i = 0; i < count; i++) {
            ch[i] = r.nextInt(16);
            tof[i] = r.nextInt(70_000_000);
            keVee[i] = r.nextDouble() * 3;
            flags[i] = EventFlags.of(r.nextInt(20) == 0, r.nextInt(50) == 0, state);
        }
        return new Object[] {ch, tof, keVee, flags};
    }

    private static void pulse(Host h, CombinedAnalysis c, long t0, int state, Object[] e) {
        h.pulse(c, t0, state, state == 1 ? 70.0 : state == 2 ? 0.0 : Double.NaN, (int[]) e[0], (int[]) e[1], (double[]) e[2], (byte[]) e[3]);
    }

    @Test
    void eachSourceEndsWhereItsOwnAnalysisEndsAndTheSumHoldsOnlyPulsesBothReported(@TempDir Path data) throws Exception {
        Host csi = new Host("csi", data, "csi-cryogenic");
        Host ge = new Host("ge", data, "ge-ppc");
        CombinedAnalysis c = new CombinedAnalysis(List.of("csi", "ge"), new ExpectationInputs(0.3, 1), 3, "CEvNS:Beam:ProtonCharge");
        csi.start(c);
        ge.start(c);
        SplittableRandom r = new SplittableRandom(5);
        for (int k = 0; k < 60; k++) {
            int state = k % 10 == 9 ? 2 : k % 17 == 0 ? 0 : 1;
            pulse(csi, c, T0 + k * P, state, events(r, state, r.nextInt(6)));
            if (k >= 10) { // the Ge host's run starts ten pulses later
                pulse(ge, c, T0 + k * P, state, events(r, state, r.nextInt(6)));
            }
        }
        // a threshold moved on the CsI host: later events are judged with it, on both sides
        c.onMessage(csi.n.setting("Ch3:Threshold"), new LogData.Writer().writeDouble(csi.n.setting("Ch3:Threshold"), T0 + 60 * P, 9.5));
        csi.reference.onConfigChange(Instant.EPOCH, "x", "Ch3:Threshold", "", "9.5");
        pulse(csi, c, T0 + 60 * P, 1, events(r, 1, 8));
        pulse(ge, c, T0 + 60 * P, 1, events(r, 1, 8));
        csi.stop(c, T0 + 61 * P);
        ge.stop(c, T0 + 61 * P);

        assertTrue(c.allStopped());
        CombinedSummary s = c.summary();
        for (CombinedSummary.Detector d : s.detectors()) {
            AnalysisSummary ref = (d.source().equals("csi") ? csi : ge).reference.summary();
            assertEquals(ref.counts(), d.own().counts(), d.source());
            assertEquals(ref.exposure(), d.own().exposure(), d.source());
            assertEquals(ref.quality(), d.own().quality(), d.source());
            assertEquals(ref.excess(), d.own().excess(), d.source());
            assertArrayEquals(ref.histograms().channelEnergy(), d.own().histograms().channelEnergy(), d.source());
        }
        assertEquals(51, s.completePulses(), "pulses 10..60 were reported by both");
        CombinedSummary.Detector csiView = s.detectors().get(0);
        assertTrue(csiView.joint().pulsesOn() < csiView.own().exposure().pulsesOn(), "the CsI pulses before Ge's start are not in the sum");
        assertEquals(0, s.malformedMessages());
    }

    @Test
    void repeatsCountOnceAndStrangersAreCountedNotFatal(@TempDir Path data) throws Exception {
        Host csi = new Host("csi", data, "csi-cryogenic");
        CombinedAnalysis c = new CombinedAnalysis(List.of("csi"), new ExpectationInputs(0.3, 1), null, "CEvNS:Beam:ProtonCharge");
        csi.start(c);
        Object[] e = events(new SplittableRandom(1), 1, 5);
        pulse(csi, c, T0, 1, e);
        long on = c.summary().detectors().get(0).own().counts().on();
        long pulses = c.summary().detectors().get(0).own().exposure().pulsesOn();
        // the same pulse again, as a restarted publisher sends it: same decision, same events
        Host again = new Host("csi", data, "csi-cryogenic");
        again.pulse(c, T0, 1, 70.0, (int[]) e[0], (int[]) e[1], (double[]) e[2], (byte[]) e[3]);
        CombinedSummary.Detector d = c.summary().detectors().get(0);
        assertEquals(on, d.own().counts().on(), "events seen twice count once");
        assertEquals(pulses, d.own().exposure().pulsesOn(), "a pulse decided twice counts once");
        assertEquals(6, d.duplicates(), "five events and one pulse were repeats");
        c.onMessage("csi", new byte[] {1, 2, 3});
        c.onMessage("csi", new byte[] {0, 0, 0, 0, 'e', 'v', '4', '4', 9, 9, 9, 9});
        c.onMessage("nobody", new LogData.Writer().writeDouble("nobody_beam_state", T0, 1));
        CombinedSummary s = c.summary();
        assertEquals(1, s.malformedMessages(), "a truncated ev44 is malformed; three bytes have no schema at all");
        assertEquals(2, s.ignoredMessages(), "no identifier and an unknown source are ignored");
        assertTrue(s.lastProblem().contains("ev44"), s.lastProblem());
    }
}
