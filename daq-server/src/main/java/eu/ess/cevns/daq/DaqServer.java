package eu.ess.cevns.daq;

import eu.ess.cevns.daq.timing.TimingAlarms;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.config.ChannelMap;
import eu.ess.cevns.config.RunConfigSnapshot;
import eu.ess.cevns.config.SiteChecks;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.config.TlsSettings;
import eu.ess.cevns.daq.access.Accounts;
import eu.ess.cevns.daq.access.Authenticator;
import eu.ess.cevns.daq.access.LoginHandler;
import eu.ess.cevns.daq.access.LoginThrottle;
import eu.ess.cevns.daq.access.Role;
import eu.ess.cevns.daq.access.Sessions;
import eu.ess.cevns.daq.alarm.AlarmMonitor;
import eu.ess.cevns.daq.alarm.AlarmRule;
import eu.ess.cevns.daq.alarm.AlarmTransition;
import eu.ess.cevns.daq.alarm.Severity;
import eu.ess.cevns.daq.control.AlarmActionsHandler;
import eu.ess.cevns.daq.control.ConfigHandler;
import eu.ess.cevns.daq.control.LiveSettings;
import eu.ess.cevns.daq.control.LogbookHandler;
import eu.ess.cevns.daq.control.RunControlHandler;
import eu.ess.cevns.daq.control.RunsHandler;
import eu.ess.cevns.daq.control.ThresholdHandler;
import eu.ess.cevns.daq.control.WindowsHandler;
import eu.ess.cevns.daq.control.WriteGuard;
import eu.ess.cevns.daq.control.WriteToken;
import eu.ess.cevns.daq.epics.StatusPv;
import eu.ess.cevns.daq.epics.StatusPvServer;
import eu.ess.cevns.daq.history.HistoryHandler;
import eu.ess.cevns.daq.history.HistorySeries;
import eu.ess.cevns.daq.history.ServerHistorySeries;
import eu.ess.cevns.daq.history.StatusHistory;
import eu.ess.cevns.daq.http.ApiHandler;
import eu.ess.cevns.daq.http.ApiResponse;
import eu.ess.cevns.daq.http.ApiRouter;
import eu.ess.cevns.daq.http.EventStream;
import eu.ess.cevns.daq.http.HostCheck;
import eu.ess.cevns.daq.http.HttpApiServer;
import eu.ess.cevns.daq.http.StaticFiles;
import io.netty.handler.ssl.SslContext;
import eu.ess.cevns.daq.metrics.ServerMetrics;
import eu.ess.cevns.daq.readout.ReadoutCounters;
import eu.ess.cevns.daq.readout.ReadoutServer;
import eu.ess.cevns.daq.readout.SequenceTracker;
import eu.ess.cevns.daq.readout.TimeLimits;
import eu.ess.cevns.daq.readout.UdpStatus;
import eu.ess.cevns.daq.run.RunControl;
import eu.ess.cevns.daq.run.RunState;
import eu.ess.cevns.daq.run.RunLogbook;
import eu.ess.cevns.daq.status.ChannelActivity;
import eu.ess.cevns.daq.status.ServerStatus;
import eu.ess.cevns.daq.status.StatusJson;
import eu.ess.cevns.daq.status.StatusPart;
import eu.ess.cevns.daq.status.StatusSampler;
import eu.ess.cevns.daq.status.StatusSnapshot;
import eu.ess.cevns.daq.store.DataRootLock;
import eu.ess.cevns.daq.store.FreeSpace;
import eu.ess.cevns.daq.store.RunEnd;
import eu.ess.cevns.daq.store.RunInfo;
import eu.ess.cevns.daq.store.RunStore;
import eu.ess.cevns.daq.store.StoreEvents;
import eu.ess.cevns.daq.store.StoreWriter;
import eu.ess.cevns.daq.timing.BeamCounters;
import eu.ess.cevns.daq.timing.BeamTimingClient;
import eu.ess.cevns.daq.timing.PulseJoin;
import eu.ess.cevns.daq.timing.PulseTable;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.time.Instant;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One DAQ server, assembled from its parts in data-flow order: readout listeners → store ingress
 * → pulse join (beam state from ESS timing over EPICS) → store writer (the run's Chronicle queue),
 * run control over the data root, and the views that report it all (status sampled once a second,
 * alarms, HTTP API and page, status PVs, metrics). {@link ServerExtension}s (the live analysis)
 * attach before anything listens. {@link #start} takes the data root's lock (one server per data
 * root), binds everything or fails with a message that says which port or folder is the problem;
 * {@link #close} stops a running run normally, then the parts in reverse order, so that nothing
 * accepted is lost, and releases the data root last. A run the store ends itself (full disk,
 * failed write) is recorded and alarmed at once, and with {@code store.autoRestart} a new run
 * starts when the space is back.
 */
public final class DaqServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DaqServer.class);

    private final SiteConfig site;
    private final DataRootLock rootLock;
    private final ReadoutCounters readoutCounters = new ReadoutCounters();
    private final SequenceTracker sequences;
    private final StoreWriter writer;
    private final PulseTable pulses = new PulseTable();
    private final BeamCounters beam = new BeamCounters();
    private final BeamTimingClient timing;
    private final PulseJoin join;
    private final RunStore store;
    private final RunControl runs;
    private final Authenticator auth;
    private final WriteGuard writes;
    private final SslContext tls;
    private final LiveSettings settings;
    private final ServerMetrics metrics;
    private final ChannelActivity channels;
    private final AlarmMonitor alarms;
    private final StatusSampler status;
    private final StatusHistory history;
    private final RunLogbook logbook;
    private final StatusPvServer statusPvs;
    private final EventStream events = new EventStream();
    private final ApiRouter router = new ApiRouter();
    private final Deque<ServerExtension> extensions = new ConcurrentLinkedDeque<>();
    private volatile ReadoutServer readout;
    private HttpApiServer http;

    private DaqServer(SiteConfig site, String softwareVersion, DataRootLock rootLock) throws IOException {
        this.site = site;
        this.rootLock = rootLock;
        this.store = new RunStore(site.dataRoot());
        this.join = new PulseJoin(pulses, site.timing(), this::timingLive, beam);
        this.writer = new StoreWriter(site.store(), StoreWriter.DEFAULT_MAX_WAIT_NS, join, FreeSpace.ofFileSystem());
        this.timing = new BeamTimingClient(site.beamPvs(), site.timing(), pulses, this::onTimingAlarm);
        this.settings = new LiveSettings(site.detector(), site.windows(),
                (who, what, oldValue, newValue) -> writer.ingress().submitConfigChange(who, what, oldValue, newValue));
        this.sequences = new SequenceTracker(readoutCounters, site.readout().resyncWindow());
        // each run records the settings in force as it starts (thresholds and windows set live before it included)
        this.runs = new RunControl(store, writer, () -> RunConfigSnapshot.write(settings.values().applyTo(site)), softwareVersion,
                sequences);
        this.auth = new Authenticator(Accounts.load(site.accounts().file(),
                WriteToken.forServer(site.writeToken(), site.writeTokenFile(), site.dataRoot())),
                new Sessions(TimeUnit.MINUTES.toMillis(site.accounts().sessionIdleMinutes()), System::currentTimeMillis),
                site.accounts().readsOpen());
        this.writes = new WriteGuard(auth);
        TlsSettings tlsFiles = site.http().tls();
        // read before anything listens: a certificate that cannot be used stops the start with its file named
        this.tls = tlsFiles == null ? null : HttpApiServer.tlsContext(tlsFiles.certificate(), tlsFiles.key());
        this.channels = new ChannelActivity(site.detector(), writer.counters()::channelWaveforms, System::currentTimeMillis);
        this.alarms = new AlarmMonitor(site.alarms(), this::diskFreeBytes, new StoreAlarmRecorder(), System::currentTimeMillis);
        this.status = new StatusSampler(new StatusSampler.Sources(() -> ServerStatus.run(runs),
                () -> readoutCounters.snapshot(sequences.loss(), udpStatus()),
                () -> ServerStatus.store(writer), () -> ServerStatus.beam(timing, beam, join), alarms::status,
                () -> channels.channels(settings.values())), s -> {
                    alarms.evaluate(s);
                    return alarms.status();
                });
        this.statusPvs = new StatusPvServer(site.pvaPrefix(), settings, site.pvaWrites(), site.bindAddress(), site.ports().pva(),
                site.ports().pvaBroadcast());
        statusPvs.alarmActs(alarms);
        status.addPart(statusPvs.puts().statusPart());
        status.onEachSecond(statusPvs::update);
        // opened at bind, when the extensions have added their series; records nothing until then
        this.history = new StatusHistory(site.history(), store.root().resolve("history"), ServerHistorySeries.table(site.alarms()),
                Instant::now);
        status.onEachSecond(history::record);
        this.logbook = new RunLogbook(store, runs, writer.ingress(), Instant::now);
        this.metrics = new ServerMetrics(readoutCounters, writer.counters(), runs, timing, beam);
        metrics.bindAlarms(alarms);
        metrics.bindStoreDetail(writer.counters(), join, this::diskFreeBytes);
        metrics.bindChannels(site.detector(), writer.counters());
        metrics.bindUdp(this::udpStatus);
        writer.listen(new StoreEventsToServer());
        metrics.bindPvaPuts(statusPvs.puts());
        events.add("status", this::statusJson, 1);
        for (ApiRouter.Route r : routes()) {
            router.add(r);
        }
    }

    /**
     * Every route the server itself answers, in one table. Each write goes through the one guard
     * (who, the role it needs, JSON object body) and names that role here: shift for run control,
     * alarm acts, the logbook and quality flags; expert for thresholds and windows. Reads pass the
     * read check (open, or an account when the site closes them) except the page's own files and
     * login. Extensions add theirs through {@link ServerContext#addRoute} and {@link ServerContext#addWrite}.
     */
    private List<ApiRouter.Route> routes() {
        RunsHandler runList = new RunsHandler(store);
        RunControlHandler control = new RunControlHandler(runs);
        ThresholdHandler thresholds = new ThresholdHandler(settings);
        WindowsHandler windows = new WindowsHandler(settings);
        ConfigHandler config = new ConfigHandler(site, settings);
        LogbookHandler log = new LogbookHandler(logbook);
        HistoryHandler historyHandler = new HistoryHandler(history, Instant::now);
        AlarmActionsHandler alarmActs = new AlarmActionsHandler(alarms);
        StaticFiles ui = new StaticFiles("eu/ess/cevns/daq/web/");
        StaticFiles webjars = new StaticFiles("META-INF/resources/webjars/");
        LoginHandler login = new LoginHandler(auth, new LoginThrottle(site.accounts().failedLogins(),
                TimeUnit.SECONDS.toMillis(site.accounts().lockoutSeconds()), System::currentTimeMillis), site.http().tls() != null);
        return List.of(
                read("/api/status", r -> ApiResponse.ok(statusJson())),
                read("/api/runs", runList::list),
                read("/api/runs/{n}", runList::one),
                ApiRouter.Route.of("PUT", "/api/runs/{n}/quality", writes.json(Role.SHIFT, LogbookHandler.QUALITY, log::quality)),
                read("/api/logbook", log::read),
                ApiRouter.Route.of("POST", "/api/logbook", writes.json(Role.SHIFT, LogbookHandler.ENTRY, log::write)),
                read("/api/history", historyHandler::get),
                ApiRouter.Route.of("POST", "/api/run/start", writes.optionalJson(Role.SHIFT, RunControlHandler.BODY, control::start)),
                ApiRouter.Route.of("POST", "/api/run/stop", writes.optionalJson(Role.SHIFT, RunControlHandler.BODY, control::stop)),
                read("/api/channels/{n}/threshold", thresholds::get),
                ApiRouter.Route.of("PUT", "/api/channels/{n}/threshold", writes.json(Role.EXPERT, ThresholdHandler.BODY, thresholds::put)),
                read("/api/windows", windows::get),
                ApiRouter.Route.of("PUT", "/api/windows", writes.json(Role.EXPERT, WindowsHandler.BODY, windows::put)),
                read("/api/config", config::get),
                read("/api/alarms", r -> ApiResponse.ok(alarms.toJson())),
                ApiRouter.Route.of("POST", "/api/alarms/{name}/acknowledge",
                        writes.optionalJson(Role.SHIFT, AlarmActionsHandler.ACKNOWLEDGE, alarmActs::acknowledge)),
                ApiRouter.Route.of("POST", "/api/alarms/{name}/shelve", writes.json(Role.SHIFT, AlarmActionsHandler.SHELVE, alarmActs::shelve)),
                ApiRouter.Route.of("POST", "/api/alarms/{name}/unshelve",
                        writes.optionalJson(Role.SHIFT, AlarmActionsHandler.UNSHELVE, alarmActs::unshelve)),
                read("/api/events", events::handle),
                read("/metrics", metrics::handle),
                // the page, its files and the login answer everyone: a closed server still shows its login
                ApiRouter.Route.of("GET", "/", r -> ui.file("index.html")),
                ApiRouter.Route.of("GET", "/ui/**", ui::handle),
                ApiRouter.Route.of("GET", "/webjars/**", webjars::handle),
                ApiRouter.Route.of("GET", "/api/session", login::session),
                ApiRouter.Route.of("POST", "/api/login", login::login),
                ApiRouter.Route.of("POST", "/api/logout", login::logout));
    }

    private ApiRouter.Route read(String template, ApiHandler handler) {
        return ApiRouter.Route.of("GET", template, auth.reads(handler));
    }

    /**
     * Builds a server for {@code site}, attaches {@code extensions} in order, and binds. The site
     * must pass the checks {@code config validate} runs ({@link SiteChecks}: a ConfigException with
     * every problem when it does not), so what is started is what was validated.
     */
    public static DaqServer start(SiteConfig site, String softwareVersion, ServerExtension... extensions)
            throws IOException, InterruptedException {
        SiteChecks.check(site);
        DataRootLock lock = DataRootLock.acquire(site.dataRoot());
        DaqServer s;
        try {
            s = new DaqServer(site, softwareVersion, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        try {
            for (ServerExtension e : extensions) {
                s.attach(e);
            }
            s.bind();
        } catch (IOException | InterruptedException | RuntimeException e) {
            s.close();
            throw e;
        } catch (Exception e) {
            s.close();
            throw new IOException("cannot attach an extension to the server: " + e.getMessage(), e);
        }
        return s;
    }

    private void attach(ServerExtension extension) throws Exception {
        extensions.push(extension);
        extension.attach(new Context());
        LOG.info("attached {}", extension.name());
    }

    /**
     * What the store does of its own accord, on the store's event thread: a run it ended is
     * recorded in run control and judged by the alarms at once; space back after a full disk is
     * judged at once too, and restarts recording if the site file says so.
     */
    private final class StoreEventsToServer implements StoreEvents {
        @Override
        public void onRunEnded(RunEnd end) {
            try {
                runs.storeEnded(end);
            } finally {
                status.sampleNow();
            }
        }

        @Override
        public void onSpaceBack(long usableBytes) {
            status.sampleNow();
            runs.saveUnsaved();
            RunInfo last = runs.current();
            // space back follows a run the store ended on a full disk; a crew may have started one meanwhile
            if (!site.store().autoRestart() || last == null || runs.state() == RunState.RUNNING) {
                return;
            }
            try {
                runs.start("automatic restart: data disk has space again after run " + last.number() + " stopped on a full disk",
                        "server");
            } catch (RuntimeException e) {
                LOG.warn("automatic restart after a full disk failed: {}", e.getMessage());
            }
        }
    }

    /** Alarm transitions and acts go into the open run; an act with no run recording waits in the monitor for the next. */
    private final class StoreAlarmRecorder implements AlarmMonitor.Recorder {
        @Override
        public void record(String name, int severity, boolean raised, String message) {
            writer.ingress().submitAlarm(name, severity, raised, message);
        }

        @Override
        public boolean recordAction(AlarmMonitor.AlarmAct a) {
            return runs.state() == RunState.RUNNING && writer.ingress().submitAlarmAction(epochNs(a.time()), a.action(), a.name(),
                    a.who(), a.reason(), a.shelvedUntil() == null ? 0 : epochNs(a.shelvedUntil()));
        }

        private static long epochNs(Instant t) {
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        }
    }

    /** The timing client's connection alarms join the one alarm model. */
    private void onTimingAlarm(String name, int severity, boolean raised, String message) {
        boolean stale = name.equals(TimingAlarms.STALE);
        // a connection not made within the time that counts as silence (timing.staleAfterPulses) is lost;
        // the connection being made at start-up or after an IOC restart is not an alarm
        double holdS = stale ? 0 : timing.staleAfterS();
        alarms.push(name, Severity.of(severity), raised, holdS, stale ? "Beam timing silent" : "Beam timing lost", message,
                "Beam state is UNKNOWN and those pulses are not counted (data are still recorded). Check the ESS timing "
                        + "IOC (" + site.beamPvs().protonCharge() + ") is up and reachable from this server; "
                        + "call the ESS timing on-call if it is not.",
                "TimingConnected", "BeamState", "PulsesUnknown");
    }

    /** The UDP receive path (nothing before the readout binds). */
    private UdpStatus udpStatus() {
        ReadoutServer r = readout;
        return r == null ? UdpStatus.NONE : r.udpStatus();
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
        readout = new ReadoutServer(new ChannelMap(site.detector()), TimeLimits.of(site.readout()), readoutCounters, sequences,
                writer.ingress(), site.readout().udpThreads(), site.readout().udpReceiveBufferBytes());
        try {
            readout.start(site.bindAddress(), site.ports().udp(), site.ports().tcp());
        } catch (Exception e) {
            throw bindError("readout (UDP " + site.ports().udp() + " / TCP " + site.ports().tcp() + ")", e, "--udp-port/--tcp-port");
        }
        try {
            timing.start();
        } catch (Exception e) {
            throw new IOException("cannot start the EPICS beam timing client: " + e.getMessage(), e);
        }
        try {
            statusPvs.start();
        } catch (Exception e) {
            throw bindError("pvAccess " + site.ports().pva() + " / " + site.ports().pvaBroadcast(), e, "--pva-port");
        }
        http = new HttpApiServer(router, new HostCheck(site.bindAddress(), site.http().allowedHosts()), tls);
        try {
            http.start(site.bindAddress(), site.ports().http());
        } catch (Exception e) {
            throw bindError("HTTP " + site.ports().http(), e, "--http-port");
        }
        history.open();
        status.start();
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
        return (site.http().tls() == null ? "http://" : "https://") + site.bindAddress() + ":" + httpPort();
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

    public LiveSettings settings() {
        return settings;
    }

    public StatusPvServer statusPvs() {
        return statusPvs;
    }

    public AlarmMonitor alarms() {
        return alarms;
    }

    public EventStream events() {
        return events;
    }

    /** The status history ({@code /api/history}). */
    public StatusHistory history() {
        return history;
    }

    /** The run logbook ({@code /api/logbook}, quality flags). */
    public RunLogbook logbook() {
        return logbook;
    }

    /** The status now, typed. */
    public StatusSnapshot status() {
        return status.take();
    }

    /** The status now, as {@code /api/status} serves it. */
    public ObjectNode statusJson() {
        return StatusJson.of(status.take());
    }

    /** Stops listening, stops the extensions, stops a running run normally (everything accepted is stored), closes the store. */
    @Override
    public void close() {
        if (readout != null) {
            readout.close();
        }
        events.close();
        status.close();
        history.close();
        for (ServerExtension e; (e = extensions.poll()) != null; ) {
            try {
                e.close();
            } catch (RuntimeException ex) {
                LOG.warn("closing {}: {}", e.name(), ex.toString());
            }
        }
        try {
            runs.close();
        } finally {
            timing.close();
            statusPvs.close();
            writer.close();
            if (http != null) {
                http.close();
            }
            metrics.close();
            try {
                rootLock.close();
            } catch (IOException e) {
                LOG.warn("releasing the data root {}: {}", site.dataRoot(), e.toString());
            }
        }
    }

    /** What an extension sees of this server. */
    private final class Context implements ServerContext {
        @Override
        public SiteConfig site() {
            return site;
        }

        @Override
        public RunStore store() {
            return store;
        }

        @Override
        public OptionalInt currentRun() {
            RunInfo r = runs.current();
            return r == null ? OptionalInt.empty() : OptionalInt.of(r.number());
        }

        @Override
        public StatusSnapshot status() {
            return status.latest();
        }

        @Override
        public void addStatusPart(StatusPart<?> part) {
            status.addPart(part);
        }

        @Override
        public void addRoute(String method, String pathTemplate, ApiHandler handler) {
            if (!method.equals("GET")) {
                throw new IllegalArgumentException(method + " " + pathTemplate + " writes: add it with addWrite, naming the role it needs");
            }
            router.add(read(pathTemplate, handler));
        }

        @Override
        public void addWrite(String method, String pathTemplate, Role role, WriteGuard.Body body, WriteGuard.WriteHandler handler) {
            router.add(ApiRouter.Route.of(method, pathTemplate, writes.json(role, body, handler)));
        }

        @Override
        public void addEvents(String name, Supplier<JsonNode> source, int everySeconds) {
            events.add(name, source, everySeconds);
        }

        @Override
        public void addAlarmRule(AlarmRule rule) {
            alarms.addRule(rule);
        }

        @Override
        public void onAlarmTransition(Consumer<AlarmTransition> listener) {
            alarms.onTransition(listener);
        }

        @Override
        public void addStatusPv(StatusPv pv) {
            statusPvs.add(pv);
        }

        @Override
        public void addHistorySeries(HistorySeries series) {
            history.addSeries(series);
        }

        @Override
        public MeterRegistry meters() {
            return metrics.registry();
        }
    }
}
