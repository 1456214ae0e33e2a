package eu.ess.cevns.app;

import eu.ess.cevns.analysis.monitor.AnalysisExtension;
import eu.ess.cevns.analysis.monitor.AnalysisSummary;
import eu.ess.cevns.config.AnalysisSettings;
import eu.ess.cevns.config.KafkaSettings;
import eu.ess.cevns.daq.control.WriteToken;
import eu.ess.cevns.daq.run.RunState;
import eu.ess.cevns.daq.status.StatusSnapshot;
import eu.ess.cevns.sim.SimulatorTally;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.DaqServer;
import eu.ess.cevns.sim.CevnsEventSource;
import eu.ess.cevns.sim.DigitizerSimulator;
import eu.ess.cevns.sim.TimingIocSimulator;
import eu.ess.cevns.sim.SimulatorSettings;
import eu.ess.cevns.sim.Transmission;
import eu.ess.cevns.daq.store.RunInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code cevns-daq demo}: a server, simulated digitizers of its detector sending to it over UDP,
 * and a run started at once; a status line every few seconds. At the end of {@code --duration}
 * (or on Ctrl-C) the digitizers stop, everything received is stored, and the run is stopped
 * cleanly.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start a demonstration DAQ on this machine: the server, a simulated ESS timing IOC (beam PVs",
                "over pvAccess at 14 Hz, with trips and beam-off periods), simulated digitizers sending to the server,",
                "and a run started at once. Prints where to look, then a status line every few seconds.",
                "Stops cleanly (run stopped, all data stored) after --duration seconds or on Ctrl-C.",
                "With --kafka BROKERS it also publishes the run into Kafka (detector, beam, daq and file-writer topics):",
                "then 'cevns-daq analyze --kafka BROKERS' shows the combined analysis (see kafka.md for a local broker)."})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options;

    @Mixin
    BeamScheduleOptions beam;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds (default: run until Ctrl-C).")
    Double durationS;

    @Option(names = "--rate", paramLabel = "HZ", defaultValue = "10", description = "Steady background rate per channel of the simulated digitizers (default: ${DEFAULT-VALUE} Hz).")
    double rateHz;

    @Option(names = "--boost", defaultValue = "3e4",
            description = {"Factor on the beam-correlated rates (SM CEvNS and the detector file's beam-related neutrons) so that the",
                    "excess grows within minutes (default: ${DEFAULT-VALUE}; 1 is the real rate). Recorded in the run with r."})
    double boost;

    @Option(names = "--transport", defaultValue = "udp", description = "How the simulated digitizers send: udp or tcp (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--status-every", paramLabel = "SECONDS", defaultValue = "5", description = "Seconds between status lines (default: ${DEFAULT-VALUE}).")
    double statusEveryS;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (durationS != null && durationS <= 0) {
            throw new CommandException("--duration must be > 0 seconds");
        }
        Transmission transmission = switch (transport.toLowerCase()) {
            case "udp" -> Transmission.UDP;
            case "tcp" -> Transmission.TCP;
            default -> throw new CommandException("--transport must be udp or tcp, got '" + transport + "'");
        };
        SiteConfig configured = options.load();
        PrintWriter out = spec.commandLine().getOut();
        TimingIocSimulator ioc = new TimingIocSimulator(configured.beamPvs(), beam.schedule(System.nanoTime()),
                "127.0.0.1", 0, 0).start();
        // the run records the boost with r, so the expectation it shows (and any replay of it) is boosted alike
        // the demo shows the live analysis, so it runs in the demo's process whatever the site says
        SiteConfig timed = configured.withTiming(configured.timing().withIocAddress(ioc.searchAddress()))
                .withExpectation(configured.expectation().withBoost(boost))
                .withAnalysis(new AnalysisSettings(true, configured.analysis().nice()));
        // the demo is the hall's only host: it publishes the beam too (one designated host does)
        SiteConfig site = timed.kafka().enabled() && !timed.kafka().streams().contains(KafkaSettings.Stream.BEAM)
                ? timed.withKafka(timed.kafka().withStreams(union(timed.kafka().streams(), KafkaSettings.Stream.BEAM)))
                : timed;
        out.printf("demo: simulated ESS timing IOC publishing %s at 14 Hz (pvAccess search address %s): %.1f MW, %s%n",
                site.beamPvs().protonCharge(), ioc.searchAddress(), ioc.schedule().powerMw(), ioc.schedule().describeInterruptions());
        ServeCommand.Started started;
        try {
            started = ServeCommand.startServer(site, out);
        } catch (RuntimeException e) {
            // e.g. the data root is another server's: the demo's own IOC goes too
            ioc.close();
            throw e;
        }
        CountDownLatch done = new CountDownLatch(1);
        Demo demo = new Demo(started, ioc, site, transmission, out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.finish();
            try {
                done.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cevns-daq-demo-shutdown"));
        try {
            demo.run(durationS, statusEveryS);
        } finally {
            demo.finish();
            done.countDown();
        }
        return 0;
    }

    private static final long TIMING_WAIT_NS = 10_000_000_000L;
    /** Longest the demo waits at its end for the store, then the live analysis, to catch up. */
    private static final long CATCH_UP_WAIT_NS = 5_000_000_000L;
    private static final long POLL_MS = 20;

    /** Polls {@code condition} until it holds or {@code timeoutNs} have passed; whether it held. */
    private static boolean awaitAtMost(long timeoutNs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNs;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(POLL_MS);
        }
        return true;
    }

    /** The demo's running parts, finished exactly once whether by the clock or by a signal. */
    private final class Demo {
        private final DaqServer server;
        private final AnalysisExtension analysis;
        private final TimingIocSimulator ioc;
        private final PrintWriter out;
        private final DigitizerSimulator simulator;
        private final CevnsEventSource physics;
        private final Thread simThread;
        private boolean finished;

        Demo(ServeCommand.Started started, TimingIocSimulator ioc, SiteConfig site, Transmission t, PrintWriter out) {
            this.server = started.server();
            this.analysis = started.analysis();
            this.ioc = ioc;
            this.out = out;
            int port = t == Transmission.UDP ? server.udpPort() : server.tcpPort();
            String host = site.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : site.bindAddress();
            SimulatorSettings settings = SimulatorSettings.defaults(site.detector(), host, port, t)
                    .withRate(rateHz, System.nanoTime());
            this.physics = CevnsEventSource.forSimulation(site.detector(), ioc.schedule(), site.expectation(), rateHz, site.windows(),
                    settings.seed());
            this.simulator = new DigitizerSimulator(settings, null, physics);
            this.simThread = new Thread(() -> {
                try {
                    simulator.run();
                } catch (Exception e) {
                    out.println("demo: simulated digitizers stopped: " + e.getMessage());
                    out.flush();
                }
            }, "simulated-digitizers");
        }

        void run(Double durationS, double everyS) throws InterruptedException {
            // pulses of a run that starts before the timing client has found the IOC are UNKNOWN (and an
            // alarm says so); a real run would wait for beam timing too, so the demo does
            if (!awaitAtMost(TIMING_WAIT_NS, () -> server.timing().isLive())) {
                out.println("demo: beam timing not connected after " + TIMING_WAIT_NS / 1_000_000_000L
                        + " s; starting the run anyway (its pulses are UNKNOWN until it is)");
            }
            RunInfo run = server.runs().start("demo", "demo");
            out.printf("demo: run %d started; simulated %s digitizers (%d channels, %.0f Hz background each) sending to the server;%n"
                            + "demo: beam-correlated rates at %.0f × the real ones: CEvNS %.2f and beam-related neutrons %.3f per beam pulse"
                            + " (the detector file's description); the run records the boost, so the expectation is boosted alike%n",
                    run.number(), server.site().detector().name(),
                    server.site().detector().digitizers().stream().mapToInt(d -> d.channels().size()).sum(), rateHz, boost,
                    physics.cevnsPerPulse(), physics.neutronsPerPulse());
            out.printf("demo: dashboard: %s/   (to write, log in top right: %sthe write token in %s)%n", server.httpUrl(),
                    server.site().accounts().file() != null ? "an account of " + server.site().accounts().file() + ", or " : "",
                    server.site().writeTokenFile() != null ? server.site().writeTokenFile()
                            : server.site().dataRoot().resolve(WriteToken.FILE_NAME));
            out.printf("demo: status:  %s status --http %s      (or: curl %s/api/status)%n", launcher(), server.httpUrl(), server.httpUrl());
            out.printf("demo: stop:    Ctrl-C%s%n", durationS == null ? "" : " (or wait " + durationS + " s)");
            out.flush();
            simThread.start();
            long end = durationS == null ? Long.MAX_VALUE : System.nanoTime() + (long) (durationS * 1e9);
            long next = System.nanoTime() + (long) (everyS * 1e9);
            while (System.nanoTime() < end && simThread.isAlive()) {
                Thread.sleep(Math.max(1, Math.min(200, (Math.min(end, next) - System.nanoTime()) / 1_000_000)));
                if (System.nanoTime() >= next) {
                    out.print(StatusCommand.StatusText.periodic(server.statusJson()));
                    out.flush();
                    next += (long) (everyS * 1e9);
                }
            }
        }

        synchronized void finish() {
            if (finished) {
                return;
            }
            finished = true;
            simulator.stop();
            RunInfo stopped;
            try {
                simThread.join(5000);
                // what the digitizers sent reaches the store before the run ends (a datagram the kernel
                // dropped never arrives: the wait is bounded, and the loss is counted and shown)
                SimulatorTally sent = simulator.tally();
                awaitAtMost(CATCH_UP_WAIT_NS, () -> {
                    StatusSnapshot s = server.status();
                    return s.readout().packets() >= sent.goodPackets() && s.store().waveforms() == s.readout().waveforms();
                });
                stopped = server.runs().state() == RunState.RUNNING ? server.runs().stop("demo finished", "demo") : server.runs().current();
                // the summary printed below is the live analysis' final one: it has read the run's stop record
                int run = stopped == null ? -1 : stopped.number();
                awaitAtMost(CATCH_UP_WAIT_NS, () -> {
                    AnalysisSummary a = analysis.live().summary();
                    return run < 0 || a != null && a.run() == run && a.stopped();
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = server.runs().current();
            }
            out.print(StatusCommand.StatusText.periodic(server.statusJson()));
            if (stopped != null) {
                out.printf("demo: run %d stopped: %d waveforms stored in %s%n", stopped.number(), stopped.waveforms(),
                        server.site().dataRoot().resolve("runs").resolve(String.format("%06d", stopped.number())));
                out.printf("demo: injected in the on window: %d CEvNS + %d beam-related neutrons = %d; replay with: %s analyze --run %d --data %s%n",
                        physics.cevnsInOnWindow(), physics.neutronsInOnWindow(), physics.cevnsInOnWindow() + physics.neutronsInOnWindow(),
                        launcher(), stopped.number(), server.site().dataRoot());
            }
            out.flush();
            server.close();
            ioc.close();
        }
    }

    private static Set<KafkaSettings.Stream> union(Set<KafkaSettings.Stream> streams, KafkaSettings.Stream more) {
        Set<KafkaSettings.Stream> s = EnumSet.noneOf(KafkaSettings.Stream.class);
        s.addAll(streams);
        s.add(more);
        return s;
    }

    private static String launcher() {
        String home = System.getProperty("cevns.home");
        return home == null ? "cevns-daq" : home + "/bin/cevns-daq";
    }
}
