package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.analysis.stats.ExcessVerdict;
import eu.ess.cevns.analysis.physics.Reach;
import eu.ess.cevns.analysis.physics.ReachJson;
import eu.ess.cevns.analysis.stats.SignalFit;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON form of an {@link AnalysisSummary}: one writer for status, {@code /api/analysis} and {@code analyze --json}. */
public final class AnalysisJson {
    private AnalysisJson() {
    }

    /**
     * The status fields (DESIGN §7): all present, null before there is anything to say.
     * {@code lagMs} is how far the analysis trails the store (data time of the newest stored
     * waveform less that of the newest analysed, 0 when caught up), {@code backlog} the records
     * stored and not yet analysed (-1: unknown, written as null).
     */
    public static void status(AnalysisSummary s, double lagMs, long backlog, ObjectNode o) {
        if (s == null) {
            for (String f : new String[] {"onCounts", "offCounts", "alpha", "excess", "excessError", "significance", "expected"}) {
                o.putNull(f);
            }
            o.putNull("lagMs");
            o.putNull("backlog");
            verdict(ExcessVerdict.WAITING, o);
            return;
        }
        AnalysisSummary.Counts counts = s.counts();
        AnalysisSummary.Excess excess = s.excess();
        AnalysisSummary.Exposure exposure = s.exposure();
        AnalysisSummary.Quality quality = s.quality();
        o.put("run", s.run());
        o.put("onCounts", counts.on());
        o.put("offCounts", counts.off());
        number(o, "alpha", excess.alpha());
        number(o, "excess", excess.value());
        number(o, "excessError", excess.error());
        number(o, "significance", excess.significance());
        number(o, "excessLow68", excess.low68());
        number(o, "excessHigh68", excess.high68());
        number(o, "expected", excess.expected());
        number(o, "lagMs", lagMs);
        if (backlog < 0) {
            o.putNull("backlog");
        } else {
            o.put("backlog", backlog);
        }
        verdict(excess.verdict(), o);
        o.put("beamOffCounts", counts.beamOff());
        o.put("unknownCounts", counts.unknown());
        number(o, "pot", exposure.pot());
        number(o, "onLiveS", exposure.onLiveS());
        number(o, "offLiveS", exposure.offLiveS());
        number(o, "beamOffLiveS", exposure.beamOffLiveS());
        o.put("pulsesOn", exposure.pulsesOn());
        o.put("pulsesOff", exposure.pulsesOff());
        o.put("pulsesUnknown", exposure.pulsesUnknown());
        o.put("waveforms", quality.waveforms());
        o.put("belowThreshold", quality.belowThreshold());
        o.put("pileUp", quality.pileUp());
        o.put("saturated", quality.saturated());
        o.put("stopped", s.stopped());
        number(o, "excessPer1e20Pot", s.excessPer1e20Pot());
        number(o, "excessErrorPer1e20Pot", s.excessErrorPer1e20Pot());
        number(o, "excessPerKgDay", s.excessPerKgDay());
        number(o, "excessErrorPerKgDay", s.excessErrorPerKgDay());
        number(o, "beamDays", exposure.beamDays());
        // what the expectation is made of: the verdict compares the excess with expected = CEvNS + BRN, ± syst
        AnalysisSummary.Expectation expectation = s.expectation();
        number(o, "expectedCevns", expectation.cevns());
        number(o, "expectedBrn", expectation.brn());
        number(o, "expectedSyst", expectation.syst());
        ObjectNode inputs = o.putObject("expectationInputs");
        number(inputs, "neutrinosPerFlavorPerProton", expectation.neutrinosPerFlavorPerProton());
        number(inputs, "boost", expectation.boost());
        fit(s.fit(), o.putObject("fit"));
        reach(s.reach(), o.putObject("reach"));
    }

    /** This run so far: the neutron radius of each nucleus and the NSI intervals at ε_μμ = 0 (null before any POT). */
    private static void reach(Reach.Result r, ObjectNode n) {
        if (r == null) {
            n.putNull("statistics");
            n.putArray("neutronRadius");
            n.putObject("nsi").putArray("eeIntervalsAtMumuZero");
            return;
        }
        n.put("statistics", r.input().statistics());
        n.put("cl", r.input().cl());
        n.put("events", r.events());
        ReachJson.radii(r, n.putArray("neutronRadius"));
        ObjectNode nsi = n.putObject("nsi");
        ReachJson.intervals(r.nsi().eeIntervalsAtMumuZero(), nsi.putArray("eeIntervalsAtMumuZero"));
        ReachJson.intervals(r.nsi().mumuIntervalsAtEeZero(), nsi.putArray("mumuIntervalsAtEeZero"));
    }

    /** The likelihood fit: μ = N_CEvNS / N_SM with its 68 % interval, its significance, the BRN normalisation. */
    private static void fit(SignalFit.Result f, ObjectNode n) {
        number(n, "mu", f.mu());
        number(n, "muLow", f.muLow());
        number(n, "muHigh", f.muHigh());
        number(n, "significance", f.significance());
        number(n, "brn", f.brnNorm());
        number(n, "brnEvents", f.brnEvents());
        number(n, "cevnsNorm", f.cevnsNorm());
        number(n, "cevnsEvents", f.cevnsEvents());
        n.put("bins", f.bins());
        n.put("status", f.status());
    }

    /** Status fields plus the histograms. */
    public static void full(AnalysisSummary s, double lagMs, long backlog, ObjectNode o) {
        status(s, lagMs, backlog, o);
        if (s == null) {
            return;
        }
        AnalysisSummary.Histograms histograms = s.histograms();
        double alpha = s.excess().alpha();
        ObjectNode h = o.putObject("histograms");
        ObjectNode energy = h.putObject("energyKeVnr");
        energy.put("binWidth", EventHistograms.energyBinWidthKeVnr());
        ArrayNode on = energy.putArray("on");
        ArrayNode off = energy.putArray("off");
        ArrayNode sub = energy.putArray("subtracted");
        ArrayNode beamOff = energy.putArray("beamOff");
        long[] energyOn = histograms.energyOn();
        long[] energyOff = histograms.energyOff();
        for (int i = 0; i < energyOn.length; i++) {
            on.add(energyOn[i]);
            off.add(energyOff[i]);
            sub.add(Double.isNaN(alpha) ? 0 : energyOn[i] - alpha * energyOff[i]);
            beamOff.add(histograms.energyBeamOff()[i]);
        }
        ObjectNode time = h.putObject("timeSinceT0Us");
        time.put("binWidth", EventHistograms.timeBinWidthUs());
        ArrayNode t = time.putArray("counts");
        for (long c : histograms.timeSinceT0()) {
            t.add(c);
        }
        ObjectNode perChannel = h.putObject("channelEnergyKeVnr");
        perChannel.put("binWidth", EventHistograms.energyBinWidthKeVnr());
        perChannel.put("note", "accepted events of every window and beam state, by channel id");
        long[] channelEnergy = histograms.channelEnergy();
        for (int id = 0; id * EventHistograms.ENERGY_BINS < channelEnergy.length; id++) {
            ArrayNode c = perChannel.putArray(Integer.toString(id));
            for (int b = 0; b < EventHistograms.ENERGY_BINS; b++) {
                c.add(channelEnergy[id * EventHistograms.ENERGY_BINS + b]);
            }
        }
        ArrayNode ch = h.putArray("channelOnCounts");
        for (long c : histograms.channelOn()) {
            ch.add(c);
        }
        ObjectNode shape = h.putObject("shapeVsEnergy");
        shape.put("shapeBins", EventHistograms.SHAPE_BINS);
        shape.put("energyBins", EventHistograms.ENERGY_BINS);
        shape.put("note", "counts[shapeBin * energyBins + energyBin]; shape = tail fraction in [0, 1]; energy keVnr");
        ArrayNode sc = shape.putArray("counts");
        for (long c : histograms.shapeVsEnergy()) {
            sc.add(c);
        }
        ArrayNode hist = o.putArray("history");
        for (AnalysisSummary.HistoryPoint p : s.history()) {
            ObjectNode n = hist.addObject();
            n.put("pulses", p.pulses());
            number(n, "pot", p.pot());
            n.put("onCounts", p.onCounts());
            n.put("offCounts", p.offCounts());
            number(n, "alpha", p.alpha());
            number(n, "excess", p.excess());
            number(n, "excessError", p.excessError());
            number(n, "expected", p.expected());
        }
    }

    /** The verdict on the excess, as the page shows it and the {@code excessLow} alarm judges it. */
    private static void verdict(ExcessVerdict v, ObjectNode o) {
        ObjectNode n = o.putObject("verdict");
        n.put("level", v.level().key());
        n.put("text", v.text());
        number(n, "pull", v.pull());
        number(n, "ratio", v.ratio());
        number(n, "ratioError", v.ratioError());
    }

    private static void number(ObjectNode o, String name, double v) {
        if (Double.isFinite(v)) {
            o.put(name, v);
        } else {
            o.putNull(name);
        }
    }
}
