package eu.ess.cevns.daq.metrics;

import eu.ess.cevns.config.ChannelConfig;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.daq.alarm.AlarmMonitor;
import eu.ess.cevns.daq.alarm.Severity;
import eu.ess.cevns.daq.epics.PvaPuts;
import eu.ess.cevns.daq.http.ApiRequest;
import eu.ess.cevns.daq.http.ApiResponse;
import eu.ess.cevns.daq.readout.ReadoutCounters;
import eu.ess.cevns.daq.readout.RejectReason;
import eu.ess.cevns.daq.readout.UdpStatus;
import eu.ess.cevns.daq.run.RunControl;
import eu.ess.cevns.daq.run.RunState;
import eu.ess.cevns.daq.store.DropReason;
import eu.ess.cevns.daq.store.StoreCounters;
import eu.ess.cevns.daq.timing.BeamCounters;
import eu.ess.cevns.daq.timing.BeamTimingClient;
import eu.ess.cevns.daq.timing.PulseJoin;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus metrics of the server (Micrometer), scraped at {@code /metrics}. The meters read the
 * counters the server keeps anyway, at scrape time, so nothing is added to the data path. Names
 * follow Prometheus conventions: {@code cevns_} prefix, units in names, {@code _total} on
 * counters (e.g. {@code cevns_readout_rejected_packets_total{reason="cookie"}}).
 */
public final class ServerMetrics implements AutoCloseable {
    /** Content type of the Prometheus text exposition format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private AlarmMonitor alarms;
    private Supplier<UdpStatus> udp;
    private final Set<String> alarmNames = ConcurrentHashMap.newKeySet();

    public ServerMetrics(ReadoutCounters readout, StoreCounters store, RunControl runs, BeamTimingClient timing, BeamCounters beam) {
        counter("cevns.readout.packets", "Readout packets accepted (heartbeats included)", readout, r -> r.snapshot().packets(), null);
        counter("cevns.readout.heartbeats", "Header-only readout packets", readout, r -> r.snapshot().heartbeats(), null);
        counter("cevns.readout.waveforms", "Waveform readouts in accepted packets", readout, r -> r.snapshot().waveforms(), null);
        counter("cevns.readout.received", "Bytes of accepted readout packets", readout, r -> r.snapshot().bytes(), "bytes");
        counter("cevns.readout.lost.packets", "Gaps in readout sequence numbers", readout, r -> r.snapshot().lostPackets(), null);
        counter("cevns.readout.reordered.packets", "Readout packets whose sequence number went backwards",
                readout, r -> r.snapshot().reordered(), null);
        counter("cevns.readout.resyncs", "Readout sequence numbers that jumped beyond readout.resyncWindow or restarted at 0",
                readout, r -> r.snapshot().resyncs(), null);
        counter("cevns.readout.tcp.skipped", "Bytes of TCP readout streams not taken as an accepted packet (rejected packets, "
                + "garbage, packets cut off at close)", readout, r -> r.snapshot().tcpSkippedBytes(), "bytes");
        counter("cevns.readout.tcp.partial.packets", "TCP readout packets cut off by their peer closing the connection",
                readout, r -> r.snapshot().tcpPartialPackets(), null);
        for (RejectReason reason : RejectReason.all()) {
            FunctionCounter.builder("cevns.readout.rejected.packets", readout, r -> r.snapshot().rejected(reason))
                    .description("Readout packets dropped whole, by the field that failed").tag("reason", reason.key())
                    .register(registry);
        }
        for (DropReason reason : DropReason.all()) {
            FunctionCounter.builder("cevns.store.dropped.waveforms", store, c -> c.dropped(reason))
                    .description("Waveforms the store dropped, by reason: ring full (disk too slow), disk full, write error")
                    .tag("reason", reason.key()).register(registry);
        }
        counter("cevns.store.norun.waveforms", "Waveforms that arrived while no run was open", store, StoreCounters::noRunWaveforms, null);
        Gauge.builder("cevns.store.run.waveforms", store, StoreCounters::waveforms).description("Waveforms stored in the current run")
                .register(registry);
        Gauge.builder("cevns.store.run", store, StoreCounters::bytes).baseUnit("bytes").description("Bytes stored in the current run")
                .register(registry);
        Gauge.builder("cevns.run.number", runs, r -> r.current() == null ? 0 : r.current().number()).description("Current or last run")
                .register(registry);
        Gauge.builder("cevns.run.running", runs, r -> r.state() == RunState.RUNNING ? 1 : 0).description("1 while a run is going")
                .register(registry);
        Gauge.builder("cevns.timing.connected", timing, t -> t.isConnected() ? 1 : 0).description("Beam timing PV connected")
                .register(registry);
        for (String state : new String[] {"on", "off", "unknown"}) {
            Gauge.builder("cevns.beam.pulses", beam, b -> state.equals("on") ? b.pulsesOn() : state.equals("off") ? b.pulsesOff()
                    : b.pulsesUnknown()).description("Pulses of the current run by beam state").tag("state", state).register(registry);
        }
        Gauge.builder("cevns.beam.pot", beam, BeamCounters::potOn).description("Protons on target of the run's ON pulses")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Active alarms by severity (minor, major); which alarms they are is in {@code /api/alarms} and the AlarmMessage PV. */
    public void bindAlarms(AlarmMonitor alarms) {
        this.alarms = alarms;
        for (Severity s : new Severity[] {
                Severity.MINOR, Severity.MAJOR}) {
            Gauge.builder("cevns.alarms.active", alarms, a -> a.active().stream().filter(x -> x.currentSeverity() == s).count())
                    .description("Active alarms by severity").tag("severity", s.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        Gauge.builder("cevns.alarms.unacknowledged", alarms, a -> a.status().unacknowledged())
                .description("Listed alarms nobody has acknowledged yet (active or latched)").register(registry);
        Gauge.builder("cevns.alarms.shelved", alarms, a -> a.shelved().size())
                .description("Alarms put aside on a shelf for a while").register(registry);
    }

    /**
     * One series per alarm name seen since start, 1 while active and 0 after: a dashboard can show
     * which alarm it is, and a cleared one goes to 0 instead of vanishing. Names come and go with
     * the alarms, so they are added when a scrape first sees them.
     */
    private void registerAlarmNames() {
        if (alarms == null) {
            return;
        }
        Set<String> names = new TreeSet<>();
        alarms.active().forEach(a -> names.add(a.name()));
        alarms.recent().forEach(t -> names.add(t.name()));
        for (String name : names) {
            if (alarmNames.add(name)) {
                AlarmMonitor a = alarms;
                Gauge.builder("cevns.alarm.active", a, m -> m.active().stream().anyMatch(x -> x.name().equals(name)) ? 1 : 0)
                        .description("1 while this alarm is active (see /api/alarms for what it says and what to do)")
                        .tag("name", name).register(registry);
            }
        }
    }

    /** The UDP receive path: the kernel's drops at the readout sockets, and the receive buffer it granted. */
    public void bindUdp(Supplier<UdpStatus> udp) {
        // meters hold their source weakly: kept here, so that a lambda nobody else holds is not collected
        this.udp = udp;
        counter("cevns.readout.kernel.drops", "Readout datagrams the kernel dropped at the server's UDP sockets (receive buffer full): "
                + "loss no sequence number shows when a whole burst goes", udp, u -> Math.max(0, u.get().kernelDrops()), null);
        Gauge.builder("cevns.readout.udp.receive.buffer", udp, u -> u.get().bufferGrantedBytes()).baseUnit("bytes").strongReference(true)
                .description("UDP receive buffer the kernel granted per readout socket (see readout.udpReceiveBufferBytes, net.core.rmem_max)")
                .register(registry);
    }

    /** Store write latency, disk space and the pulse join's waits. */
    public void bindStoreDetail(StoreCounters store, PulseJoin join, LongSupplier diskFree) {
        FunctionTimer.builder("cevns.store.write", store, StoreCounters::writeBatches,
                        StoreCounters::writeNs, TimeUnit.NANOSECONDS)
                .description("Time the store writer spends appending one batch of records (up to 256) to the run's queue")
                .register(registry);
        // percentiles of the last completed interval (at least 15 s): reading them resets nothing, so
        // every scraper sees every interval's longest batch
        var latency = store.writeLatency();
        Gauge.builder("cevns.store.write.max", latency, l -> l.lastInterval().maxNs() / 1e9).baseUnit("seconds")
                .description("Longest batch append in the last completed interval of at least 15 s").register(registry);
        Gauge.builder("cevns.store.write.p99", latency, l -> l.lastInterval().p99Ns() / 1e9).baseUnit("seconds")
                .description("99th percentile of the batch append times in the last completed interval of at least 15 s")
                .register(registry);
        Gauge.builder("cevns.store.write.p50", latency, l -> l.lastInterval().p50Ns() / 1e9).baseUnit("seconds")
                .description("Median batch append time in the last completed interval of at least 15 s").register(registry);
        // a gauge holds its source weakly: a method reference nobody else keeps would be collected
        // at the first GC and the gauge would read NaN from then on
        Gauge.builder("cevns.store.disk.free", diskFree, d -> d.getAsLong()).baseUnit("bytes").strongReference(true)
                .description("Usable space on the data root's file system").register(registry);
        FunctionTimer.builder("cevns.join.wait", join, PulseJoin::waits,
                        PulseJoin::waitNsTotal, TimeUnit.NANOSECONDS)
                .description("Pulses held by the pulse join until their EPICS beam data came (or the wait ran out), and for how long")
                .register(registry);
        counter("cevns.join.timeouts", "Pulses stored UNKNOWN because EPICS data did not come within timing.joinWaitMs",
                join, j -> j.waitTimeouts(), null);
    }

    /** Waveforms per configured channel, so a silent channel shows as a flat line. */
    public void bindChannels(DetectorConfig detector, StoreCounters store) {
        for (DigitizerConfig d : detector.digitizers()) {
            for (ChannelConfig c : d.channels()) {
                int id = c.id();
                FunctionCounter.builder("cevns.channel.waveforms", store, x -> x.channelWaveforms(id))
                        .description("Waveforms received per channel (run or not)").tag("channel", Integer.toString(id))
                        .register(registry);
            }
        }
    }

    /** Puts to the writable status PVs: taken, and refused by why (the client may not write; the value). */
    public void bindPvaPuts(PvaPuts puts) {
        counter("cevns.pva.puts.accepted", "Puts to the writable status PVs that took effect", puts, PvaPuts::accepted, null);
        for (PvaPuts.Refusal why : PvaPuts.Refusal.values()) {
            FunctionCounter.builder("cevns.pva.puts.refused", puts, p -> p.refused(why))
                    .description("Puts to the writable status PVs refused: access (the client may not write), value (out of range)")
                    .tag("reason", why.name().toLowerCase(Locale.ROOT)).register(registry);
        }
    }

    private <T> void counter(String name, String description, T source, ToDoubleFunction<T> f, String unit) {
        FunctionCounter.Builder<T> b = FunctionCounter.builder(name, source, f).description(description);
        if (unit != null) {
            b.baseUnit(unit);
        }
        b.register(registry);
    }

    /** Where the application registers meters of its own (the analysis lag). */
    public MeterRegistry registry() {
        return registry;
    }

    public ApiResponse handle(ApiRequest request) {
        registerAlarmNames();
        return ApiResponse.text(CONTENT_TYPE, registry.scrape());
    }

    @Override
    public void close() {
        registry.close();
    }
}
