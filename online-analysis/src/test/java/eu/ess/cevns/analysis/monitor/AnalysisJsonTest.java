package eu.ess.cevns.analysis.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.analysis.physics.ExpectedRate;
import eu.ess.cevns.analysis.physics.Reach;
import eu.ess.cevns.analysis.stats.ExcessVerdict;
import eu.ess.cevns.analysis.stats.SignalFit;
import eu.ess.cevns.config.AlarmLimits;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.EssPulse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The JSON of the summary is a contract: the {@code analysis} section of {@code /api/status}
 * (DESIGN §7; scripts read it), {@code analyze --json}, and {@code /api/analysis} with the
 * histograms and history (the dashboard reads it). The field names and their order are pinned
 * here, and each field is checked against the part of the summary it comes from, with every
 * number distinct so that a field written from the wrong place shows.
 */
class AnalysisJsonTest {
    static final List<String> STATUS_FIELDS = List.of("run", "onCounts", "offCounts", "alpha", "excess", "excessError",
            "significance", "excessLow68", "excessHigh68", "expected", "lagMs", "backlog", "verdict", "beamOffCounts", "unknownCounts", "pot",
            "onLiveS", "offLiveS", "beamOffLiveS", "pulsesOn", "pulsesOff", "pulsesUnknown", "waveforms", "belowThreshold", "pileUp",
            "saturated", "stopped", "excessPer1e20Pot", "excessErrorPer1e20Pot", "excessPerKgDay", "excessErrorPerKgDay", "beamDays",
            "expectedCevns", "expectedBrn", "expectedSyst", "expectationInputs", "fit", "reach");
    static final List<String> FIT_FIELDS = List.of("mu", "muLow", "muHigh", "significance", "brn", "brnEvents", "cevnsNorm", "cevnsEvents",
            "bins", "status");
    static final List<String> VERDICT_FIELDS = List.of("level", "text", "pull", "ratio", "ratioError");
    static final long ONE_BEAM_DAY_OF_PULSES = EssPulse.RATE_HZ * 86_400L;

    /** Every number different; one beam day on 4 kg and 2e20 POT, so that the normalisations are round. */
    static AnalysisSummary distinct() {
        ExcessVerdict verdict = new ExcessVerdict(ExcessVerdict.Level.BELOW, -2.25, 0.75, 0.375, "below expectation (0.75 ± 0.38 of expected)");
        long[] energyOn = LongStream.range(0, EventHistograms.ENERGY_BINS).map(i -> 3 * i).toArray();
        long[] energyOff = LongStream.range(0, EventHistograms.ENERGY_BINS).map(i -> i).toArray();
        long[] time = LongStream.range(0, EventHistograms.TIME_BINS).map(i -> 1000 + i).toArray();
        long[] channelEnergy = LongStream.range(0, 2 * EventHistograms.ENERGY_BINS).map(i -> 2000 + i).toArray();
        long[] shape = LongStream.range(0, EventHistograms.SHAPE_BINS * EventHistograms.ENERGY_BINS).map(i -> 5000 + i).toArray();
        return new AnalysisSummary(7, true, 123_456_789L,
                new AnalysisSummary.Counts(11, 12, 13, 14),
                new AnalysisSummary.Excess(0.5, 5.0, 2.5, 3.5, 1.5, 8.5, 6.5, verdict),
                new AnalysisSummary.Exposure(2e20, 21.0, 42.0, 63.0, ONE_BEAM_DAY_OF_PULSES, 22, 23, 4.0),
                new AnalysisSummary.Quality(100, 31, 32, 33),
                new AnalysisSummary.Histograms(energyOn, energyOff, time, channelEnergy, new long[] {41, 42}, shape),
                List.of(new AnalysisSummary.HistoryPoint(140, 1.5e17, 51, 52, 0.25, 38.0, 7.5, 0.125)),
                new AnalysisSummary.Expectation(5.75, 0.75, 1.25, 0.3, 3e4), null, null);
    }

    static List<String> names(JsonNode n) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> i = n.fieldNames(); i.hasNext(); ) {
            names.add(i.next());
        }
        return names;
    }

    @Test
    void theStatusFieldsAreNamedAndOrderedAsTheContractSays() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        AnalysisJson.status(distinct(), 12.5, 42, o);
        assertEquals(STATUS_FIELDS, names(o));
        assertEquals(VERDICT_FIELDS, names(o.get("verdict")));
    }

    @Test
    void beforeAnyRunTheContractFieldsArePresentAndNull() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        AnalysisJson.status(null, Double.NaN, -1, o);
        assertEquals(List.of("onCounts", "offCounts", "alpha", "excess", "excessError", "significance", "expected", "lagMs", "backlog",
                "verdict"), names(o));
        for (String f : List.of("onCounts", "offCounts", "alpha", "excess", "excessError", "significance", "expected", "lagMs", "backlog")) {
            assertTrue(o.get(f).isNull(), f);
        }
        assertEquals("none", o.get("verdict").get("level").asText());
        assertEquals(ExcessVerdict.WAITING.text(), o.get("verdict").get("text").asText());
        ObjectNode full = JsonNodeFactory.instance.objectNode();
        AnalysisJson.full(null, Double.NaN, -1, full);
        assertEquals(o, full, "no histograms without a summary");
    }

    @Test
    void eachStatusFieldComesFromItsPartOfTheSummary() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        AnalysisJson.status(distinct(), 12.5, 42, o);
        assertEquals(7, o.get("run").asInt());
        assertEquals(11, o.get("onCounts").asLong());
        assertEquals(12, o.get("offCounts").asLong());
        assertEquals(13, o.get("beamOffCounts").asLong());
        assertEquals(14, o.get("unknownCounts").asLong());
        assertEquals(0.5, o.get("alpha").asDouble());
        assertEquals(5.0, o.get("excess").asDouble());
        assertEquals(2.5, o.get("excessError").asDouble());
        assertEquals(3.5, o.get("significance").asDouble());
        assertEquals(1.5, o.get("excessLow68").asDouble());
        assertEquals(8.5, o.get("excessHigh68").asDouble());
        assertEquals(6.5, o.get("expected").asDouble());
        assertEquals(12.5, o.get("lagMs").asDouble());
        assertEquals(42, o.get("backlog").asLong());
        assertEquals("below", o.get("verdict").get("level").asText());
        assertEquals("below expectation (0.75 ± 0.38 of expected)", o.get("verdict").get("text").asText());
        assertEquals(-2.25, o.get("verdict").get("pull").asDouble());
        assertEquals(0.75, o.get("verdict").get("ratio").asDouble());
        assertEquals(0.375, o.get("verdict").get("ratioError").asDouble());
        assertEquals(2e20, o.get("pot").asDouble());
        assertEquals(21.0, o.get("onLiveS").asDouble());
        assertEquals(42.0, o.get("offLiveS").asDouble());
        assertEquals(63.0, o.get("beamOffLiveS").asDouble());
        assertEquals(ONE_BEAM_DAY_OF_PULSES, o.get("pulsesOn").asLong());
        assertEquals(22, o.get("pulsesOff").asLong());
        assertEquals(23, o.get("pulsesUnknown").asLong());
        assertEquals(100, o.get("waveforms").asLong());
        assertEquals(31, o.get("belowThreshold").asLong());
        assertEquals(32, o.get("pileUp").asLong());
        assertEquals(33, o.get("saturated").asLong());
        assertTrue(o.get("stopped").asBoolean());
        assertEquals(2.5, o.get("excessPer1e20Pot").asDouble(), 1e-12, "5 events / 2e20 POT");
        assertEquals(1.25, o.get("excessErrorPer1e20Pot").asDouble(), 1e-12);
        assertEquals(1.25, o.get("excessPerKgDay").asDouble(), 1e-12, "5 events / 4 kg / 1 day");
        assertEquals(0.625, o.get("excessErrorPerKgDay").asDouble(), 1e-12);
        assertEquals(1.0, o.get("beamDays").asDouble(), 1e-12);
        assertEquals(5.75, o.get("expectedCevns").asDouble());
        assertEquals(0.75, o.get("expectedBrn").asDouble());
        assertEquals(1.25, o.get("expectedSyst").asDouble());
        assertEquals(0.3, o.at("/expectationInputs/neutrinosPerFlavorPerProton").asDouble());
        assertEquals(3e4, o.at("/expectationInputs/boost").asDouble());
        assertTrue(o.get("onCounts").isIntegralNumber() && o.get("alpha").isFloatingPointNumber() && o.get("stopped").isBoolean());
    }

    @Test
    void theFitAndTheRunsReachAreWrittenUnderTheirNames() {
        AnalysisSummary d = distinct();
        SignalFit.Result fit = new SignalFit.Result(1.25, 1.0, 1.5, 6.5, 0.75, 18.75, 0.05, 300, 50, "ok");
        double max = new ExpectedRate(ConfigLoader.shippedDetector("csi-cryogenic")).maxRecoilKeV();
        Reach.Result reach = Reach.compute(new Reach.Input(ConfigLoader.shippedDetector("csi-cryogenic"), 1e22, 0.3, 1, 0, 2871,
                List.of(new Reach.Threshold(1.0, 1)), new double[] {1.0, max}, null, false, 0.9, 1.0), false, 0);
        AnalysisSummary s = new AnalysisSummary(d.run(), d.stopped(), d.lastEventNs(), d.counts(), d.excess(), d.exposure(), d.quality(),
                d.histograms(), d.history(), d.expectation(), fit, reach);
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        AnalysisJson.status(s, 0, 0, o);
        JsonNode f = o.get("fit");
        assertEquals(FIT_FIELDS, names(f));
        assertEquals(1.25, f.get("mu").asDouble());
        assertEquals(1.0, f.get("muLow").asDouble());
        assertEquals(1.5, f.get("muHigh").asDouble());
        assertEquals(6.5, f.get("significance").asDouble());
        assertEquals(0.75, f.get("brn").asDouble(), "fit.brn is the BRN normalisation");
        assertEquals(18.75, f.get("brnEvents").asDouble());
        assertEquals("ok", f.get("status").asText());
        JsonNode r = o.get("reach");
        assertEquals("counting, statistical only", r.get("statistics").asText());
        assertEquals(reach.events(), r.get("events").asDouble());
        assertEquals("Cs133", r.at("/neutronRadius/0/nucleus").asText());
        assertEquals(reach.radii().get(1).sigmaFm(), r.at("/neutronRadius/1/sigmaFm").asDouble());
        assertEquals(reach.nsi().eeIntervalsAtMumuZero().size(), r.at("/nsi/eeIntervalsAtMumuZero").size());
        assertEquals(reach.nsi().eeIntervalsAtMumuZero().get(0)[0], r.at("/nsi/eeIntervalsAtMumuZero/0/0").asDouble());

        ObjectNode none = JsonNodeFactory.instance.objectNode();
        AnalysisJson.status(d, 0, 0, none);
        assertEquals(FIT_FIELDS, names(none.get("fit")), "no fit yet: the same fields");
        assertTrue(none.at("/fit/mu").isNull());
        assertEquals("not fitted yet", none.at("/fit/status").asText());
        assertTrue(none.at("/reach/statistics").isNull(), "no reach before any POT");
    }

    @Test
    void numbersThatAreNotFiniteAreNull() {
        AnalysisSummary d = distinct();
        AnalysisSummary waiting = new AnalysisSummary(d.run(), false, 0, d.counts(),
                AnalysisSummary.Excess.of(11, 12, Double.NaN, 6.5, AlarmLimits.DEFAULT),
                new AnalysisSummary.Exposure(0, 0, 0, 0, 0, 0, 0, Double.NaN), d.quality(), d.histograms(), d.history());
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        AnalysisJson.full(waiting, Double.POSITIVE_INFINITY, 0, o);
        assertEquals(STATUS_FIELDS, names(o).subList(0, STATUS_FIELDS.size()), "the same fields, null or not");
        for (String f : List.of("alpha", "excess", "excessError", "significance", "excessLow68", "excessHigh68", "lagMs",
                "excessPer1e20Pot", "excessPerKgDay")) {
            assertTrue(o.get(f).isNull(), f);
        }
        assertEquals(6.5, o.get("expected").asDouble());
        assertEquals(0.0, o.get("beamDays").asDouble());
        assertTrue(o.get("verdict").get("pull").isNull());
        assertEquals(0.0, o.at("/histograms/energyKeVnr/subtracted/3").asDouble(), "nothing subtracted without alpha");
    }

    @Test
    void theFullFormAddsTheHistogramsAndTheHistoryUnderTheirNames() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        AnalysisJson.full(distinct(), 12.5, 42, o);
        List<String> expected = new ArrayList<>(STATUS_FIELDS);
        expected.addAll(List.of("histograms", "history"));
        assertEquals(expected, names(o));
        JsonNode h = o.get("histograms");
        assertEquals(List.of("energyKeVnr", "timeSinceT0Us", "channelEnergyKeVnr", "channelOnCounts", "shapeVsEnergy"), names(h));
        assertEquals(List.of("binWidth", "on", "off", "subtracted", "beamOff"), names(h.get("energyKeVnr")));
        assertEquals(List.of("binWidth", "counts"), names(h.get("timeSinceT0Us")));
        assertEquals(List.of("binWidth", "note", "0", "1"), names(h.get("channelEnergyKeVnr")));
        assertEquals(List.of("shapeBins", "energyBins", "note", "counts"), names(h.get("shapeVsEnergy")));
        assertEquals(List.of("pulses", "pot", "onCounts", "offCounts", "alpha", "excess", "excessError", "expected"),
                names(o.get("history").get(0)));
    }

    @Test
    void eachHistogramAndHistoryFieldComesFromItsPlace() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        AnalysisJson.full(distinct(), 12.5, 42, o);
        JsonNode energy = o.at("/histograms/energyKeVnr");
        assertEquals(1.0, energy.get("binWidth").asDouble());
        assertEquals(EventHistograms.ENERGY_BINS, energy.get("on").size());
        assertEquals(3 * 7, energy.get("on").get(7).asLong());
        assertEquals(7, energy.get("off").get(7).asLong());
        assertEquals(3 * 7 - 0.5 * 7, energy.get("subtracted").get(7).asDouble(), 1e-12, "on − α off");
        JsonNode time = o.at("/histograms/timeSinceT0Us");
        assertEquals(EssPulse.PERIOD_US / EventHistograms.TIME_BINS, time.get("binWidth").asDouble());
        assertEquals(EventHistograms.TIME_BINS, time.get("counts").size());
        assertEquals(1000 + 199, time.get("counts").get(199).asLong());
        JsonNode perChannel = o.at("/histograms/channelEnergyKeVnr");
        assertEquals(EventHistograms.ENERGY_BINS, perChannel.get("1").size());
        assertEquals(2000 + EventHistograms.ENERGY_BINS + 4, perChannel.get("1").get(4).asLong(), "channel 1, bin 4");
        assertEquals("[41,42]", o.at("/histograms/channelOnCounts").toString());
        JsonNode shape = o.at("/histograms/shapeVsEnergy");
        assertEquals(EventHistograms.SHAPE_BINS, shape.get("shapeBins").asInt());
        assertEquals(EventHistograms.ENERGY_BINS, shape.get("energyBins").asInt());
        assertEquals(EventHistograms.SHAPE_BINS * EventHistograms.ENERGY_BINS, shape.get("counts").size());
        assertEquals(5000 + 999, shape.get("counts").get(999).asLong());
        JsonNode p = o.get("history").get(0);
        assertEquals(140, p.get("pulses").asLong());
        assertEquals(1.5e17, p.get("pot").asDouble());
        assertEquals(51, p.get("onCounts").asLong());
        assertEquals(52, p.get("offCounts").asLong());
        assertEquals(0.25, p.get("alpha").asDouble());
        assertEquals(38.0, p.get("excess").asDouble());
        assertEquals(7.5, p.get("excessError").asDouble());
        assertEquals(0.125, p.get("expected").asDouble());
    }
}
