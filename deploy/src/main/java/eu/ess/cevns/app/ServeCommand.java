package eu.ess.cevns.app;

import eu.ess.cevns.config.ConfigException;
import eu.ess.cevns.config.KafkaSettings;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.analysis.monitor.AnalysisElsewhere;
import eu.ess.cevns.analysis.monitor.AnalysisExtension;
import eu.ess.cevns.daq.DaqServer;
import eu.ess.cevns.daq.ServerExtension;
import eu.ess.cevns.kafka.publish.KafkaPublisher;
import eu.ess.cevns.daq.store.RunInfo;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
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
                "With --kafka (or the site file's kafka: section) it also publishes what it records into the ESS Kafka backbone.",
                "SIGTERM or Ctrl-C stops a running run normally, then the server."})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SiteConfig site = options.load();
        DaqServer server = startServer(site, spec.commandLine().getOut()).server();
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
     * did). The expectation's inputs (r, and the demo's boost) are the site's, recorded in each run.
     */
    static Started startServer(SiteConfig site, PrintWriter out) throws InterruptedException {
        DaqServer server;
        // analysis.inProcess: false keeps the analysis off the DAQ host's CPU: analyze --follow runs it beside the server,
        // and the status's analysis section says so
        AnalysisExtension analysis = site.analysis().inProcess() ? new AnalysisExtension() : null;
        List<ServerExtension> extensions = new ArrayList<>();
        extensions.add(analysis != null ? analysis : new AnalysisElsewhere());
        if (site.kafka().enabled()) {
            extensions.add(new KafkaPublisher(Main.softwareVersion()));
        }
        try {
            server = DaqServer.start(site, Main.softwareVersion(), extensions.toArray(ServerExtension[]::new));
        } catch (IOException | IllegalArgumentException | ConfigException e) {
            throw new CommandException(e.getMessage(), e);
        }
        for (RunInfo r : server.runs().recovered()) {
            out.printf("run %d was left open by a crash: closed as ABORTED, %d waveforms kept%n", r.number(), r.waveforms());
        }
        LoggerFactory.getLogger(ServeCommand.class).info("dashboard at {}/", server.httpUrl());
        out.printf("cevns-daq serving: http=%s udp=%s:%d tcp=%s:%d pva=%s:%d/%d data=%s%n", server.httpUrl(), site.bindAddress(),
                server.udpPort(), site.bindAddress(), server.tcpPort(), site.bindAddress(), server.statusPvs().tcpPort(),
                server.statusPvs().udpPort(), site.dataRoot());
        if (analysis == null) {
            String url = site.analysis().url();
            out.printf("cevns-daq: the live analysis runs in a separate process (analysis.inProcess: false): cevns-daq analyze --follow --site FILE"
                    + " on this data root%s%n", url.isEmpty() ? "" : "; its views at " + url);
        }
        if (site.kafka().enabled()) {
            KafkaSettings k = site.kafka();
            out.printf("cevns-daq publishing to Kafka %s as source '%s': %s (topics %s_*; the status section 'kafka' says how far behind)%n",
                    k.brokers(), k.sourceFor(site.detector()), k.streams().stream().map(KafkaSettings.Stream::key).sorted()
                            .collect(Collectors.joining(", ")), k.topicPrefix());
        }
        out.flush();
        return new Started(server, analysis);
    }

    /** A server up and listening, with the live analysis attached to it (null: the site has {@code analysis.inProcess: false}). */
    record Started(DaqServer server, AnalysisExtension analysis) {
    }
}
