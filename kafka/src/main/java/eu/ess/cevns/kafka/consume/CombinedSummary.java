package eu.ess.cevns.kafka.consume;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.analysis.monitor.AnalysisJson;
import eu.ess.cevns.analysis.monitor.AnalysisSummary;

import java.util.List;

/**
 * Where the combined analysis stands: per detector its host's own analysis as rebuilt from the
 * stream ({@code own}: the same numbers that host shows) and its share of the joint pulses; the
 * summed on/off measurement over the pulses every source reported; the facility beam; and what
 * was not understood.
 *
 * @param completePulses pulses every source reported (the joint exposure)
 * @param waitingPulses  pulses some source has not reported yet
 * @param droppedPulses  pulses some source never reported (outside its run), left out of the summed view
 */
public record CombinedSummary(List<Detector> detectors, Summed summed, long completePulses, long waitingPulses, long droppedPulses,
                              Beam beam, long malformedMessages, long ignoredMessages, String lastProblem) {

    /**
     * One detector: its run, its own analysis (null before its run start), its joint share, and
     * what its stream held (events and pulses taken, duplicates dropped).
     */
    public record Detector(String source, int run, boolean stopped, AnalysisSummary own, Joint joint, long events, long pulses,
                           long duplicates) {
    }

    /** A detector's counts and exposure over the pulses every source reported; expected at its settings now. */
    public record Joint(long on, long off, long beamOff, long unknown, double alpha, double pot, long pulsesOn, long pulsesOff,
                        long pulsesUnknown, double expected) {
    }

    /**
     * The detectors' joint counts stacked: N_on summed, the background Σ α_i N_off,i; with one α
     * for all (the same windows) that is one on/off measurement (Li & Ma significance, likelihood
     * interval), else the excess with its Gaussian error ({@code oneAlpha} false).
     */
    public record Summed(long on, long off, double background, double excess, double error, double significance, double low68,
                         double high68, double expected, boolean oneAlpha) {
    }

    /** The facility beam from the designated host. */
    public record Beam(String source, long pulses, double pot, double lastChargeUc, long lastTimeNs) {
    }

    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        var arr = o.putArray("detectors");
        for (Detector d : detectors) {
            ObjectNode n = arr.addObject();
            n.put("source", d.source());
            if (d.run() > 0) {
                n.put("run", d.run());
            } else {
                n.putNull("run");
            }
            n.put("stopped", d.stopped());
            n.put("events", d.events());
            n.put("pulses", d.pulses());
            n.put("duplicates", d.duplicates());
            AnalysisJson.status(d.own(), Double.NaN, -1, n.putObject("analysis"));
            ObjectNode j = n.putObject("joint");
            Joint t = d.joint();
            j.put("onCounts", t.on());
            j.put("offCounts", t.off());
            j.put("beamOffCounts", t.beamOff());
            j.put("unknownCounts", t.unknown());
            number(j, "alpha", t.alpha());
            number(j, "pot", t.pot());
            j.put("pulsesOn", t.pulsesOn());
            j.put("pulsesOff", t.pulsesOff());
            j.put("pulsesUnknown", t.pulsesUnknown());
            number(j, "expected", t.expected());
        }
        ObjectNode s = o.putObject("summed");
        s.put("completePulses", completePulses);
        s.put("waitingPulses", waitingPulses);
        s.put("droppedPulses", droppedPulses);
        s.put("onCounts", summed.on());
        s.put("offCounts", summed.off());
        number(s, "background", summed.background());
        number(s, "excess", summed.excess());
        number(s, "excessError", summed.error());
        number(s, "significance", summed.significance());
        number(s, "excessLow68", summed.low68());
        number(s, "excessHigh68", summed.high68());
        number(s, "expected", summed.expected());
        s.put("oneAlpha", summed.oneAlpha());
        ObjectNode b = o.putObject("beam");
        b.put("source", beam.source());
        b.put("pulses", beam.pulses());
        number(b, "pot", beam.pot());
        number(b, "lastChargeUc", beam.lastChargeUc());
        ObjectNode q = o.putObject("messages");
        q.put("malformed", malformedMessages);
        q.put("ignored", ignoredMessages);
        q.put("lastProblem", lastProblem);
        return o;
    }

    private static void number(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.putNull(field);
        }
    }
}
