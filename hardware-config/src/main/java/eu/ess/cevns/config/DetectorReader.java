package eu.ess.cevns.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link DetectorConfig} from a detector file's tree and checks everything a DAQ relies
 * on: positive mass and distance, a threshold not below zero, abundances that sum to one, ADC
 * ranges, unique (fiber, FEN) per digitizer, unique channel numbers per digitizer and unique
 * channel ids across the detector.
 */
final class DetectorReader {
    private static final double FRACTION_TOLERANCE = 1e-3;

    private DetectorReader() {
    }

    static DetectorConfig read(YamlNode root, String source) {
        String name = root.string("name");
        String description = root.string("description", "");
        double massKg = root.positive("massKg", "kg");
        double distanceM = root.positive("distanceM", "m");
        double thresholdKeVnr = root.atLeast("thresholdKeVnr", 0, "keVnr");
        List<Nucleus> target = target(root);
        Quenching quenching = quenching(root.object("quenching"));
        PulseShape shape = pulseShape(root.object("pulseShape"));
        List<DigitizerConfig> digitizers = digitizers(root);
        Processing processing = processing(root.optionalObject("processing"));
        Resolution resolution = Resolution.NONE;
        if (root.has("resolution")) {
            YamlNode r = root.object("resolution");
            resolution = new Resolution(r.atLeast("noiseKeVee", 0, "keVee"), r.atLeast("statKeVee", 0, "keVee"));
            r.done();
        } else {
            root.optionalObject("resolution");
        }
        BeamNeutrons neutrons = root.has("beamNeutrons") ? beamNeutrons(root.object("beamNeutrons")) : absent(root, "beamNeutrons",
                BeamNeutrons.NONE);
        Systematics systematics = root.has("systematics") ? systematics(root.object("systematics")) : absent(root, "systematics",
                Systematics.NONE);
        root.done();
        return new DetectorConfig(name, description, source, List.copyOf(target), massKg, distanceM, thresholdKeVnr,
                quenching, shape, List.copyOf(digitizers), processing, resolution, neutrons, systematics);
    }

    private static <T> T absent(YamlNode root, String key, T value) {
        root.optionalObject(key);
        return value;
    }

    /** The beam-related neutron section: one rate (per proton or per MW·h), a spectrum, a delay and a normalisation uncertainty. */
    private static BeamNeutrons beamNeutrons(YamlNode b) {
        double perProton = b.atLeast("eventsPerProton", 0, "events per proton", 0);
        double perMWh = b.atLeast("eventsPerMWh", 0, "events per MW·h", 0);
        if ((perProton > 0) == (perMWh > 0)) {
            throw b.error("give the rate above thresholdKeVnr as eventsPerProton or as eventsPerMWh (one of them, > 0)");
        }
        YamlNode sp = b.object("spectrum");
        String model = sp.string("model").toUpperCase(Locale.ROOT);
        BeamNeutrons.Spectrum spectrum;
        if (model.equals("EXPONENTIAL")) {
            spectrum = new BeamNeutrons.Spectrum(BeamNeutrons.Spectrum.Model.EXPONENTIAL, sp.positive("slopeKeVnr", "keVnr"), List.of());
        } else if (model.equals("TABLE")) {
            List<BeamNeutrons.Point> points = new ArrayList<>();
            double last = -1;
            for (YamlNode row : sp.list("table")) {
                row.asObject();
                double e = row.atLeast("keVnr", 0, "keVnr");
                double w = row.atLeast("weight", 0, "(relative density per keVnr)");
                row.done();
                if (e <= last) {
                    throw row.error("keVnr must increase along the table");
                }
                last = e;
                points.add(new BeamNeutrons.Point(e, w));
            }
            if (points.size() < 2 || points.stream().allMatch(p -> p.weight() == 0)) {
                throw sp.error("table: give at least two points, not all of weight 0");
            }
            spectrum = new BeamNeutrons.Spectrum(BeamNeutrons.Spectrum.Model.TABLE, 0, List.copyOf(points));
        } else {
            throw new ConfigException(sp.file(), sp.path() + ".model", "unknown spectrum model '" + sp.raw("model").asText()
                    + "'; use exponential (with slopeKeVnr) or table (with table of {keVnr, weight})");
        }
        sp.done();
        double delayUs = b.atLeast("delayUs", 0, "µs", 0);
        double norm = b.atLeast("normUncertainty", 0, "(relative)");
        b.done();
        return new BeamNeutrons(perProton, perMWh, spectrum, delayUs, norm);
    }

    private static Systematics systematics(YamlNode s) {
        Systematics out = new Systematics(s.atLeast("fluxFraction", 0, "(relative)", 0), s.atLeast("quenchingFraction", 0, "(relative)", 0),
                s.atLeast("formFactorFraction", 0, "(relative)", 0), s.atLeast("thresholdKeVnr", 0, "keVnr", 0));
        s.done();
        return out;
    }

    private static Processing processing(YamlNode p) {
        Processing d = Processing.DEFAULT;
        String method = p.string("triggerMethod", d.triggerMethod());
        if (!method.equals("constantFraction") && !method.equals("leadingEdge")) {
            p.report("triggerMethod", "must be constantFraction or leadingEdge, got '" + method + "'");
        }
        double fraction = p.number("cfdFraction", d.cfdFraction());
        if (!(fraction > 0 && fraction < 1)) {
            p.report("cfdFraction", "must be between 0 and 1, got " + fraction);
        }
        Processing out = new Processing(method, fraction, p.atLeast("leadingEdgeAdc", 0, "ADC counts", d.leadingEdgeAdc()),
                p.atLeast("tailStartNs", 0, "ns", d.tailStartNs()));
        p.done();
        return out;
    }

    private static List<Nucleus> target(YamlNode root) {
        List<Nucleus> out = new ArrayList<>();
        double sum = 0;
        int before = root.problems().count();
        List<YamlNode> items = root.list("target");
        for (YamlNode n : items) {
            n.asObject();
            String symbol = n.string("symbol");
            int z = (int) n.integer("z", 1, 118);
            int a = (int) n.integer("a", z, 300);
            double massU = n.positive("massU", "u");
            double fraction = n.positive("fraction", "(atom fraction)");
            if (fraction > 1) {
                n.report("fraction", "must be <= 1, got " + fraction);
            }
            n.done();
            sum += fraction;
            out.add(new Nucleus(symbol, z, a, massU, fraction));
        }
        if (root.problems().count() == before && Math.abs(sum - 1) > FRACTION_TOLERANCE) {
            root.report("target", "atom fractions must sum to 1, they sum to " + sum);
        }
        return out;
    }

    private static Quenching quenching(YamlNode q) {
        String model = q.string("model");
        Quenching.Model m = null;
        for (Quenching.Model known : Quenching.Model.values()) {
            if (known.name().equals(model.toUpperCase(Locale.ROOT))) {
                m = known;
            }
        }
        if (m == null) {
            if (!model.isEmpty()) {
                q.report("model", "unknown quenching model '" + model + "'; use lindhard (with k), constant (with factor) or table (with table)");
            }
            q.abandon();
            return null;
        }
        Quenching result;
        switch (m) {
            case LINDHARD -> result = new Quenching(m, q.positive("k", ""), 0, List.of());
            case CONSTANT -> {
                double f = q.positive("factor", "");
                if (f > 1) {
                    q.report("factor", "a quenching factor must be <= 1, got " + f);
                }
                result = new Quenching(m, 0, f, List.of());
            }
            default -> result = new Quenching(m, 0, 0, table(q));
        }
        q.done();
        return result;
    }

    private static List<double[]> table(YamlNode q) {
        List<double[]> rows = new ArrayList<>();
        double last = -1;
        for (YamlNode row : q.list("table")) {
            row.asObject();
            double e = row.positive("keVnr", "keVnr");
            double f = row.positive("factor", "");
            row.done();
            if (e <= last) {
                row.report("keVnr", "must increase along the table, got " + e + " after " + last);
            }
            last = e;
            rows.add(new double[] {e, f});
        }
        return List.copyOf(rows);
    }

    private static PulseShape pulseShape(YamlNode p) {
        PulseShape s = new PulseShape(p.positive("riseNs", "ns"), p.positive("decayNs", "ns"),
                p.atLeast("baselineAdc", 0, "ADC counts"), p.atLeast("noiseRmsAdc", 0, "ADC counts"));
        p.done();
        return s;
    }

    private static List<DigitizerConfig> digitizers(YamlNode root) {
        List<DigitizerConfig> out = new ArrayList<>();
        Map<Integer, String> fiberFen = new HashMap<>();
        Map<Integer, String> ids = new HashMap<>();
        for (YamlNode d : root.list("digitizers")) {
            d.asObject();
            String name = d.string("name");
            int before = d.problems().count();
            int fiber = (int) d.integer("fiber", 0, 255);
            int fen = (int) d.integer("fen", 0, 255);
            // the cross checks only compare values that were read as they are
            String other = d.problems().count() > before || d.abandoned() ? null : fiberFen.putIfAbsent(fiber << 8 | fen, d.path());
            if (other != null) {
                d.report("fiber " + fiber + " / fen " + fen + " is already used by " + other);
            }
            double rate = d.positive("samplingRateMHz", "MHz");
            int adcBits = (int) d.integer("adcBits", 1, 16);
            before = d.problems().count();
            int recordLength = (int) d.integer("recordLength", 1, 32_000);
            int preTrigger = (int) d.integer("preTrigger", 0, 32_000);
            if (d.problems().count() == before && !d.abandoned() && preTrigger >= recordLength) {
                d.report("preTrigger (" + preTrigger + " samples) must be less than recordLength (" + recordLength + ")");
            }
            List<ChannelConfig> channels = new ArrayList<>();
            Set<Integer> numbers = new HashSet<>();
            for (YamlNode c : d.list("channels")) {
                c.asObject();
                int beforeId = c.problems().count();
                int id = (int) c.integer("id", 0, 65_535);
                boolean idRead = c.problems().count() == beforeId && !c.abandoned();
                int beforeChannel = c.problems().count();
                int channel = (int) c.integer("channel", 0, 65_535);
                if (c.problems().count() == beforeChannel && !c.abandoned() && !numbers.add(channel)) {
                    c.report("duplicate channel " + channel + " in digitizer " + name);
                }
                String idOwner = idRead ? ids.putIfAbsent(id, c.path()) : null;
                if (idOwner != null) {
                    c.report("duplicate channel id " + id + " (also " + idOwner + ")");
                }
                boolean enabled = c.bool("enabled", true);
                double threshold = c.atLeast("thresholdKeVnr", 0, "keVnr");
                YamlNode cal = c.object("calibration");
                Calibration calibration = new Calibration(cal.positive("gainKeVeePerAdc", "keVee per ADC count"),
                        cal.number("offsetKeVee", 0));
                cal.done();
                c.done();
                channels.add(new ChannelConfig(id, channel, enabled, threshold, calibration));
            }
            d.done();
            out.add(new DigitizerConfig(name, fiber, fen, rate, adcBits, recordLength, preTrigger, List.copyOf(channels)));
        }
        return out;
    }
}
