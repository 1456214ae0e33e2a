package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.analysis.stats.ExcessVerdict;
import eu.ess.cevns.config.EssPulse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON form of an {@link AnalysisSummary}: one writer for status, {@code /api/analysis} and {@code analyze --json}. */
public final class AnalysisJson {
    private AnalysisJson() {
    }

    /** The status fields (DESIGN §7): all present, null before there is anything to say. */
    public static void status(AnalysisSummary s, double lagMs, ObjectNode o) {
        if (s == null) {
            for (String f : new String[] {"onCounts", "offCounts", "alpha", "excess", "excessError", "significance", "expected"}) {
                o.putNull(f);
            }
            o.putNull("lagMs");
            verdict(ExcessVerdict.WAITING, o);
            return;
        }
        o.put("run", s.run());
        o.put("onCounts", s.onCounts());
        o.put("offCounts", s.offCounts());
        number(o, "alpha", s.alpha());
        number(o, "excess", s.excess());
        number(o, "excessError", s.excessError());
        number(o, "significance", s.significance());
        number(o, "excessLow68", s.intervalLow());
        number(o, "excessHigh68", s.intervalHigh());
        number(o, "expected", s.expected());
        number(o, "lagMs", lagMs);
        verdict(s.verdict(), o);
        o.put("beamOffCounts", s.beamOffCounts());
        o.put("unknownCounts", s.unknownCounts());
        number(o, "pot", s.pot());
        number(o, "onLiveS", s.onLiveS());
        number(o, "offLiveS", s.offLiveS());
        number(o, "beamOffLiveS", s.beamOffLiveS());
        o.put("pulsesOn", s.pulsesOn());
        o.put("pulsesOff", s.pulsesOff());
        o.put("pulsesUnknown", s.pulsesUnknown());
        o.put("waveforms", s.waveforms());
        o.put("belowThreshold", s.belowThreshold());
        o.put("pileUp", s.pileUp());
        o.put("saturated", s.saturated());
        o.put("stopped", s.stopped());
        number(o, "excessPer1e20Pot", s.excessPer1e20Pot());
        number(o, "excessErrorPer1e20Pot", s.excessErrorPer1e20Pot());
        number(o, "excessPerKgDay", s.excessPerKgDay());
        number(o, "excessErrorPerKgDay", s.excessErrorPerKgDay());
        number(o, "beamDays", s.beamDays());
    }

    /** Status fields plus the histograms. */
    public static void full(AnalysisSummary s, double lagMs, ObjectNode o) {
        status(s, lagMs, o);
        if (s == null) {
            return;
        }
        ObjectNode h = o.putObject("histograms");
        ObjectNode energy = h.putObject("energyKeVnr");
        energy.put("binWidth", RunAnalysis.ENERGY_MAX_KEVNR / RunAnalysis.ENERGY_BINS);
        ArrayNode on = energy.putArray("on");
        ArrayNode off = energy.putArray("off");
        ArrayNode sub = energy.putArray("subtracted");
        for (int i = 0; i < s.energyOn().length; i++) {
            on.add(s.energyOn()[i]);
            off.add(s.energyOff()[i]);
            sub.add(Double.isNaN(s.alpha()) ? 0 : s.energyOn()[i] - s.alpha() * s.energyOff()[i]);
        }
        ObjectNode time = h.putObject("timeSinceT0Us");
        time.put("binWidth", EssPulse.PERIOD_US / RunAnalysis.TIME_BINS);
        ArrayNode t = time.putArray("counts");
        for (long c : s.timeSinceT0()) {
            t.add(c);
        }
        ObjectNode perChannel = h.putObject("channelEnergyKeVnr");
        perChannel.put("binWidth", RunAnalysis.ENERGY_MAX_KEVNR / RunAnalysis.ENERGY_BINS);
        perChannel.put("note", "accepted events of every window and beam state, by channel id");
        for (int id = 0; id * RunAnalysis.ENERGY_BINS < s.channelEnergy().length; id++) {
            ArrayNode c = perChannel.putArray(Integer.toString(id));
            for (int b = 0; b < RunAnalysis.ENERGY_BINS; b++) {
                c.add(s.channelEnergy()[id * RunAnalysis.ENERGY_BINS + b]);
            }
        }
        ArrayNode ch = h.putArray("channelOnCounts");
        for (long c : s.channelOn()) {
            ch.add(c);
        }
        ObjectNode shape = h.putObject("shapeVsEnergy");
        shape.put("shapeBins", RunAnalysis.SHAPE_BINS);
        shape.put("energyBins", RunAnalysis.ENERGY_BINS);
        shape.put("note", "counts[shapeBin * energyBins + energyBin]; shape = tail fraction in [0, 1]; energy keVnr");
        ArrayNode sc = shape.putArray("counts");
        for (long c : s.shapeVsEnergy()) {
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
