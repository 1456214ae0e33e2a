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

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows the ESS beam PVs over pvAccess (core-pva): finds the channels, subscribes on every
 * (re)connection (core-pva reconnects by itself), reads beam present when a subscription's first
 * message lacks the value, and hands what arrives to the {@link BeamStateDecider} (each
 * proton-charge update, its timeStamp the pulse's T0, becomes a pulse in the {@link PulseTable})
 * and to the {@link TimingConnectionWatch} (the timingDisconnected and timingStale alarms, checked
 * every 100 ms). Beam mode and power are kept for display.
 */
public final class BeamTimingClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BeamTimingClient.class);
    private static final long WATCH_PERIOD_MS = 100;

    private final BeamPvs pvs;
    private final TimingConfig config;
    private final BeamStateDecider decider;
    private final TimingConnectionWatch watch;
    private final ConcurrentHashMap<String, AutoCloseable> subscriptions = new ConcurrentHashMap<>();
    private final List<PVAChannel> channels = new CopyOnWriteArrayList<>();
    private final AtomicLong updates = new AtomicLong();
    private final ScheduledExecutorService watchThread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "beam-timing-watch");
        t.setDaemon(true);
        return t;
    });
    private volatile PVAChannel presentChannel;
    private volatile String mode = "";
    private volatile double powerMw = Double.NaN;
    private volatile double lastChargeUc = Double.NaN;
    private PVAClient client;

    public BeamTimingClient(BeamPvs pvs, TimingConfig config, PulseTable table, TimingAlarms alarms) {
        this.pvs = pvs;
        this.config = config;
        this.decider = new BeamStateDecider(config.minChargeUc(), table);
        this.watch = new TimingConnectionWatch(pvs, config.staleAfterPulses(), alarms, System::nanoTime);
    }

    /** Starts searching for the PVs; returns at once (the IOC may come later). */
    public BeamTimingClient start() throws Exception {
        client = PvaEndpoints.client(config.iocAddress());
        for (String name : new String[] {pvs.protonCharge(), pvs.present(), pvs.mode(), pvs.power()}) {
            channels.add(client.getChannel(name, this::onState));
        }
        watchThread.scheduleAtFixedRate(watch::check, WATCH_PERIOD_MS, WATCH_PERIOD_MS, TimeUnit.MILLISECONDS);
        LOG.info("beam timing: following {}, {}, {}, {}{}", pvs.protonCharge(), pvs.present(), pvs.mode(), pvs.power(),
                config.iocAddress() == null ? "" : " at " + config.iocAddress());
        return this;
    }

    private void onState(PVAChannel channel, ClientChannelState state) {
        String name = channel.getName();
        boolean up = state == ClientChannelState.CONNECTED;
        watch.pvConnected(name, up);
        if (name.equals(pvs.present())) {
            if (up) {
                presentChannel = channel;
                decider.presentSubscribed();
            } else {
                decider.presentLost();
            }
        }
        if (up) {
            closeQuietly(subscriptions.remove(name));
            try {
                subscriptions.put(name, channel.subscribe("", (ch, changes, overruns, data) -> onMessage(ch.getName(), changes, data)));
            } catch (Exception e) {
                LOG.warn("beam timing: cannot subscribe to {}: {}", name, e.toString());
            }
        }
        LOG.info("beam timing: {} {}", name, state);
    }

    private void onMessage(String name, BitSet changes, PVAStructure data) {
        if (name.equals(pvs.protonCharge())) {
            onCharge(data);
        } else if (name.equals(pvs.present())) {
            onPresent(changes, data);
        } else if (name.equals(pvs.mode())) {
            mode = PvValues.text(data);
        } else if (name.equals(pvs.power())) {
            powerMw = PvValues.number(data);
        }
    }

    private void onCharge(PVAStructure data) {
        long t0 = PvValues.timeStampNs(data);
        double charge = PvValues.number(data);
        if (t0 == Long.MIN_VALUE || Double.isNaN(charge)) {
            return;
        }
        decider.chargeReported(t0, charge);
        lastChargeUc = charge;
        watch.chargeUpdated();
        updates.incrementAndGet();
    }

    /** Only the fields a message marks as changed are news (see {@link PresentSubscription} for why it matters). */
    private void onPresent(BitSet changes, PVAStructure data) {
        long ts = PvValues.timeStampNs(data);
        if (MonitorChanges.carriesValue(changes, data)) {
            decider.presentMessage(ts, isTrue(data));
        } else if (decider.presentStampOnly(ts)) {
            LOG.info("beam timing: the first {} message lacked the value; reading it", pvs.present());
            readPresent();
        }
    }

    private static boolean isTrue(PVAStructure data) {
        return PvValues.number(data) != 0;
    }

    private void readPresent() {
        try {
            presentChannel.read("").whenComplete(this::onPresentRead);
        } catch (Exception e) {
            onPresentRead(null, e);
        }
    }

    private void onPresentRead(PVAStructure data, Throwable failure) {
        if (data == null) {
            decider.presentReadFailed();
            LOG.warn("beam timing: reading {} failed ({}); beam present stays unknown until a message carries it", pvs.present(),
                    String.valueOf(failure));
            return;
        }
        boolean present = isTrue(data);
        if (decider.presentRead(PvValues.timeStampNs(data), present)) {
            LOG.info("beam timing: {} read: {}", pvs.present(), present);
        }
    }

    /** How long without an update counts as silence (timing.staleAfterPulses pulse periods), s. */
    public double staleAfterS() {
        return watch.staleAfterS();
    }

    /** The PVs a pulse's state needs, proton charge and beam present, are both connected. */
    public boolean isConnected() {
        return watch.isConnected();
    }

    /** Connected and updating: the join may wait for pulses. */
    public boolean isLive() {
        return watch.isLive();
    }

    /**
     * Beam now as EPICS says: ON or OFF by the latest beam-present value, UNKNOWN while timing is not
     * live or beam present is not known.
     */
    public BeamState beamNow() {
        BeamPresence p = decider.presentNow();
        return !isLive() || p == BeamPresence.UNKNOWN ? BeamState.UNKNOWN : p == BeamPresence.PRESENT ? BeamState.ON : BeamState.OFF;
    }

    public String mode() { return mode; }
    public double powerMw() { return powerMw; }
    public long lastT0Ns() { return decider.lastT0Ns(); }
    public double lastChargeUc() { return lastChargeUc; }
    /** Proton-charge updates received. */
    public long updates() { return updates.get(); }

    @Override
    public void close() {
        watchThread.shutdownNow();
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
