package eu.ess.cevns.daq.epics;

import eu.ess.cevns.config.PvaWrites;
import eu.ess.cevns.config.Setting;
import eu.ess.cevns.daq.alarm.Alarm;
import eu.ess.cevns.daq.alarm.AlarmMonitor;
import eu.ess.cevns.daq.alarm.Severity;
import eu.ess.cevns.daq.control.LiveSettings;
import eu.ess.cevns.daq.status.StatusSnapshot;
import org.epics.pva.common.PVAAuth;
import org.epics.pva.data.PVABool;
import org.epics.pva.data.PVADouble;
import org.epics.pva.data.PVAData;
import org.epics.pva.data.PVAInt;
import org.epics.pva.data.PVALong;
import org.epics.pva.data.PVAString;
import org.epics.pva.data.PVAStructure;
import org.epics.pva.data.nt.PVAAlarm;
import org.epics.pva.data.nt.PVAControl;
import org.epics.pva.data.nt.PVADisplay;
import org.epics.pva.data.nt.PVAEnum;
import org.epics.pva.data.nt.PVAScalar;
import org.epics.pva.data.nt.PVATimeStamp;
import org.epics.pva.server.ClientAuthentication;
import org.epics.pva.server.PVAServer;
import org.epics.pva.server.ServerAuthorization;
import org.epics.pva.server.WriteEventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The DAQ's own status over pvAccess (core-pva server): the PVs of a declared table
 * ({@link StatusPv}: the server's {@link ServerStatusPvs} and what extensions add) under a prefix
 * ({@code CEvNS:DAQ:} by default), filled from each second's status snapshot and posted when their
 * value or alarm changed, and the writable settings ({@link Setting}: {@code Ch<n>:Threshold} in
 * keVnr, the window edges in µs). A put is taken only from a client the site allows
 * ({@link PvaWriteAccess}: off unless {@code pvaWrites.enabled}), and then checked by
 * {@link LiveSettings}. A refused put changes nothing, fails at the client ("Write failed"), is
 * logged with who tried, what and why, and is counted ({@link PvaPuts}); an accepted one is
 * recorded in the run under the client's user and host. The PVs tell every client they are
 * writable, so that a refused put reaches the server to be counted rather than stopping unseen
 * in core-pva.
 */
public final class StatusPvServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusPvServer.class);

    /** A published PV and how it takes its value from a snapshot. */
    private record Entry(PublishedPv pv, boolean alarmSummary, Consumer<StatusSnapshot> fill) {
    }

    private final String prefix;
    private final LiveSettings settings;
    private final PvaWriteAccess access;
    private final PvaPuts puts;
    private final String bind;
    private final int tcpPort;
    private final int udpPort;
    private final List<StatusPv> table = new ArrayList<>();
    private final List<Entry> entries = new ArrayList<>();
    private AlarmActPvs acts;
    private PVAServer server;

    public StatusPvServer(String prefix, LiveSettings settings, PvaWrites writes, String bind, int tcpPort, int udpPort) {
        this.prefix = prefix;
        this.settings = settings;
        this.access = new PvaWriteAccess(writes);
        this.puts = new PvaPuts(writes.enabled());
        this.bind = bind;
        this.tcpPort = PvaEndpoints.tcpPort(bind, tcpPort);
        this.udpPort = PvaEndpoints.udpPort(bind, udpPort);
        table.addAll(ServerStatusPvs.table());
    }

    /** Adds a PV to the table; before {@link #start}. */
    public synchronized void add(StatusPv pv) {
        if (server != null) {
            throw new IllegalStateException("status PVs are already published; add " + pv.name() + " before the server starts");
        }
        table.add(pv);
    }

    /**
     * Publishes the alarm-act PVs ({@code AlarmAck}, {@code AlarmShelve}, {@code AlarmUnshelve})
     * acting on {@code alarms}; who may put to them is {@code pvaWrites}. Before {@link #start}.
     */
    public synchronized void alarmActs(AlarmMonitor alarms) {
        if (server != null) {
            throw new IllegalStateException("status PVs are already published; add the alarm acts before the server starts");
        }
        acts = new AlarmActPvs(alarms);
    }

    public synchronized StatusPvServer start() throws Exception {
        server = PvaEndpoints.server(bind, tcpPort, udpPort);
        // every client may try; who may write is decided per put (below), where a refusal is logged and counted
        server.configureAuthorization(new ServerAuthorization() {
            @Override
            public boolean hasWriteAccess(String pvName, ClientAuthentication client) {
                return true;
            }
        });
        for (StatusPv pv : table) {
            entries.add(publish(pv));
        }
        List<Setting> writable = new ArrayList<>();
        settings.values().thresholdsById().keySet().forEach(id -> writable.add(new Setting.Threshold(id)));
        writable.addAll(List.of(Setting.WindowEdge.values()));
        for (Setting s : writable) {
            entries.add(writable(s));
        }
        if (acts != null) {
            for (String name : AlarmActPvs.NAMES) {
                entries.add(act(name));
            }
        }
        LOG.info("status PVs {}* on pvAccess {} tcp {} udp {}; puts {}", prefix, bind, tcpPort, udpPort,
                access.enabled() ? "taken from the clients in pvaWrites.allow" : "off (pvaWrites.enabled: false)");
        return this;
    }

    /** What became of the puts so far. */
    public PvaPuts puts() {
        return puts;
    }

    public int tcpPort() {
        return tcpPort;
    }

    public int udpPort() {
        return udpPort;
    }

    /** The names (after the prefix) of every PV published, settings included. */
    public synchronized List<String> names() {
        return entries.stream().map(e -> e.pv().name).toList();
    }

    /** Fills every PV from {@code s} and posts those that changed; called once a second. */
    public void update(StatusSnapshot s) {
        Instant stamp = Instant.now();
        List<Entry> all;
        synchronized (this) {
            all = List.copyOf(entries);
        }
        for (Entry e : all) {
            try {
                synchronized (e.pv()) {
                    e.fill().accept(s);
                    severity(e, s.alarms());
                    e.pv().post(stamp);
                }
            } catch (Exception ex) {
                LOG.warn("status PV {} update failed: {}", e.pv().name, ex.toString());
            }
        }
    }

    private Entry publish(StatusPv pv) throws Exception {
        String full = prefix + pv.name();
        PVAStructure data = switch (pv.kind()) {
            case LONG -> PVAScalar.longScalarBuilder(false, 0L).name(full).timeStamp(new PVATimeStamp()).alarm(new PVAAlarm())
                    .display(display(pv.units(), 0, 0, 0)).build();
            case DOUBLE -> PVAScalar.doubleScalarBuilder(0.0).name(full).timeStamp(new PVATimeStamp()).alarm(new PVAAlarm())
                    .display(display(pv.units(), pv.precision(), 0, 0)).build();
            case BOOLEAN -> PVAScalar.boolScalarBuilder(false).name(full).timeStamp(new PVATimeStamp()).alarm(new PVAAlarm()).build();
            case STRING -> PVAScalar.stringScalarBuilder("").name(full).timeStamp(new PVATimeStamp()).alarm(new PVAAlarm()).build();
            case ENUM -> new PVAStructure(full, "epics:nt/NTEnum:1.0",
                    new PVAEnum("value", 0, pv.choices().toArray(new String[0])), new PVAAlarm(), new PVATimeStamp());
        };
        PublishedPv published = new PublishedPv(pv.name(), server.createPV(full, data), data);
        Consumer<StatusSnapshot> fill = switch (pv.kind()) {
            case LONG -> s -> ((PVALong) data.get("value")).set(((Number) pv.value().apply(s)).longValue());
            case DOUBLE -> s -> ((PVADouble) data.get("value")).set(((Number) pv.value().apply(s)).doubleValue());
            case BOOLEAN -> s -> ((PVABool) data.get("value")).set((Boolean) pv.value().apply(s));
            case STRING -> s -> ((PVAString) data.get("value")).set((String) pv.value().apply(s));
            // a text that is none of the choices shows as the first choice
            case ENUM -> s -> ((PVAInt) ((PVAStructure) data.get("value")).get("index"))
                    .set(Math.max(0, pv.choices().indexOf((String) pv.value().apply(s))));
        };
        return new Entry(published, pv.alarmSummary(), fill);
    }

    /** A writable setting whose control limits (0 .. its maximum) tell a display what the server accepts. */
    private Entry writable(Setting setting) throws Exception {
        String name = setting.pvName();
        PVAScalar<PVADouble> data = PVAScalar.doubleScalarBuilder(setting.valueIn(settings.values())).name(prefix + name)
                .timeStamp(new PVATimeStamp()).alarm(new PVAAlarm()).display(display(setting.units(), 2, 0, setting.maxValue()))
                .control(new PVAControl(0, setting.maxValue(), 0)).build();
        PublishedPv[] self = new PublishedPv[1];
        WriteEventHandler handler = checked(name, PVADouble.class, "a number is needed", (client, v) -> {
            settings.set(setting, v.get(), client.who());
            LOG.info("{} set {} to {}", client.describe(), prefix + name, v.get());
            synchronized (self[0]) {
                ((PVADouble) data.get("value")).set(v.get());
                self[0].post(Instant.now());
            }
        });
        self[0] = new PublishedPv(name, server.createPV(prefix + name, data, handler), data);
        // settings changed elsewhere (HTTP) show here at the next update
        return new Entry(self[0], false, s -> ((PVADouble) data.get("value")).set(setting.valueIn(settings.values())));
    }

    /**
     * An alarm-act PV: a text put acknowledges, shelves or unshelves an alarm ({@link AlarmActPvs}),
     * from the clients {@code pvaWrites} allows, as every writable PV; it reads what the last one did.
     */
    private Entry act(String name) throws Exception {
        PVAScalar<PVAString> data = PVAScalar.stringScalarBuilder(access.enabled() ? "" : "off: pvaWrites.enabled is false")
                .name(prefix + name).timeStamp(new PVATimeStamp()).alarm(new PVAAlarm()).build();
        PublishedPv[] self = new PublishedPv[1];
        WriteEventHandler handler = checked(name, PVAString.class, "a text is needed; " + AlarmActPvs.usage(name), (client, v) -> {
            String done = acts.put(name, v.get(), client.who());
            LOG.info("{} put '{}' to {}", client.describe(), v.get(), prefix + name);
            synchronized (self[0]) {
                ((PVAString) data.get("value")).set(done);
                self[0].post(Instant.now());
            }
        });
        self[0] = new PublishedPv(name, server.createPV(prefix + name, data, handler), data);
        // the value is what the last put did: nothing to fill each second
        return new Entry(self[0], false, s -> { });
    }

    /** What a put does once its client may write and its value is of the PV's type; IllegalArgumentException refuses it. */
    private interface Put<T extends PVAData> {
        void apply(PvaWriteAccess.Client client, T value) throws Exception;
    }

    /**
     * The write handler of PV {@code name}: the client must be one {@code pvaWrites} allows and the
     * value a {@code type}, else the put is refused (logged, counted, failed at the client) before
     * {@code put} sees it; what {@code put} refuses is counted as a refused value.
     */
    private <T extends PVAData> WriteEventHandler checked(String name, Class<T> type, String typeNeeded, Put<T> put) {
        return (tcp, pv, changes, written) -> {
            PvaWriteAccess.Client client = client(tcp.getRemoteAddress());
            PVAData v = written.get("value");
            String value = String.valueOf(v instanceof PVADouble d ? d.get() : v instanceof PVAString t ? t.get() : v);
            String denied = access.refusal(client);
            if (denied != null) {
                throw refuse(PvaPuts.Refusal.ACCESS, client, name, value, denied);
            }
            if (!type.isInstance(v)) {
                throw refuse(PvaPuts.Refusal.VALUE, client, name, value, typeNeeded);
            }
            try {
                put.apply(client, type.cast(v));
            } catch (IllegalArgumentException refused) {
                throw refuse(PvaPuts.Refusal.VALUE, client, name, value, refused.getMessage());
            }
            puts.countAccepted();
        };
    }

    /** Logs and counts a refused put; what to throw so that it fails: the client's put ends in an error and nothing changes. */
    private PutRefused refuse(PvaPuts.Refusal why, PvaWriteAccess.Client client, String name, String value, String reason) {
        puts.countRefused(why, client.who(), prefix + name, value, reason);
        LOG.warn("refused put {} = {} by {}: {}", prefix + name, value, client.describe(), reason);
        return new PutRefused("put to " + prefix + name + " refused: " + reason);
    }

    /** A refused put, for core-pva to fail it with: core-pva logs it, and a refusal is no fault of this code to trace. */
    private static final class PutRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PutRefused(String message) {
            super(message, null, false, false);
        }
    }

    /** The client on the connection from {@code remote}, as it named itself when it connected. */
    private PvaWriteAccess.Client client(InetSocketAddress remote) {
        for (PVAServer.ClientInfo info : server.getClientInfos()) {
            if (info.address().equals(remote)) {
                return PvaWriteAccess.Client.of(info.authentication(), remote.getAddress());
            }
        }
        // the connection is gone already: nobody to allow
        return new PvaWriteAccess.Client(PVAAuth.anonymous, "nobody", "?", remote.getAddress());
    }

    private static PVADisplay display(String units, int precision, double low, double high) {
        return new PVADisplay(low, high, "", units, precision, PVADisplay.Form.DEFAULT);
    }

    /**
     * The PV's EPICS alarm from the one alarm model: the most severe alarm whose condition holds
     * now and names it (an acknowledged one too: EPICS severities say what is, acknowledging is the
     * crew's business; a shelved one not); for a summary PV, the alarm summary (its severity, the
     * first listed alarm's title), which a latched alarm keeps until it is acknowledged.
     */
    private static void severity(Entry e, StatusSnapshot.Alarms alarms) {
        Severity severity = Severity.NO_ALARM;
        String title = "";
        if (e.alarmSummary()) {
            severity = alarms.severity();
            title = alarms.active().isEmpty() ? "" : alarms.active().get(0).title();
        } else {
            for (Alarm x : alarms.active()) {
                if (x.holding() && x.pvs().contains(e.pv().name) && x.currentSeverity().ordinal() > severity.ordinal()) {
                    severity = x.currentSeverity();
                    title = x.title();
                }
            }
        }
        PVAAlarm.getAlarm(e.pv().data).set(PVAAlarm.AlarmSeverity.values()[severity.ordinal()],
                severity == Severity.NO_ALARM ? PVAAlarm.AlarmStatus.NO_STATUS : PVAAlarm.AlarmStatus.RECORD, title);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
