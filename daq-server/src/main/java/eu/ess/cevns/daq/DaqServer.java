package eu.ess.cevns.daq;

import eu.ess.cevns.config.ChannelMap;
import eu.ess.cevns.config.RunConfigSnapshot;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.alarm.AlarmMonitor;
import eu.ess.cevns.daq.alarm.Severity;
import eu.ess.cevns.daq.http.ApiResponse;
import eu.ess.cevns.daq.http.ApiRouter;
import eu.ess.cevns.daq.status.ChannelActivity;
import eu.ess.cevns.daq.control.ConfigHandler;
import eu.ess.cevns.daq.http.EventStream;
import eu.ess.cevns.daq.http.StaticFiles;
import eu.ess.cevns.daq.status.StatusSection;
import eu.ess.cevns.daq.control.WindowsHandler;
import eu.ess.cevns.daq.http.HttpApiServer;
import eu.ess.cevns.daq.control.LiveSettings;
import eu.ess.cevns.daq.epics.StatusPvServer;
import eu.ess.cevns.daq.control.ThresholdHandler;
import eu.ess.cevns.daq.control.RunControlHandler;
import eu.ess.cevns.daq.control.RunsHandler;
import eu.ess.cevns.daq.metrics.ServerMetrics;
import eu.ess.cevns.daq.status.ServerStatus;
import eu.ess.cevns.daq.status.StatusHandler;
import eu.ess.cevns.daq.control.WriteToken;
import eu.ess.cevns.daq.readout.ReadoutCounters;
import eu.ess.cevns.daq.readout.ReadoutServer;
import eu.ess.cevns.daq.run.RunControl;
import eu.ess.cevns.daq.store.RunStore;
import eu.ess.cevns.daq.store.StoreWriter;
import eu.ess.cevns.daq.timing.BeamCounters;
import eu.ess.cevns.daq.timing.BeamTimingClient;
import eu.ess.cevns.daq.timing.PulseJoin;
import eu.ess.cevns.daq.timing.PulseTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;

/**
 * One DAQ server, assembled from its parts in data-flow order: readout listeners → store ingress
 * → pulse join (beam state from ESS timing over EPICS) → store writer (the run's Chronicle queue),
 * run control over the data root, and the HTTP API that reports it all. {@link #start} binds everything or fails with a message that says which
 * port or folder is the problem; {@link #close} stops a running run normally, then the parts in
 * reverse order, so that nothing accepted is lost.
 */
public final class DaqServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DaqServer.class);

    private final SiteConfig site;
    private final ReadoutCounters readoutCounters = new ReadoutCounters();
    private final StoreWriter writer;
    private final PulseTable pulses = new PulseTable();
    private final BeamCounters beam = new BeamCounters();
    private final BeamTimingClient timing;
    private final RunStore store;
    private final RunControl runs;
    private final WriteToken token;
    private final StatusHandler status = new StatusHandler();
    private final ApiRouter router = new ApiRouter();
    private final LiveSettings settings;
    private final ServerMetrics metrics;
    private final ChannelActivity channels;
    private final AlarmMonitor alarms;
    private final EventStream events = new EventStream();
    private ReadoutServer readout;
    private HttpApiServer http;
    private StatusPvServer statusPvs;
    private final java.util.Deque<AutoCloseable> attached = new java.util.concurrent.ConcurrentLinkedDeque<>();

    private DaqServer(SiteConfig site, String softwareVersion) throws IOException {
        this.site = site;
        Files.createDirectories(site.dataRoot());
        this.store = new RunStore(site.dataRoot());
        PulseJoin join = new PulseJoin(pulses, site.timing(), this::timingLive, beam);
        this.writer = new StoreWriter(site.storeRingBytes(), StoreWriter.DEFAULT_MAX_WAIT_NS, join);
        this.timing = new BeamTimingClient(site.beamPvs(), site.timing(), pulses, this::onTimingAlarm);
        String snapshot = RunConfigSnapshot.write(site);
        this.runs = new RunControl(store, writer, () -> snapshot, softwareVersion);
        this.token = WriteToken.forServer(site.writeToken(), site.writeTokenFile(), site.dataRoot());
        status.add(ServerStatus.run(runs))
                .add(ServerStatus.readout(readoutCounters))
                .add(ServerStatus.store(writer.counters()))
                .add(ServerStatus.beam(timing, beam));
        this.settings = new LiveSettings(site.detector(), site.windows(),
                (who, what, oldValue, newValue) -> writer.ingress().submitConfigChange(who, what, oldValue, newValue));
        ThresholdHandler thresholds = new ThresholdHandler(settings, token);
        this.channels = new ChannelActivity(site.detector(), writer.counters()::channelWaveforms, System::currentTimeMillis);
        this.alarms = new AlarmMonitor(site.alarms(), status::snapshot, channels::silentSeconds, this::diskFreeBytes,
                (name, severity, raised, message) -> writer.ingress().submitAlarm(name, severity, raised, message),
                System::currentTimeMillis);
        status.add(StatusSection.of("alarms", alarms::writeStatus))
                .add(StatusSection.of("channels", o -> channels.write(o.putArray("list"), settings)));
        this.metrics = new ServerMetrics(readoutCounters, writer.counters(), runs, timing, beam);
        metrics.bindAlarms(alarms);
        metrics.bindStoreDetail(writer.counters(), join, this::diskFreeBytes);
        metrics.bindChannels(site.detector(), writer.counters());
        WindowsHandler windows = new WindowsHandler(settings, token);
        ConfigHandler config = new ConfigHandler(site, settings);
        StaticFiles ui = new StaticFiles("eu/ess/cevns/daq/web/");
        StaticFiles webjars = new StaticFiles("META-INF/resources/webjars/");
        events.add("status", status::snapshot, 1);
        RunsHandler runsHandler = new RunsHandler(store);
        RunControlHandler control = new RunControlHandler(runs, token);
        router.route("GET", "/api/status", status::handle)
                .route("GET", "/api/runs", runsHandler::list)
                .route("GET", "/api/runs/{n}", runsHandler::one)
                .route("POST", "/api/run/start", control::start)
                .route("POST", "/api/run/stop", control::stop)
                .route("GET", "/api/channels/{n}/threshold", thresholds::get)
                .route("PUT", "/api/channels/{n}/threshold", thresholds::put)
                .route("GET", "/api/windows", windows::get)
                .route("PUT", "/api/windows", windows::put)
                .route("GET", "/api/config", config::get)
                .route("GET", "/api/alarms", r -> ApiResponse.ok(alarms.toJson()))
                .route("GET", "/api/events", events::handle)
                .route("GET", "/", r -> ui.file("index.html"))
                .route("GET", "/ui/**", ui::handle)
                .route("GET", "/webjars/**", webjars::handle)
                .route("GET", "/metrics", metrics::handle);
    }

    /** Builds and binds a server for {@code site}. */
    public static DaqServer start(SiteConfig site, String softwareVersion) throws IOException, InterruptedException {
        DaqServer s = new DaqServer(site, softwareVersion);
        try {
            s.bind();
        } catch (Exception e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** The timing client's connection alarms join the one alarm model. */
    private void onTimingAlarm(String name, int severity, boolean raised, String message) {
        boolean stale = name.endsWith("Stale");
        // a connection not made within the time that counts as silence (timing.staleAfterPulses) is lost;
        // the connection being made at start-up or after an IOC restart is not an alarm
        double holdS = stale ? 0 : timing.staleAfterS();
        alarms.push(name, Severity.of(severity), raised, holdS, stale ? "Beam timing silent" : "Beam timing lost", message,
                "Beam state is UNKNOWN and those pulses are not counted (data are still recorded). Check the ESS timing "
                        + "IOC (" + site.beamPvs().protonCharge() + ") is up and reachable from this server; "
                        + "call the ESS timing on-call if it is not.",
                "TimingConnected", "BeamState", "PulsesUnknown");
    }

    private long diskFreeBytes() {
        try {
            return Files.getFileStore(site.dataRoot()).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    private boolean timingLive() {
        return timing != null && timing.isLive();
    }

    private void bind() throws IOException, InterruptedException {
        long maxPrevNs = (long) (site.maxPrevPulseAgeMs() * 1e6);
        readout = new ReadoutServer(new ChannelMap(site.detector()), maxPrevNs, readoutCounters, writer.ingress());
        try {
            readout.start(site.bindAddress(), site.udpPort(), site.tcpPort());
        } catch (Exception e) {
            throw bindError("readout (UDP " + site.udpPort() + " / TCP " + site.tcpPort() + ")", e, "--udp-port/--tcp-port");
        }
        try {
            timing.start();
        } catch (Exception e) {
            throw new IOException("cannot start the EPICS beam timing client: " + e.getMessage(), e);
        }
        try {
            statusPvs = new StatusPvServer(site.pvaPrefix(), status::snapshot, settings, alarms, site.bindAddress(), site.pvaPort(),
                    site.pvaBroadcastPort()).start();
        } catch (Exception e) {
            throw bindError("pvAccess " + site.pvaPort() + " / " + site.pvaBroadcastPort(), e, "--pva-port");
        }
        http = new HttpApiServer(router);
        try {
            http.start(site.bindAddress(), site.httpPort());
        } catch (Exception e) {
            throw bindError("HTTP " + site.httpPort(), e, "--http-port");
        }
        alarms.start();
        events.start();
        LOG.info("DAQ server up: detector {}, data {}", site.detector().name(), site.dataRoot());
    }

    private IOException bindError(String what, Exception e, String option) {
        String why = e instanceof BindException || String.valueOf(e.getMessage()).contains("in use")
                ? "address already in use (another server or demo running?); choose another port with " + option
                : e.toString();
        return new IOException("cannot listen on " + site.bindAddress() + " " + what + ": " + why, e);
    }

    public int udpPort() {
        return readout.udpPort();
    }

    public int tcpPort() {
        return readout.tcpPort();
    }

    public int httpPort() {
        return http.port();
    }

    public String httpUrl() {
        return "http://" + site.bindAddress() + ":" + httpPort();
    }

    public SiteConfig site() {
        return site;
    }

    public RunControl runs() {
        return runs;
    }

    public ReadoutCounters readoutCounters() {
        return readoutCounters;
    }

    public StoreWriter storeWriter() {
        return writer;
    }

    public BeamTimingClient timing() {
        return timing;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public LiveSettings settings() {
        return settings;
    }

    /** Something the application runs beside the server (the live analysis); closed first, newest first. */
    public void attach(AutoCloseable part) {
        attached.push(part);
    }

    public StatusPvServer statusPvs() {
        return statusPvs;
    }

    public BeamCounters beamCounters() {
        return beam;
    }

    /** The status object, as {@code /api/status} serves it. */
    public StatusHandler status() {
        return status;
    }

    /** Where the application adds its own routes (analysis views). */
    public ApiRouter router() {
        return router;
    }

    public AlarmMonitor alarms() {
        return alarms;
    }

    /** The server-sent events; the application adds its own (analysis). */
    public EventStream events() {
        return events;
    }

    public ChannelActivity channels() {
        return channels;
    }

    public WriteToken token() {
        return token;
    }

    /** Stops listening, stops a running run normally (everything accepted is stored), closes the store. */
    @Override
    public void close() {
        if (readout != null) {
            readout.close();
        }
        events.close();
        alarms.close();
        for (AutoCloseable part; (part = attached.poll()) != null; ) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", part, e.toString());
            }
        }
        try {
            runs.close();
        } finally {
            timing.close();
            if (statusPvs != null) {
                statusPvs.close();
            }
            writer.close();
            if (http != null) {
                http.close();
            }
            metrics.close();
        }
    }
}
