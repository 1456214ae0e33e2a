package eu.ess.cevns.daq.timing;

import eu.ess.cevns.config.BeamPvs;
import eu.ess.cevns.config.TimingConfig;
import eu.ess.cevns.daq.epics.PvValues;
import eu.ess.cevns.daq.epics.PvaEndpoints;
import org.epics.pva.client.ClientChannelState;
import org.epics.pva.client.PVAChannel;
import org.epics.pva.client.PVAClient;
import org.epics.pva.data.PVAStructure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows the ESS beam PVs over pvAccess (core-pva). Each proton-charge update — its timeStamp is
 * the pulse's T0 — becomes a pulse in the {@link PulseTable}, ON when beam is present and the
 * charge reaches the configured minimum, else OFF. Connection loss, and silence for
 * {@code staleAfterPulses} pulse periods, are alarms (raised and cleared, recorded in the run);
 * core-pva reconnects by itself, and subscriptions are renewed on every reconnection.
 */
public final class BeamTimingClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BeamTimingClient.class);
    private static final long PERIOD_NS = 1_000_000_000L / 14;
    static final String ALARM_DISCONNECTED = "timingDisconnected";
    static final String ALARM_STALE = "timingStale";

    private final BeamPvs pvs;
    private final TimingConfig config;
    private final PulseTable table;
    private final TimingAlarms alarms;
    private final ConcurrentHashMap<String, AutoCloseable> subscriptions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Boolean> connected = new ConcurrentHashMap<>();
    private final AtomicLong updates = new AtomicLong();
    private final java.util.List<PVAChannel> channels = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "beam-timing-watch");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean present;
    /** Recent beam-present updates (time stamp, value), newest at presentCount - 1. */
    private final long[] presentTs = new long[64];
    private final boolean[] presentValue = new boolean[64];
    private int presentCount;
    private volatile String mode = "";
    private volatile double powerMw = Double.NaN;
    private volatile long lastUpdateNanos = Long.MIN_VALUE;
    private volatile long connectedSinceNanos = Long.MIN_VALUE;
    private volatile long lastT0Ns = Long.MIN_VALUE;
    private volatile double lastChargeUc = Double.NaN;
    private boolean disconnectedRaised;
    private boolean staleRaised;
    private PVAClient client;

    public BeamTimingClient(BeamPvs pvs, TimingConfig config, PulseTable table, TimingAlarms alarms) {
        this.pvs = pvs;
        this.config = config;
        this.table = table;
        this.alarms = alarms;
    }

    /** Starts searching for the PVs; returns at once (the IOC may come later). */
    public BeamTimingClient start() throws Exception {
        client = PvaEndpoints.client(config.iocAddress());
        for (String name : new String[] {pvs.protonCharge(), pvs.present(), pvs.mode(), pvs.power()}) {
            connected.put(name, false);
            channels.add(client.getChannel(name, this::onState));
        }
        watch.scheduleAtFixedRate(this::check, 100, 100, TimeUnit.MILLISECONDS);
        LOG.info("beam timing: following {}, {}, {}, {}{}", pvs.protonCharge(), pvs.present(), pvs.mode(), pvs.power(),
                config.iocAddress() == null ? "" : " at " + config.iocAddress());
        return this;
    }

    private void onState(PVAChannel channel, ClientChannelState state) {
        boolean up = state == ClientChannelState.CONNECTED;
        connected.put(channel.getName(), up);
        if (up && channel.getName().equals(pvs.protonCharge())) {
            connectedSinceNanos = System.nanoTime();
        }
        if (up) {
            AutoCloseable old = subscriptions.remove(channel.getName());
            closeQuietly(old);
            try {
                subscriptions.put(channel.getName(), channel.subscribe("", (ch, changes, overruns, data) -> onUpdate(ch.getName(), data)));
            } catch (Exception e) {
                LOG.warn("beam timing: cannot subscribe to {}: {}", channel.getName(), e.toString());
            }
        }
        LOG.info("beam timing: {} {}", channel.getName(), state);
    }

    /**
     * Charge and beam-present come on separate PVs and their updates for one pulse may arrive in
     * either order. A pulse is decided with the beam-present value in force at its T0 (the last
     * present update stamped at or before it); a present update that arrives after the charge of
     * pulses it covers re-decides those pulses. The join reads a pulse a pulse period or more after
     * its T0, so the revision is in time. Both monitors call in here, hence the lock.
     */
    private synchronized void onUpdate(String name, PVAStructure data) {
        if (name.equals(pvs.protonCharge())) {
            long t0 = PvValues.timeStampNs(data);
            double charge = PvValues.number(data);
            if (t0 == Long.MIN_VALUE || Double.isNaN(charge)) {
                return;
            }
            table.add(t0, charge, decide(charge, presentAt(t0)));
            lastT0Ns = t0;
            lastChargeUc = charge;
            lastUpdateNanos = System.nanoTime();
            updates.incrementAndGet();
        } else if (name.equals(pvs.present())) {
            boolean value = PvValues.number(data) != 0;
            long ts = PvValues.timeStampNs(data);
            present = value;
            presentTs[presentCount % presentTs.length] = ts == Long.MIN_VALUE ? Long.MIN_VALUE : ts;
            presentValue[presentCount % presentTs.length] = value;
            presentCount++;
            for (int back = 0; ; back++) {
                int slot = table.slotBefore(back);
                if (slot < 0 || table.t0Ns(slot) < ts) {
                    break;
                }
                table.restate(slot, decide(table.chargeUc(slot), presentAt(table.t0Ns(slot))));
            }
        } else if (name.equals(pvs.mode())) {
            mode = PvValues.text(data);
        } else if (name.equals(pvs.power())) {
            powerMw = PvValues.number(data);
        }
    }

    private BeamState decide(double chargeUc, boolean beamPresent) {
        return beamPresent && chargeUc >= config.minChargeUc() ? BeamState.ON : BeamState.OFF;
    }

    /** Beam present at {@code t0Ns}: the latest present update stamped at or before it (the current value if none is). */
    private boolean presentAt(long t0Ns) {
        for (int i = 1; i <= Math.min(presentCount, presentTs.length); i++) {
            int slot = (presentCount - i) % presentTs.length;
            if (presentTs[slot] <= t0Ns) {
                return presentValue[slot];
            }
        }
        return present;
    }

    /** Alarm transitions, on the watch thread. */
    private void check() {
        boolean up = isConnected();
        if (!up && !disconnectedRaised) {
            disconnectedRaised = true;
            alarms.alarm(ALARM_DISCONNECTED, TimingAlarms.MAJOR, true, "beam timing PV " + pvs.protonCharge() + " not connected");
            LOG.warn("beam timing: {} not connected; pulses are UNKNOWN until it is", pvs.protonCharge());
        } else if (up && disconnectedRaised) {
            disconnectedRaised = false;
            alarms.alarm(ALARM_DISCONNECTED, TimingAlarms.MAJOR, false, "beam timing PV " + pvs.protonCharge() + " connected");
            LOG.info("beam timing: {} connected", pvs.protonCharge());
        }
        boolean stale = up && isStale();
        if (stale && !staleRaised) {
            staleRaised = true;
            alarms.alarm(ALARM_STALE, TimingAlarms.MAJOR, true, "no beam timing update for " + config.staleAfterPulses() + " pulse periods");
            LOG.warn("beam timing: no update for {} pulse periods", config.staleAfterPulses());
        } else if (!stale && staleRaised) {
            staleRaised = false;
            alarms.alarm(ALARM_STALE, TimingAlarms.MAJOR, false, "beam timing updates again");
        }
    }

    /** No update for the allowed number of periods since the last one (or since connecting, before the first). */
    private boolean isStale() {
        long last = Math.max(lastUpdateNanos, connectedSinceNanos);
        return last == Long.MIN_VALUE || System.nanoTime() - last > config.staleAfterPulses() * PERIOD_NS;
    }

    /** How long without an update counts as silence (timing.staleAfterPulses pulse periods), s. */
    public double staleAfterS() {
        return config.staleAfterPulses() * PERIOD_NS / 1e9;
    }

    /** The proton-charge PV is connected. */
    public boolean isConnected() {
        return Boolean.TRUE.equals(connected.get(pvs.protonCharge()));
    }

    /** Connected and updating: the join may wait for pulses. */
    public boolean isLive() {
        return isConnected() && lastUpdateNanos != Long.MIN_VALUE && !isStale();
    }

    public boolean beamPresent() { return present; }
    public String mode() { return mode; }
    public double powerMw() { return powerMw; }
    public long lastT0Ns() { return lastT0Ns; }
    public double lastChargeUc() { return lastChargeUc; }
    /** Proton-charge updates received. */
    public long updates() { return updates.get(); }

    @Override
    public void close() {
        watch.shutdownNow();
        subscriptions.values().forEach(BeamTimingClient::closeQuietly);
        channels.forEach(PVAChannel::close);
        if (client != null) {
            client.close();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("closing subscription: {}", e.toString());
            }
        }
    }
}
