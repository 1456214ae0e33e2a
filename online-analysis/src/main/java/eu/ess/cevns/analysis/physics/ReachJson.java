package eu.ess.cevns.analysis.physics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The JSON of a {@link Reach.Result}, for {@code reach --json}, the analysis status ("this run so far")
 * and the export: the inputs, {@code events}, {@code neutronRadius} (one entry per nucleus:
 * {@code nucleus}, {@code rmsFm}, {@code sigmaFm}, {@code sigmaPercent}) and {@code nsi} with
 * {@code eeIntervalsAtMumuZero} and {@code mumuIntervalsAtEeZero} (lists of [low, high]) and, when
 * computed, the grid: Δχ² thresholded into rows of '1' (allowed) and '0', one row per ε_μμ.
 */
public final class ReachJson {
    private ReachJson() {
    }

    public static void write(Reach.Result r, ObjectNode o) {
        Reach.Input in = r.input();
        o.put("detector", in.detector().name());
        o.put("massKg", in.detector().massKg());
        o.put("distanceM", in.detector().distanceM());
        ArrayNode thresholds = o.putArray("thresholds");
        for (Reach.Threshold t : in.thresholds()) {
            thresholds.addObject().put("keVnr", t.keVnr()).put("share", t.share());
        }
        o.put("pot", in.pot());
        o.put("neutrinosPerFlavorPerProton", in.neutrinosPerFlavorPerProton());
        o.put("boost", in.boost());
        o.put("statistics", in.statistics());
        o.put("bins", in.edgesKeVnr().length - 1);
        o.put("cl", in.cl());
        o.put("events", r.events());
        ObjectNode byNucleus = o.putObject("eventsByNucleus");
        for (int k = 0; k < r.eventsByNucleus().length; k++) {
            byNucleus.put(in.detector().target().get(k).symbol(), r.eventsByNucleus()[k]);
        }
        o.put("brnEvents", r.brnEvents());
        radii(r, o.putArray("neutronRadius"));
        ObjectNode nsi = o.putObject("nsi");
        nsi.put("deltaChi2", r.nsi().deltaChi2());
        nsi.put("epsilonRange", in.epsilonRange());
        intervals(r.nsi().eeIntervalsAtMumuZero(), nsi.putArray("eeIntervalsAtMumuZero"));
        intervals(r.nsi().mumuIntervalsAtEeZero(), nsi.putArray("mumuIntervalsAtEeZero"));
        Reach.Grid g = r.nsi().grid();
        if (g != null) {
            ObjectNode grid = nsi.putObject("grid");
            grid.put("note", "allowed[j] is the row at mumu[j]: character i is 1 where (ee[i], mumu[j]) is allowed at the CL");
            ArrayNode ee = grid.putArray("ee");
            for (double x : g.ee()) {
                ee.add(x);
            }
            ArrayNode mumu = grid.putArray("mumu");
            for (double x : g.mumu()) {
                mumu.add(x);
            }
            ArrayNode allowed = grid.putArray("allowed");
            for (double[] row : g.deltaChi2()) {
                StringBuilder b = new StringBuilder(row.length);
                for (double v : row) {
                    b.append(v < r.nsi().deltaChi2() ? '1' : '0');
                }
                allowed.add(b.toString());
            }
        }
    }

    /** The radii alone (the analysis status uses this). */
    public static void radii(Reach.Result r, ArrayNode a) {
        for (Reach.Radius x : r.radii()) {
            a.addObject().put("nucleus", x.nucleus()).put("rmsFm", x.rmsFm()).put("sigmaFm", x.sigmaFm()).put("sigmaPercent", x.sigmaPercent());
        }
    }

    public static void intervals(List<double[]> list, ArrayNode a) {
        for (double[] i : list) {
            a.addArray().add(i[0]).add(i[1]);
        }
    }
}
