package eu.ess.cevns.app;

import eu.ess.cevns.config.ConfigException;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.analysis.monitor.AnalysisExtension;
import eu.ess.cevns.daq.DaqServer;
import eu.ess.cevns.analysis.physics.Exposure;
import eu.ess.cevns.daq.store.RunInfo;
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
            server = DaqServer.start(site, Main.softwareVersion(), new AnalysisExtension(neutrinosPerFlavorPerProton));
        } catch (IOException | ConfigException e) {
            throw new CommandException(e.getMessage(), e);
        }
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
}
