package eu.ess.cevns.app;

import eu.ess.cevns.config.ConfigException;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.SiteConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The options {@code serve} and {@code demo} share: a site file (or the defaults) and the
 * overrides scripts rely on (DESIGN §7). An override wins over the site file.
 */
final class ServerOptions {
    @Option(names = "--site", paramLabel = "FILE",
            description = "Site file (detector, data root, ports, PV names). Without it: the defaults and --detector.")
    Path site;

    @Option(names = "--detector", paramLabel = "NAME",
            description = "Shipped detector to use when no --site is given (default: csi-cryogenic).")
    String detector;

    @Option(names = "--data", paramLabel = "DIR", description = "Data root: runs, run numbers, token (default: ./data, or the site file's).")
    Path data;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: 127.0.0.1, or the site file's).")
    String bind;

    @Option(names = "--udp-port", paramLabel = "PORT", description = "UDP readout port; 0 picks a free one (default 9000).")
    Integer udpPort;

    @Option(names = "--tcp-port", paramLabel = "PORT", description = "TCP readout port; 0 picks a free one (default 9001).")
    Integer tcpPort;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP API port; 0 picks a free one (default 8080).")
    Integer httpPort;

    @Option(names = "--pva-prefix", paramLabel = "PREFIX", description = "Prefix of the status PVs (default CEvNS:DAQ:).")
    String pvaPrefix;

    @Option(names = "--timing-ioc", paramLabel = "HOST:PORT",
            description = "Where to search for the ESS timing IOC's beam PVs (pvAccess UDP search address); default: the site file's, else EPICS defaults.")
    String timingIoc;

    @Option(names = "--pva-port", paramLabel = "PORT", description = "pvAccess server TCP port of the status PVs; 0 picks a free one (default 5075).")
    Integer pvaPort;

    @Option(names = "--kafka", paramLabel = "BROKERS",
            description = "Publish into the ESS Kafka backbone at host:port[,host:port...] (the site file's kafka: section gives topics, "
                    + "streams and security; default: not publishing).")
    String kafka;

    /** The effective site: the file (or defaults) with the overrides applied. */
    SiteConfig load() {
        SiteConfig s;
        try {
            if (site != null) {
                if (detector != null) {
                    throw new CommandException("--detector and --site both name a detector: put it in the site file, or drop --site");
                }
                s = ConfigLoader.loadSiteForServer(site);
            } else {
                s = ConfigLoader.defaultSite(data != null ? data : Path.of("data"),
                        detector != null ? detector : "csi-cryogenic");
            }
        } catch (ConfigException e) {
            throw new CommandException(e.getMessage(), e);
        }
        for (Integer p : new Integer[] {udpPort, tcpPort, httpPort, pvaPort}) {
            if (p != null && (p < 0 || p > 65535)) {
                throw new CommandException("port " + p + " is outside 0..65535");
            }
        }
        SiteConfig out = s.withDataRoot(data != null ? data.toAbsolutePath() : s.dataRoot().toAbsolutePath())
                .withListen(bind != null ? bind : s.bindAddress(), udpPort != null ? udpPort : s.ports().udp(),
                        tcpPort != null ? tcpPort : s.ports().tcp(), httpPort != null ? httpPort : s.ports().http(),
                        pvaPort != null ? pvaPort : s.ports().pva());
        if (timingIoc != null) {
            out = out.withTiming(out.timing().withIocAddress(timingIoc));
        }
        if (kafka != null) {
            out = out.withKafka(out.kafka().withBrokers(kafka));
        }
        return pvaPrefix != null ? out.withPvaPrefix(pvaPrefix) : out;
    }
}
