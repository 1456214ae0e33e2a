package eu.ess.cevns.app;

import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.DaqServer;
import eu.ess.cevns.analysis.monitor.AnalysisSummary;
import eu.ess.cevns.analysis.monitor.LiveAnalysis;
import eu.ess.cevns.analysis.physics.Exposure;
import eu.ess.cevns.daq.store.RunInfo;
import eu.ess.cevns.daq.store.RunStore;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code cevns-daq serve}: the production server, until SIGTERM or Ctrl-C, which stop a running
 * run normally before the process ends.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the DAQ server: readout listeners (UDP and TCP), run store, HTTP API.",
                "Prints one line 'cevns-daq serving: http=URL udp=HOST:PORT tcp=HOST:PORT pva=HOST:TCP/UDP data=DIR' once it listens.",
                "Runs are started and stopped with 'cevns-daq run start|stop' (or POST /api/run/start|stop).",
                "SIGTERM or Ctrl-C stops a running run normally, then the server."})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SiteConfig site = options.load();
        DaqServer server = startServer(site, spec.commandLine().getOut(), Exposure.ESS_R);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "cevns-daq-shutdown"));
        stopped.await();
        return 0;
    }

    /**
     * Starts a server with its live analysis and prints the line scripts wait for (and what recovery
     * did). {@code neutrinosPerFlavorPerProton} scales the SM expectation (the demo boosts it as it
     * boosts its simulated signal).
     */
    static DaqServer startServer(SiteConfig site, PrintWriter out, double neutrinosPerFlavorPerProton) throws InterruptedException {
        DaqServer server;
        try {
            server = DaqServer.start(site, Main.softwareVersion());
        } catch (IOException e) {
            throw new CommandException(e.getMessage(), e);
        }
        LiveAnalysis analysis = new LiveAnalysis(new RunStore(site.dataRoot()),
                () -> server.runs().current() == null ? -1 : server.runs().current().number(), neutrinosPerFlavorPerProton).start();
        server.attach(analysis);
        server.status().add(analysis.statusSection());
        server.router().route("GET", "/api/analysis", analysis::handle)
                .route("GET", "/api/waveforms", analysis::waveforms);
        server.events().add("analysis", analysis::toJson, 2);
        io.micrometer.core.instrument.Gauge.builder("cevns.analysis.lag", analysis, a -> Double.isNaN(a.lagMs()) ? 0 : a.lagMs() / 1000)
                .baseUnit("seconds").description("How far the live analysis trails the newest event")
                .register(server.metrics().registry());
        analysisGauge(server, "cevns.analysis.excess", "events", "Beam-on minus alpha x beam-off events of the current run",
                analysis, s -> s.excess().value());
        analysisGauge(server, "cevns.analysis.excess.error", "events", "Standard error of the excess", analysis,
                s -> s.excess().error());
        analysisGauge(server, "cevns.analysis.expected", "events", "Standard-Model expectation for the run's on-window exposure",
                analysis, s -> s.excess().expected());
        analysisGauge(server, "cevns.analysis.significance", null, "Li & Ma significance of the excess, standard deviations",
                analysis, s -> s.excess().significance());
        for (RunInfo r : server.runs().recovered()) {
            out.printf("run %d was left open by a crash: closed as ABORTED, %d waveforms kept%n", r.number(), r.waveforms());
        }
        LoggerFactory.getLogger(ServeCommand.class).info("dashboard at {}/", server.httpUrl());
        out.printf("cevns-daq serving: http=%s udp=%s:%d tcp=%s:%d pva=%s:%d/%d data=%s%n", server.httpUrl(), site.bindAddress(),
                server.udpPort(), site.bindAddress(), server.tcpPort(), site.bindAddress(), server.statusPvs().tcpPort(),
                server.statusPvs().udpPort(), site.dataRoot());
        out.flush();
        return server;
    }

    /** A gauge of the live analysis' latest summary; NaN until the analysis has one. */
    private static void analysisGauge(DaqServer server, String name, String unit, String description, LiveAnalysis analysis,
                                      java.util.function.ToDoubleFunction<AnalysisSummary> value) {
        io.micrometer.core.instrument.Gauge.Builder<LiveAnalysis> b = io.micrometer.core.instrument.Gauge.builder(name, analysis,
                a -> a.summary() == null ? Double.NaN : value.applyAsDouble(a.summary())).description(description);
        if (unit != null) {
            b.baseUnit(unit);
        }
        b.register(server.metrics().registry());
    }
}
