package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.analysis.monitor.AnalysisSummary;
import eu.ess.cevns.config.ConfigException;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.ExpectationInputs;
import eu.ess.cevns.config.KafkaSettings;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.kafka.consume.CombinedAnalysis;
import eu.ess.cevns.kafka.consume.CombinedRuns;
import eu.ess.cevns.kafka.consume.CombinedSummary;
import eu.ess.cevns.kafka.consume.CombinedView;
import eu.ess.cevns.kafka.publish.KafkaClients;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code analyze --kafka BROKERS}: the combined analysis over Kafka, of a past run (seeking each
 * host's run start by timestamp) or live (with its page), printed as text or JSON.
 */
final class CombinedOptions {
    @Option(names = "--kafka", paramLabel = "BROKERS", description = "Combined analysis from the Kafka brokers at host:port[,host:port...].")
    String kafka;

    @Option(names = "--source", paramLabel = "NAME",
            description = "A host's source (its detector's name unless its site file says otherwise); repeat for each. Default: every "
                    + "source whose run start is found.")
    List<String> sources;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", description = "Topic prefix (default: the site file's kafka.topicPrefix, else cevns).")
    String prefix;

    @Option(names = "--beam-source", paramLabel = "PV",
            description = "f144 source of the facility's proton charge on the beam topic (default: the site file's beam PV, else CEvNS:Beam:ProtonCharge).")
    String beamSource;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "30",
            description = "With --run: how long to wait for more messages once the topics are read to their end (default: ${DEFAULT-VALUE} s).")
    double waitS;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8090",
            description = "Live (--kafka or --follow): port of the combined view (/api/combined) or of the followed analysis (/api/analysis); "
                    + "0 picks a free one (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Live (--kafka or --follow): address the HTTP views listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Live (--kafka or --follow): stop after this many seconds (default: until Ctrl-C or SIGTERM).")
    Double durationS;

    @Option(names = "--status-every", paramLabel = "SECONDS", defaultValue = "5", description = "Live (--kafka or --follow): seconds between status lines (default: ${DEFAULT-VALUE}).")
    double statusEveryS;

    /** The Kafka settings: the site file's section (security, prefix) with the brokers given. */
    private KafkaSettings settings(Path site) {
        KafkaSettings k = KafkaSettings.OFF;
        String charge = "CEvNS:Beam:ProtonCharge";
        if (site != null) {
            try {
                SiteConfig s = ConfigLoader.loadSite(site);
                k = s.kafka();
                charge = s.beamPvs().protonCharge();
            } catch (ConfigException e) {
                throw new CommandException(e.getMessage(), e);
            }
        }
        if (beamSource == null) {
            beamSource = charge;
        }
        k = k.withBrokers(kafka);
        if (prefix != null) {
            k = new KafkaSettings(k.brokers(), prefix, k.source(), k.serviceId(), k.streams(), k.samples(), k.jobPoolTopic(), k.controlTopic(),
                    k.filename(), k.partitions(), k.replicationFactor(), k.lagAlarmS(), k.pulseCloseAfter(), k.client());
        }
        try {
            KafkaClients.check(k);
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage(), e);
        }
        return k;
    }

    /** @param r the neutrinos per flavour per proton to use instead of what each run recorded (null: each run's own) */
    int run(Integer run, Path site, Double r, boolean json, PrintWriter out) throws Exception {
        KafkaSettings k = settings(site);
        try {
            ExpectationInputs override = r == null ? null : new ExpectationInputs(r, 1);
            return run == null ? live(k, override, json, out) : past(k, run, override, json, out);
        } catch (IllegalArgumentException | KafkaException e) {
            throw new CommandException(e.getMessage(), e);
        }
    }

    private int past(KafkaSettings k, int run, ExpectationInputs r, boolean json, PrintWriter out) throws Exception {
        CombinedRuns.Result res = CombinedRuns.run(k, sources, run, r, beamSource, Duration.ofMillis((long) (waitS * 1000)), m -> {
            if (!json) {
                out.println("analyze: " + m);
                out.flush();
            }
        });
        if (json) {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(res.summary().toJson()));
        } else {
            print(res.summary(), out);
            if (!res.complete()) {
                out.println("analyze: run " + run + " has not stopped yet (or its stop was not found) for " + String.join(", ", res.notStopped())
                        + ": the numbers are as far as the topics go");
            }
        }
        out.flush();
        return 0;
    }

    private int live(KafkaSettings k, ExpectationInputs r, boolean json, PrintWriter out) throws Exception {
        if (durationS != null && durationS <= 0) {
            throw new CommandException("--duration must be > 0 seconds");
        }
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.set(true);
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "analyze-shutdown"));
        long end = durationS == null ? Long.MAX_VALUE : System.nanoTime() + (long) (durationS * 1e9);
        long[] next = {System.nanoTime() + (long) (statusEveryS * 1e9)};
        CombinedAnalysis[] last = new CombinedAnalysis[1];
        try (CombinedView view = CombinedView.start(bind, httpPort)) {
            out.printf("analyze: combined view at http://%s:%d/   (JSON: /api/combined)%n", bind, view.port());
            out.flush();
            CombinedRuns.live(k, sources, r, beamSource, () -> stop.get() || System.nanoTime() > end, a -> {
                last[0] = a;
                long now = System.nanoTime();
                if (now >= next[0]) {
                    next[0] = now + (long) (statusEveryS * 1e9);
                    CombinedSummary s = a.summary();
                    view.update(s);
                    if (!json) {
                        print(s, out);
                        out.flush();
                    }
                }
            }, m -> {
                out.println("analyze: " + m);
                out.flush();
            });
            if (last[0] != null && json) {
                out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(last[0].summary().toJson()));
            }
        } finally {
            done.countDown();
        }
        out.flush();
        return 0;
    }

    static void print(CombinedSummary c, PrintWriter out) {
        for (CombinedSummary.Detector d : c.detectors()) {
            AnalysisSummary s = d.own();
            if (s == null) {
                out.printf(Locale.ROOT, "%-16s no run start seen yet%n", d.source());
                continue;
            }
            AnalysisSummary.Excess x = s.excess();
            AnalysisSummary.Exposure e = s.exposure();
            out.printf(Locale.ROOT, "%-16s run %d%s: on %d off %d (alpha %.4f) beam-off %d; excess %.2f ± %.2f, Li & Ma %.2f sigma, "
                            + "expected %.3g; pulses on %d off %d unknown %d, POT %.4g%n", d.source(), d.run(), d.stopped() ? " (stopped)" : "",
                    s.counts().on(), s.counts().off(), x.alpha(), s.counts().beamOff(), x.value(), x.error(), x.significance(), x.expected(),
                    e.pulsesOn(), e.pulsesOff(), e.pulsesUnknown(), e.pot());
        }
        CombinedSummary.Summed m = c.summed();
        out.printf(Locale.ROOT, "%-16s %d pulses every detector reported (%d incomplete): on %d, background %.2f; excess %.2f ± %.2f, "
                        + "%s %.2f sigma, expected %.3g%n", "summed", c.completePulses(), c.droppedPulses(), m.on(), m.background(), m.excess(),
                m.error(), m.oneAlpha() ? "Li & Ma" : "Gaussian", m.significance(), m.expected());
        if (c.malformedMessages() > 0) {
            out.printf("%-16s %d messages not understood (last: %s)%n", "", c.malformedMessages(), c.lastProblem());
        }
    }
}
