package eu.ess.cevns.daq.epics;

import eu.ess.cevns.config.Setting;
import eu.ess.cevns.daq.alarm.Alarm;
import eu.ess.cevns.daq.alarm.AlarmMonitor;
import eu.ess.cevns.daq.alarm.Severity;
import eu.ess.cevns.daq.control.LiveSettings;
import eu.ess.cevns.daq.status.StatusSnapshot;
import org.epics.pva.data.PVABool;
import org.epics.pva.data.PVADouble;
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
import org.epics.pva.server.PVAServer;
import org.epics.pva.server.WriteEventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The DAQ's own status over pvAccess (core-pva server): the PVs of a declared table
 * ({@link StatusPv}: the server's {@link ServerStatusPvs} and what extensions add) under a prefix
 * ({@code CEvNS:DAQ:} by default), filled from each second's status snapshot and posted when their
 * value or alarm changed, and the writable settings ({@link Setting}: {@code Ch<n>:Threshold} in
 * keVnr, the window edges in µs). A write is checked by {@link LiveSettings}; a refused one changes
 * nothing and the client's put fails (the reason is logged); an accepted one is recorded in the run.
 */
public final class StatusPvServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusPvServer.class);

    /** A published PV and how it takes its value from a snapshot. */
    private record Entry(PublishedPv pv, boolean alarmSummary, Consumer<StatusSnapshot> fill) {
    }

    private final String prefix;
    private final LiveSettings settings;
    private final String bind;
    private final int tcpPort;
    private final int udpPort;
    private final List<StatusPv> table = new ArrayList<>();
    private final List<Entry> entries = new ArrayList<>();
    private AlarmActPvs acts;
    private PVAServer server;

    public StatusPvServer(String prefix, LiveSettings settings, String bind, int tcpPort, int udpPort) {
        this.prefix = prefix;
        this.settings = settings;
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
     * acting on {@code alarms}; their puts are refused unless {@code enabled}. Before {@link #start}.
     */
    public synchronized void alarmActs(AlarmMonitor alarms, boolean enabled) {
        if (server != null) {
            throw new IllegalStateException("status PVs are already published; add the alarm acts before the server starts");
        }
        acts = new AlarmActPvs(alarms, enabled);
    }

    public synchronized StatusPvServer start() throws Exception {
        server = PvaEndpoints.server(bind, tcpPort, udpPort);
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
        LOG.info("status PVs {}* on pvAccess tcp {} udp {}{}", prefix, tcpPort, udpPort,
                acts == null ? "" : acts.enabled() ? "; alarm acts (AlarmAck, AlarmShelve, AlarmUnshelve) taken"
                        : "; alarm acts refused (alarms.pvaActs: false)");
        return this;
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
        WriteEventHandler handler = (tcp, pv, changes, written) -> {
            String who = "pva:" + tcp.getRemoteAddress();
            if (!(written.get("value") instanceof PVADouble v)) {
                throw new IllegalArgumentException(prefix + name + ": a number is needed");
            }
            try {
                settings.set(setting, v.get(), who);
            } catch (IllegalArgumentException refused) {
                LOG.warn("refused put to {} by {}: {}", prefix + name, who, refused.getMessage());
                throw refused;
            }
            LOG.info("{} set {} to {}", who, prefix + name, v.get());
            synchronized (self[0]) {
                ((PVADouble) data.get("value")).set(v.get());
                self[0].post(Instant.now());
            }
        };
        self[0] = new PublishedPv(name, server.createPV(prefix + name, data, handler), data);
        // settings changed elsewhere (HTTP) show here at the next update
        return new Entry(self[0], false, s -> ((PVADouble) data.get("value")).set(setting.valueIn(settings.values())));
    }

    /** An alarm-act PV: a text put acknowledges, shelves or unshelves an alarm ({@link AlarmActPvs}); it reads what the last one did. */
    private Entry act(String name) throws Exception {
        PVAScalar<PVAString> data = PVAScalar.stringScalarBuilder(acts.enabled() ? "" : "off: alarms.pvaActs is false")
                .name(prefix + name).timeStamp(new PVATimeStamp()).alarm(new PVAAlarm()).build();
        PublishedPv[] self = new PublishedPv[1];
        WriteEventHandler handler = (tcp, pv, changes, written) -> {
            String who = "pva:" + tcp.getRemoteAddress();
            if (!(written.get("value") instanceof PVAString v)) {
                throw new IllegalArgumentException(prefix + name + ": a text is needed; " + AlarmActPvs.usage(name));
            }
            String done;
            try {
                done = acts.put(name, v.get(), who);
            } catch (IllegalArgumentException refused) {
                LOG.warn("refused put '{}' to {} by {}: {}", v.get(), prefix + name, who, refused.getMessage());
                throw refused;
            }
            synchronized (self[0]) {
                ((PVAString) data.get("value")).set(done);
                self[0].post(Instant.now());
            }
        };
        self[0] = new PublishedPv(name, server.createPV(prefix + name, data, handler), data);
        // the value is what the last put did: nothing to fill each second
        return new Entry(self[0], false, s -> { });
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
