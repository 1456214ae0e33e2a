package eu.ess.cevns.daq.epics;

import eu.ess.cevns.config.Setting;
import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.daq.control.LiveSettings;
import com.fasterxml.jackson.databind.JsonNode;
import eu.ess.cevns.config.WindowRules;
import eu.ess.cevns.daq.alarm.Alarm;
import eu.ess.cevns.daq.alarm.AlarmMonitor;
import eu.ess.cevns.daq.alarm.Severity;
import eu.ess.cevns.daq.run.RunState;
import eu.ess.cevns.daq.timing.BeamState;
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
import org.epics.pva.server.ServerPV;
import org.epics.pva.server.WriteEventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The DAQ's own status over pvAccess (core-pva server): normative-type PVs under a prefix
 * ({@code CEvNS:DAQ:} by default) refreshed once a second from the same status object as
 * {@code /api/status} and posted when their value or alarm changed, and the writable settings:
 * {@code Ch<n>:Threshold} (keVnr) and the window edges (µs). A write is checked by {@link LiveSettings}; a refused one changes nothing and the
 * client's put fails (the reason is logged); an accepted one is recorded in the run.
 */
public final class StatusPvServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusPvServer.class);

    /**
     * One published value: its name after the prefix, how to read it from the status object, and
     * what was last posted. A PV is posted only when its value or alarm changed, as EPICS records
     * post monitors on change. That also keeps clear of a trait of core-pva 5.0.5's server: an
     * update made while the previous monitor message is still queued replaces that message's set of
     * changed fields, so a value that changed in the first update and not in the second (a run
     * state posted, then the same state with a new time stamp) would never reach the client. When
     * every post changes the value or alarm, the last message always carries them.
     */
    private static final class Published {
        final String name;
        final ServerPV pv;
        final PVAStructure data;
        final java.util.function.Consumer<PVAStructure> fill;
        /** A copy of what was last posted; null before the first post. */
        private PVAStructure posted;

        Published(String name, ServerPV pv, PVAStructure data, java.util.function.Consumer<PVAStructure> fill) {
            this.name = name;
            this.pv = pv;
            this.data = data;
            this.fill = fill;
        }

        /** Posts {@link #data} stamped {@code stamp} if it differs from what was last posted. */
        synchronized void post(Instant stamp) throws Exception {
            if (posted != null && posted.update(data).isEmpty()) {
                return;
            }
            PVATimeStamp.set(data, stamp);
            pv.update(data);
            if (posted == null) {
                posted = data.cloneData();
            } else {
                posted.update(data);
            }
        }
    }

    private final String prefix;
    private final Supplier<JsonNode> status;
    private final LiveSettings settings;
    private final AlarmMonitor alarms;
    private final List<Published> published = new ArrayList<>();
    private final ScheduledExecutorService updater = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "status-pvs");
        t.setDaemon(true);
        return t;
    });
    private final int tcpPort;
    private final int udpPort;
    private PVAServer server;
    private JsonNode last;
    private long lastNanos;
    private double waveformRate;
    private double packetRate;

    public StatusPvServer(String prefix, Supplier<JsonNode> status, LiveSettings settings, AlarmMonitor alarms, String bind,
                          int tcpPort, int udpPort) {
        this.prefix = prefix;
        this.status = status;
        this.settings = settings;
        this.alarms = alarms;
        this.tcpPort = PvaEndpoints.tcpPort(bind, tcpPort);
        this.udpPort = PvaEndpoints.udpPort(bind, udpPort);
        this.bind = bind;
    }

    private final String bind;

    public StatusPvServer start() throws Exception {
        server = PvaEndpoints.server(bind, tcpPort, udpPort);
        // states are NTEnums so that a display can colour them by index; numbers carry units and precision
        longPv("RunNumber", "", s -> s.at("/run/number").asLong(-1));
        enumPv("RunState", names(RunState.values()), s -> s.at("/run/state").asText());
        doublePv("WaveformRate", "1/s", 1, s -> waveformRate);
        doublePv("PacketRate", "1/s", 1, s -> packetRate);
        longPv("LostPackets", "packets", s -> s.at("/readout/lostPackets").asLong());
        longPv("RejectedPackets", "packets", s -> s.at("/readout/rejected/total").asLong());
        longPv("StoreBytes", "B", s -> s.at("/store/bytes").asLong());
        enumPv("BeamState", names(BeamState.values()), s -> s.at("/beam/state").asText());
        boolPv("TimingConnected", s -> "CONNECTED".equals(s.at("/beam/timing").asText()));
        longPv("PulsesOn", "pulses", s -> s.at("/beam/pulses/on").asLong());
        longPv("PulsesOff", "pulses", s -> s.at("/beam/pulses/off").asLong());
        longPv("PulsesUnknown", "pulses", s -> s.at("/beam/pulses/unknown").asLong());
        doublePv("POT", "protons", 3, s -> s.at("/beam/potOn").asDouble());
        // the analysis fields, NaN until an analysis reports them
        doublePv("Excess", "events", 1, s -> s.at("/analysis/excess").asDouble(Double.NaN));
        doublePv("ExcessError", "events", 1, s -> s.at("/analysis/excessError").asDouble(Double.NaN));
        doublePv("Significance", "sigma", 2, s -> s.at("/analysis/significance").asDouble(Double.NaN));
        doublePv("Expected", "events", 1, s -> s.at("/analysis/expected").asDouble(Double.NaN));
        // NaN, not 0 or -1, where nothing is known: a display must not show "no lag" or "disk full" for "unknown"
        doublePv("AnalysisLag", "s", 1, s -> s.at("/analysis/lagMs").asDouble(Double.NaN) / 1000);
        doublePv("DiskFree", "GiB", 1, s -> {
            long bytes = s.at("/alarms/diskFreeBytes").asLong(-1);
            return bytes < 0 ? Double.NaN : bytes / (1024.0 * 1024 * 1024);
        });
        // the alarm summary for the control room: how many, how bad, and the worst in words
        longPv("AlarmCount", "alarms", s -> s.at("/alarms/count").asLong());
        enumPv("AlarmSeverity", names(Severity.values()), s -> s.at("/alarms/severity").asText("NO_ALARM"));
        stringPv("AlarmMessage", s -> {
            JsonNode first = s.at("/alarms/active/0");
            return first.isMissingNode() ? "no alarm" : first.path("severity").asText() + ": " + first.path("title").asText()
                    + " - " + first.path("message").asText();
        });
        for (Setting s : settingsOrder()) {
            writable(s);
        }
        updater.scheduleAtFixedRate(this::update, 0, 1, TimeUnit.SECONDS);
        LOG.info("status PVs {}* on pvAccess tcp {} udp {}", prefix, tcpPort, udpPort);
        return this;
    }

    public int tcpPort() {
        return tcpPort;
    }

    public int udpPort() {
        return udpPort;
    }

    /** The writable settings: thresholds by channel id, then the window edges. */
    private List<Setting> settingsOrder() {
        List<Setting> out = new ArrayList<>();
        settings.values().thresholdsById().keySet().forEach(id -> out.add(new Setting.Threshold(id)));
        out.addAll(List.of(Setting.WindowEdge.values()));
        return out;
    }

    /** A writable setting whose control limits (0 .. its maximum) tell a display what the server accepts. */
    private void writable(Setting setting) throws Exception {
        String name = setting.pvName();
        PVAScalar<PVADouble> data = PVAScalar.doubleScalarBuilder(setting.valueIn(settings.values())).name(prefix + name)
                .timeStamp(new PVATimeStamp()).alarm(new PVAAlarm()).display(display(setting.units(), 2, 0, setting.maxValue()))
                .control(new PVAControl(0, setting.maxValue(), 0)).build();
        Published[] self = new Published[1];
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
        ServerPV pv = server.createPV(prefix + name, data, handler);
        // settings changed elsewhere (HTTP) show here at the next update
        self[0] = new Published(name, pv, data, d -> ((PVADouble) d.get("value")).set(setting.valueIn(settings.values())));
        published.add(self[0]);
    }

    private static PVADisplay display(String units, int precision, double low, double high) {
        return new PVADisplay(low, high, "", units, precision, PVADisplay.Form.DEFAULT);
    }

    private static String[] names(Enum<?>[] values) {
        String[] n = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            n[i] = values[i].name();
        }
        return n;
    }

    private void doublePv(String name, String units, int precision, java.util.function.ToDoubleFunction<JsonNode> f)
            throws Exception {
        PVAScalar<PVADouble> d = PVAScalar.doubleScalarBuilder(0.0).name(prefix + name).timeStamp(new PVATimeStamp())
                .alarm(new PVAAlarm()).display(display(units, precision, 0, 0)).build();
        published.add(new Published(name, server.createPV(prefix + name, d), d, x -> ((PVADouble) x.get("value")).set(f.applyAsDouble(last))));
    }

    private void longPv(String name, String units, java.util.function.ToLongFunction<JsonNode> f) throws Exception {
        PVAScalar<PVALong> d = PVAScalar.longScalarBuilder(false, 0L).name(prefix + name).timeStamp(new PVATimeStamp())
                .alarm(new PVAAlarm()).display(display(units, 0, 0, 0)).build();
        published.add(new Published(name, server.createPV(prefix + name, d), d, x -> ((PVALong) x.get("value")).set(f.applyAsLong(last))));
    }

    private void stringPv(String name, java.util.function.Function<JsonNode, String> f) throws Exception {
        PVAScalar<PVAString> d = PVAScalar.stringScalarBuilder("").name(prefix + name).timeStamp(new PVATimeStamp()).alarm(new PVAAlarm()).build();
        published.add(new Published(name, server.createPV(prefix + name, d), d, x -> ((PVAString) x.get("value")).set(f.apply(last))));
    }

    /** An NTEnum of {@code choices}; a text that is none of them shows as the first choice. */
    private void enumPv(String name, String[] choices, java.util.function.Function<JsonNode, String> f) throws Exception {
        PVAStructure d = new PVAStructure(prefix + name, "epics:nt/NTEnum:1.0", new PVAEnum("value", 0, choices),
                new PVAAlarm(), new PVATimeStamp());
        java.util.List<String> index = java.util.List.of(choices);
        published.add(new Published(name, server.createPV(prefix + name, d), d, x -> ((PVAInt) ((PVAStructure) x.get("value"))
                .get("index")).set(Math.max(0, index.indexOf(f.apply(last))))));
    }

    private void boolPv(String name, java.util.function.Predicate<JsonNode> f) throws Exception {
        PVAScalar<PVABool> d = PVAScalar.boolScalarBuilder(false).name(prefix + name).timeStamp(new PVATimeStamp()).alarm(new PVAAlarm()).build();
        published.add(new Published(name, server.createPV(prefix + name, d), d, x -> {
            boolean v = f.test(last);
            ((PVABool) x.get("value")).set(v);
        }));
    }

    private void update() {
        try {
            JsonNode now = status.get();
            long t = System.nanoTime();
            if (last != null) {
                double dt = (t - lastNanos) / 1e9;
                waveformRate = (now.at("/readout/waveforms").asLong() - last.at("/readout/waveforms").asLong()) / dt;
                packetRate = (now.at("/readout/packets").asLong() - last.at("/readout/packets").asLong()) / dt;
            }
            last = now;
            lastNanos = t;
            Instant stamp = Instant.now();
            for (Published p : published) {
                synchronized (p) {
                    p.fill.accept(p.data);
                    severity(p);
                    p.post(stamp);
                }
            }
        } catch (Exception e) {
            LOG.warn("status PV update failed: {}", e.toString());
        }
    }

    /** The PV's EPICS alarm from the one alarm model; the alarm summary PVs carry the worst active alarm. */
    private void severity(Published p) {
        Alarm a = p.name.startsWith("Alarm") ? (alarms.active().isEmpty() ? null : alarms.active().get(0)) : alarms.alarmOf(p.name);
        PVAAlarm.AlarmSeverity s = a == null ? PVAAlarm.AlarmSeverity.NO_ALARM : PVAAlarm.AlarmSeverity.values()[a.severity().ordinal()];
        PVAAlarm.getAlarm(p.data).set(s, a == null ? PVAAlarm.AlarmStatus.NO_STATUS : PVAAlarm.AlarmStatus.RECORD,
                a == null ? "" : a.title());
    }

    @Override
    public void close() {
        updater.shutdownNow();
        if (server != null) {
            server.close();
        }
    }
}
