package eu.ess.cevns.daq.timing;

import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.config.BeamPvs;
import eu.ess.cevns.config.TimingConfig;
import eu.ess.cevns.daq.epics.PvValues;
import eu.ess.cevns.daq.epics.PvaEndpoints;
import org.epics.pva.client.ClientChannelState;
import org.epics.pva.client.PVAChannel;
import org.epics.pva.client.PVAClient;
import org.epics.pva.data.PVAData;
import org.epics.pva.data.PVAStructure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.BitSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows the ESS beam PVs over pvAccess (core-pva). Each proton-charge update — its timeStamp is
 * the pulse's T0 — becomes a pulse in the {@link PulseTable}, ON when beam is present and the
 * charge reaches the configured minimum, OFF when EPICS says no beam, and UNKNOWN when beam-present
 * is not known for it (its PV not connected, or not yet reported): a pulse is never called OFF
 * for want of data. Loss of either PV the decision needs (charge, beam present), and silence for
 * {@code staleAfterPulses} pulse periods, are alarms (raised and cleared, recorded in the run);
 * core-pva reconnects by itself, and subscriptions are renewed on every reconnection.
 */
public final class BeamTimingClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BeamTimingClient.class);
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
    /** Beam present as last reported: {@link #PRESENT_YES}, {@link #PRESENT_NO} or {@link #PRESENT_UNKNOWN}. */
    private volatile byte present = PRESENT_UNKNOWN;
    static final byte PRESENT_NO = 0;
    static final byte PRESENT_YES = 1;
    /** Beam present not known: never reported, or its PV disconnected. */
    static final byte PRESENT_UNKNOWN = -1;
    /** Recent beam-present updates (time stamp, value), newest at presentCount - 1; a disconnection is an UNKNOWN entry. */
    private final long[] presentTs = new long[64];
    private final byte[] presentValue = new byte[64];
    private int presentCount;
    private volatile PVAChannel presentChannel;
    /**
     * Beam present as the current subscription has carried it (PRESENT_UNKNOWN until a message or
     * a read brought the value), with the time stamp of that message; a message with only a new
     * time stamp means this value still holds.
     */
    private byte subscribedPresent = PRESENT_UNKNOWN;
    private long subscribedPresentTs = Long.MIN_VALUE;
    private boolean presentReadPending;
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
        if (!up && channel.getName().equals(pvs.present())) {
            presentLost();
        }
        if (up && channel.getName().equals(pvs.present())) {
            presentChannel = channel;
            newPresentSubscription();
        }
        if (up) {
            AutoCloseable old = subscriptions.remove(channel.getName());
            closeQuietly(old);
            try {
                subscriptions.put(channel.getName(), channel.subscribe("", (ch, changes, overruns, data) -> onUpdate(ch.getName(), changes, data)));
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
    private synchronized void onUpdate(String name, BitSet changes, PVAStructure data) {
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
            onPresentMonitor(changes, data);
        } else if (name.equals(pvs.mode())) {
            mode = PvValues.text(data);
        } else if (name.equals(pvs.power())) {
            powerMw = PvValues.number(data);
        }
    }

    private synchronized void newPresentSubscription() {
        subscribedPresent = PRESENT_UNKNOWN;
        subscribedPresentTs = Long.MIN_VALUE;
    }

    /**
     * A beam-present monitor message. Only the fields in {@code changes} are news: a core-pva
     * 5.0.5 server that updates a PV again before its previous message went out sends only the
     * newer update's changes, so a new subscriber's first message can lack the value (it then
     * shows the default, false, although the IOC says true and keeps saying it with new time
     * stamps). A message that does not carry the value keeps the value this subscription last
     * carried; if it has carried none yet, the value is read once, and until then it is unknown.
     */
    private void onPresentMonitor(BitSet changes, PVAStructure data) {
        long ts = PvValues.timeStampNs(data);
        if (carriesValue(changes, data)) {
            subscribedPresent = presentOf(data);
            subscribedPresentTs = ts;
        } else if (subscribedPresent == PRESENT_UNKNOWN && !presentReadPending) {
            presentReadPending = true;
            LOG.info("beam timing: the first {} message lacked the value; reading it", pvs.present());
            readPresent();
        }
        presentReported(ts, subscribedPresent);
    }

    private static byte presentOf(PVAStructure data) {
        return PvValues.number(data) != 0 ? PRESENT_YES : PRESENT_NO;
    }

    /** The message's changes include the whole structure, or the value field or a field within it. */
    private static boolean carriesValue(BitSet changes, PVAStructure data) {
        if (changes == null || changes.get(0)) {
            return true;
        }
        try {
            PVAData value = data.get("value");
            if (value == null) {
                return false;
            }
            if (changes.get(data.getIndex(value))) {
                return true;
            }
            if (value instanceof PVAStructure s) {
                for (PVAData element : s.get()) {
                    if (changes.get(data.getIndex(element))) {
                        return true;
                    }
                }
            }
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    private void readPresent() {
        PVAChannel channel = presentChannel;
        try {
            channel.read("").whenComplete((data, failure) -> onPresentRead(data, failure));
        } catch (Exception e) {
            onPresentRead(null, e);
        }
    }

    /** The read's value counts unless a message carried a newer one meanwhile. */
    private synchronized void onPresentRead(PVAStructure data, Throwable failure) {
        presentReadPending = false;
        if (data == null) {
            LOG.warn("beam timing: reading {} failed ({}); beam present stays unknown until a message carries it", pvs.present(),
                    String.valueOf(failure));
            return;
        }
        long ts = PvValues.timeStampNs(data);
        if (subscribedPresent != PRESENT_UNKNOWN && ts < subscribedPresentTs) {
            return;
        }
        subscribedPresent = presentOf(data);
        subscribedPresentTs = ts;
        LOG.info("beam timing: {} read: {}", pvs.present(), subscribedPresent == PRESENT_YES);
        presentReported(ts, subscribedPresent);
    }

    /** A beam-present value in force from {@code ts}: recorded, and the pulses it covers re-decided. */
    private void presentReported(long ts, byte value) {
        recordPresent(ts, value);
        for (int back = 0; ; back++) {
            int slot = table.slotBefore(back);
            if (slot < 0 || table.t0Ns(slot) < ts) {
                break;
            }
            table.restate(slot, decide(table.chargeUc(slot), presentAt(table.t0Ns(slot))));
        }
    }

    private void recordPresent(long ts, byte value) {
        present = value;
        presentTs[presentCount % presentTs.length] = ts;
        presentValue[presentCount % presentTs.length] = value;
        presentCount++;
    }

    /**
     * The beam-present PV went away: from the newest pulse on, beam present is not known until it
     * reports again (its first value after reconnecting re-decides the pulses it covers).
     */
    private synchronized void presentLost() {
        recordPresent(lastT0Ns == Long.MIN_VALUE ? Long.MIN_VALUE : lastT0Ns + 1, PRESENT_UNKNOWN);
    }

    private BeamState decide(double chargeUc, byte beamPresent) {
        if (beamPresent == PRESENT_UNKNOWN) {
            return BeamState.UNKNOWN;
        }
        return beamPresent == PRESENT_YES && chargeUc >= config.minChargeUc() ? BeamState.ON : BeamState.OFF;
    }

    /**
     * Beam present at {@code t0Ns}: the latest present update stamped at or before it; UNKNOWN if
     * none is (the pulse is older than anything the PV told us, or the PV never reported).
     */
    private byte presentAt(long t0Ns) {
        for (int i = 1; i <= Math.min(presentCount, presentTs.length); i++) {
            int slot = (presentCount - i) % presentTs.length;
            if (presentTs[slot] <= t0Ns) {
                return presentValue[slot];
            }
        }
        return PRESENT_UNKNOWN;
    }

    /** Alarm transitions, on the watch thread. */
    private void check() {
        boolean up = isConnected();
        if (!up && !disconnectedRaised) {
            disconnectedRaised = true;
            String missing = missingPvs();
            alarms.alarm(ALARM_DISCONNECTED, TimingAlarms.MAJOR, true, "beam timing PV " + missing + " not connected");
            LOG.warn("beam timing: {} not connected; pulses are UNKNOWN until it is", missing);
        } else if (up && disconnectedRaised) {
            disconnectedRaised = false;
            alarms.alarm(ALARM_DISCONNECTED, TimingAlarms.MAJOR, false, "beam timing PVs " + pvs.protonCharge() + " and "
                    + pvs.present() + " connected");
            LOG.info("beam timing: {} and {} connected", pvs.protonCharge(), pvs.present());
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
        return last == Long.MIN_VALUE || System.nanoTime() - last > config.staleAfterPulses() * EssPulse.PERIOD_NS;
    }

    /** How long without an update counts as silence (timing.staleAfterPulses pulse periods), s. */
    public double staleAfterS() {
        return config.staleAfterPulses() * EssPulse.PERIOD_NS / 1e9;
    }

    /** The PVs a pulse's state needs, proton charge and beam present, are both connected. */
    public boolean isConnected() {
        return isUp(pvs.protonCharge()) && isUp(pvs.present());
    }

    private boolean isUp(String pv) {
        return Boolean.TRUE.equals(connected.get(pv));
    }

    /** The needed PVs that are not connected, by name ("A and B" if both). */
    private String missingPvs() {
        String charge = isUp(pvs.protonCharge()) ? null : pvs.protonCharge();
        String present = isUp(pvs.present()) ? null : pvs.present();
        return charge != null && present != null ? charge + " and " + present : charge != null ? charge : String.valueOf(present);
    }

    /** Connected and updating: the join may wait for pulses. */
    public boolean isLive() {
        return isConnected() && lastUpdateNanos != Long.MIN_VALUE && !isStale();
    }

    /**
     * Beam now as EPICS says: ON or OFF by the latest beam-present value, UNKNOWN while timing is not
     * live or beam present is not known.
     */
    public BeamState beamNow() {
        byte p = present;
        return !isLive() || p == PRESENT_UNKNOWN ? BeamState.UNKNOWN : p == PRESENT_YES ? BeamState.ON : BeamState.OFF;
    }

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
