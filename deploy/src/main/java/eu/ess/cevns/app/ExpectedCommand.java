package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.analysis.physics.Exposure;
import eu.ess.cevns.analysis.physics.ExpectedRate;
import eu.ess.cevns.analysis.physics.ExpectedSpectrum;
import eu.ess.cevns.config.DetectorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code cevns-daq expected}: the Standard-Model CEvNS expectation for a detector at ESS — events
 * above threshold for an exposure, per kg per year, and the recoil spectrum.
 */
@Command(name = "expected", mixinStandardHelpOptions = true,
        description = {"Expected Standard-Model CEvNS events for a detector at ESS (pion decay at rest: prompt νμ, delayed νe",
                "and ν̄μ; weak charge with sin²θW = 0.23857; Helm form factor). Takes a detector file or shipped name, or a",
                "target with --mass/--distance/--threshold; the exposure is --pot, or --years of beam at --power."})
final class ExpectedCommand implements Callable<Integer> {
    @Mixin
    DetectorOptions options;

    @Option(names = "--r", paramLabel = "NU_PER_PROTON", defaultValue = "0.3",
            description = "Neutrinos per flavour per proton (default: ${DEFAULT-VALUE}, ESS at 2 GeV, Baxter et al. 2020).")
    double r;

    @Option(names = "--bins", defaultValue = "20", description = "Spectrum bins between threshold and the largest recoil (default: ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DetectorConfig d = options.detectorConfig();
        double potPerYear = options.potPerYear();
        double n = options.pot();
        if (n <= 0 || r <= 0 || d.massKg() <= 0 || d.distanceM() <= 0 || d.thresholdKeVnr() < 0 || bins < 1) {
            throw new CommandException("mass, distance, POT, --r and --bins must be > 0 and the threshold >= 0");
        }
        Exposure exposure = new Exposure(n, r, d.distanceM());
        ExpectedRate rate = new ExpectedRate(d);
        double events = rate.events(d.thresholdKeVnr(), exposure);
        double perKgPerYear = rate.events(d.thresholdKeVnr(), new Exposure(potPerYear, r, d.distanceM())) / d.massKg();
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("detector", d.name());
        o.put("massKg", d.massKg());
        o.put("distanceM", d.distanceM());
        o.put("thresholdKeVnr", d.thresholdKeVnr());
        o.put("thresholdKeVee", rate.keVee(d.thresholdKeVnr()));
        o.put("pot", n);
        o.put("neutrinosPerFlavorPerProton", r);
        o.put("events", events);
        o.put("perKgPerYear", perKgPerYear);
        o.put("potPerYear", potPerYear);
        ArrayNode spectrum = o.putArray("spectrum");
        for (ExpectedSpectrum.Bin b : ExpectedSpectrum.of(rate, d.thresholdKeVnr(), exposure, bins, d.resolution())) {
            ObjectNode bin = spectrum.addObject();
            bin.put("keVnrLow", b.keVnrLow());
            bin.put("keVnrHigh", b.keVnrHigh());
            bin.put("keVeeLow", b.keVeeLow());
            bin.put("keVeeHigh", b.keVeeHigh());
            bin.put("events", b.events());
            bin.put("eventsSmeared", b.eventsSmeared());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(o));
        } else {
            out.printf(Locale.ROOT, "%s: %.1f kg at %.1f m, threshold %.2f keVnr (%.3f keVee)%n", d.name(), d.massKg(), d.distanceM(),
                    d.thresholdKeVnr(), rate.keVee(d.thresholdKeVnr()));
            out.printf(Locale.ROOT, "exposure: %.3g protons on target, %.2f ν per flavour per proton%n", n, r);
            out.printf(Locale.ROOT, "expected CEvNS events above threshold: %.1f  (%.1f per kg per year at %.1f MW, %.3g POT/year)%n",
                    events, perKgPerYear, options.powerMw, potPerYear);
            out.println("spectrum:   keVnr           keVee          events   measured (with resolution)");
            for (var bin : spectrum) {
                out.printf(Locale.ROOT, "  %7.2f-%-7.2f  %6.3f-%-6.3f  %10.2f  %10.2f%n", bin.get("keVnrLow").asDouble(),
                        bin.get("keVnrHigh").asDouble(), bin.get("keVeeLow").asDouble(), bin.get("keVeeHigh").asDouble(),
                        bin.get("events").asDouble(), bin.get("eventsSmeared").asDouble());
            }
        }
        out.flush();
        return 0;
    }
}
