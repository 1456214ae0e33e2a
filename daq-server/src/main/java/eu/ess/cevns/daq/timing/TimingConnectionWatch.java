package eu.ess.cevns.daq.timing;

import eu.ess.cevns.config.BeamPvs;
import eu.ess.cevns.config.EssPulse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongSupplier;

/**
 * Watches the beam timing's health and raises and clears its two alarms through
 * {@link TimingAlarms}: {@value #ALARM_DISCONNECTED} while a PV a pulse's state needs (proton
 * charge, beam present) is not connected, naming it; {@value #ALARM_STALE} while connected but
 * without a charge update for {@code timing.staleAfterPulses} pulse periods (counted from the
 * connection before the first update). Each alarm is reported once per transition, and the
 * disconnection again when the PVs it names change. The clock is
 * injected so the transitions can be tested without waiting; {@link #check} runs periodically on
 * the timing client's watch thread.
 */
final class TimingConnectionWatch {
    private static final Logger LOG = LoggerFactory.getLogger(TimingConnectionWatch.class);
    static final String ALARM_DISCONNECTED = TimingAlarms.DISCONNECTED;
    static final String ALARM_STALE = TimingAlarms.STALE;

    private final BeamPvs pvs;
    private final int staleAfterPulses;
    private final TimingAlarms alarms;
    private final LongSupplier nanoClock;
    private volatile boolean chargeUp;
    private volatile boolean presentUp;
    private volatile long lastUpdateNanos = Long.MIN_VALUE;
    private volatile long connectedSinceNanos = Long.MIN_VALUE;
    /** The PVs the raised {@value #ALARM_DISCONNECTED} names, null while it is not raised. */
    private String raisedMissing;
    private boolean staleRaised;

    /** @param nanoClock a monotonic clock in ns ({@code System::nanoTime} in service) */
    TimingConnectionWatch(BeamPvs pvs, int staleAfterPulses, TimingAlarms alarms, LongSupplier nanoClock) {
        this.pvs = pvs;
        this.staleAfterPulses = staleAfterPulses;
        this.alarms = alarms;
        this.nanoClock = nanoClock;
    }

    /** A PV connected or disconnected; PVs the pulse's state does not need (mode, power) are ignored. */
    void pvConnected(String pv, boolean up) {
        if (pv.equals(pvs.protonCharge())) {
            if (up) {
                connectedSinceNanos = nanoClock.getAsLong();
            }
            chargeUp = up;
        } else if (pv.equals(pvs.present())) {
            presentUp = up;
        }
    }

    /** A proton-charge update arrived. */
    void chargeUpdated() {
        lastUpdateNanos = nanoClock.getAsLong();
    }

    /** Raises or clears the alarms whose condition changed since the last check (one thread only). */
    void check() {
        boolean up = isConnected();
        String missing = up ? null : missingPvs();
        if (!up && !missing.equals(raisedMissing)) {
            // raised again when what is missing changes (one PV of two came back), so that the
            // alarm names the PV still missing, not the ones missing when it was first raised
            raisedMissing = missing;
            alarms.alarm(ALARM_DISCONNECTED, TimingAlarms.MAJOR, true, "beam timing PV " + missing + " not connected");
            LOG.warn("beam timing: {} not connected; pulses are UNKNOWN until it is", missing);
        } else if (up && raisedMissing != null) {
            raisedMissing = null;
            alarms.alarm(ALARM_DISCONNECTED, TimingAlarms.MAJOR, false, "beam timing PVs " + pvs.protonCharge() + " and "
                    + pvs.present() + " connected");
            LOG.info("beam timing: {} and {} connected", pvs.protonCharge(), pvs.present());
        }
        boolean stale = up && isStale();
        if (stale && !staleRaised) {
            staleRaised = true;
            alarms.alarm(ALARM_STALE, TimingAlarms.MAJOR, true, "no beam timing update for " + staleAfterPulses + " pulse periods");
            LOG.warn("beam timing: no update for {} pulse periods", staleAfterPulses);
        } else if (!stale && staleRaised) {
            staleRaised = false;
            alarms.alarm(ALARM_STALE, TimingAlarms.MAJOR, false, "beam timing updates again");
        }
    }

    /** The PVs a pulse's state needs, proton charge and beam present, are both connected. */
    boolean isConnected() {
        return chargeUp && presentUp;
    }

    /** Connected and updating: the join may wait for pulses. */
    boolean isLive() {
        return isConnected() && lastUpdateNanos != Long.MIN_VALUE && !isStale();
    }

    /** How long without an update counts as silence (timing.staleAfterPulses pulse periods), s. */
    double staleAfterS() {
        return staleAfterPulses * EssPulse.PERIOD_NS / 1e9;
    }

    /** No update for the allowed number of periods since the last one (or since connecting, before the first). */
    private boolean isStale() {
        long last = Math.max(lastUpdateNanos, connectedSinceNanos);
        return last == Long.MIN_VALUE || nanoClock.getAsLong() - last > staleAfterPulses * EssPulse.PERIOD_NS;
    }

    /** The needed PVs that are not connected, by name ("A and B" if both). */
    private String missingPvs() {
        String charge = chargeUp ? null : pvs.protonCharge();
        String present = presentUp ? null : pvs.present();
        return charge != null && present != null ? charge + " and " + present : charge != null ? charge : String.valueOf(present);
    }
}
