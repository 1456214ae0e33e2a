package eu.ess.cevns.sim;

import eu.ess.cevns.config.BeamPvs;
import eu.ess.cevns.daq.epics.PvaEndpoints;
import org.epics.pva.data.PVABool;
import org.epics.pva.data.PVADouble;
import org.epics.pva.data.PVAString;
import org.epics.pva.data.nt.PVAAlarm;
import org.epics.pva.data.nt.PVAScalar;
import org.epics.pva.data.nt.PVATimeStamp;
import org.epics.pva.server.PVAServer;
import org.epics.pva.server.ServerPV;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated ESS timing IOC: a core-pva server publishing the beam PVs at 14 Hz on the same
 * pulse grid the simulated digitizers use ({@link PulseClock}). For each pulse, shortly after its
 * T0, it publishes the proton charge with timeStamp = T0, as the {@link BeamSchedule} says; beam
 * present, mode and power are published when they change (stamped with the T0 of the first pulse
 * they apply to), as an IOC posts monitors on change. Posting only changes also matters for
 * core-pva 5.0.5's server: when a PV is updated again before its previous monitor message went out,
 * only the newer update's changed fields are sent, so a value that changed once and then stayed
 * (beam present turning true) could be lost to a client for good; with change-only updates every
 * update carries its value. {@link #close()} stops it as an IOC going down would.
 */
public final class TimingIocSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TimingIocSimulator.class);
    /** How long after T0 the IOC publishes a pulse (the accelerator's timing chain is not instant). */
    private static final long PUBLISH_DELAY_NS = 2_000_000;

    private final BeamPvs pvs;
    private final BeamSchedule schedule;
    private final String bind;
    private final int tcpPort;
    private final int udpPort;
    private final AtomicLong published = new AtomicLong();
    private volatile boolean running;
    private volatile long firstPulse = -1;
    private volatile long lastPulse = -1;
    private PVAServer server;
    private Thread thread;

    public TimingIocSimulator(BeamPvs pvs, BeamSchedule schedule, String bind, int tcpPort, int udpPort) {
        this.pvs = pvs;
        this.schedule = schedule;
        this.bind = bind;
        this.tcpPort = PvaEndpoints.tcpPort(bind, tcpPort);
        this.udpPort = PvaEndpoints.udpPort(bind, udpPort);
    }

    public TimingIocSimulator start() throws Exception {
        server = PvaEndpoints.server(bind, tcpPort, udpPort);
        PVAScalar<PVADouble> charge = PVAScalar.doubleScalarBuilder(0.0).name(pvs.protonCharge())
                .timeStamp(new PVATimeStamp()).alarm(new PVAAlarm()).build();
        PVAScalar<PVABool> present = PVAScalar.boolScalarBuilder(false).name(pvs.present()).timeStamp(new PVATimeStamp()).build();
        PVAScalar<PVAString> mode = PVAScalar.stringScalarBuilder("").name(pvs.mode()).timeStamp(new PVATimeStamp()).build();
        PVAScalar<PVADouble> power = PVAScalar.doubleScalarBuilder(0.0).name(pvs.power()).timeStamp(new PVATimeStamp()).build();
        ServerPV chargePv = server.createPV(pvs.protonCharge(), charge);
        ServerPV presentPv = server.createPV(pvs.present(), present);
        ServerPV modePv = server.createPV(pvs.mode(), mode);
        ServerPV powerPv = server.createPV(pvs.power(), power);
        running = true;
        thread = new Thread(() -> publish(charge, present, mode, power, chargePv, presentPv, modePv, powerPv), "timing-ioc-sim");
        thread.setDaemon(true);
        thread.start();
        LOG.info("simulated ESS timing IOC on {}: tcp {} udp {}, {} MW ({} µC per pulse)", bind, tcpPort, udpPort,
                schedule.powerMw(), String.format("%.1f", schedule.nominalChargeUc()));
        return this;
    }

    private void publish(PVAScalar<PVADouble> charge, PVAScalar<PVABool> present, PVAScalar<PVAString> mode,
                         PVAScalar<PVADouble> power, ServerPV chargePv, ServerPV presentPv, ServerPV modePv, ServerPV powerPv) {
        long k = PulseClock.pulseAtOrAfter(System.currentTimeMillis() * 1_000_000L);
        firstPulse = k;
        Boolean postedPresent = null;
        String postedMode = null;
        while (running) {
            long t0Ns = PulseClock.ticksToNs(PulseClock.pulseTicks(k));
            long waitMs = (t0Ns + PUBLISH_DELAY_NS - System.currentTimeMillis() * 1_000_000L) / 1_000_000L;
            try {
                if (waitMs > 0) {
                    Thread.sleep(waitMs);
                }
                Instant t0 = Instant.ofEpochSecond(Math.floorDiv(t0Ns, 1_000_000_000L), Math.floorMod(t0Ns, 1_000_000_000L));
                boolean beam = schedule.present(k);
                String beamMode = schedule.mode(k);
                if (!Boolean.valueOf(beam).equals(postedPresent)) {
                    ((PVABool) present.get("value")).set(beam);
                    PVATimeStamp.set(present, t0);
                    presentPv.update(present);
                    ((PVADouble) power.get("value")).set(beam ? schedule.powerMw() : 0.0);
                    PVATimeStamp.set(power, t0);
                    powerPv.update(power);
                    postedPresent = beam;
                }
                if (!beamMode.equals(postedMode)) {
                    ((PVAString) mode.get("value")).set(beamMode);
                    PVATimeStamp.set(mode, t0);
                    modePv.update(mode);
                    postedMode = beamMode;
                }
                ((PVADouble) charge.get("value")).set(schedule.chargeUc(k));
                PVATimeStamp.set(charge, t0);
                chargePv.update(charge);
                lastPulse = k;
                published.incrementAndGet();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.warn("simulated timing IOC: update failed: {}", e.toString());
            }
            k++;
        }
    }

    /** Where clients search for this IOC ("host:udpPort"). */
    public String searchAddress() {
        return (bind.equals("0.0.0.0") ? "127.0.0.1" : bind) + ":" + udpPort;
    }

    public int tcpPort() {
        return tcpPort;
    }

    public int udpPort() {
        return udpPort;
    }

    public BeamSchedule schedule() {
        return schedule;
    }

    public long published() {
        return published.get();
    }

    /** First and last pulse number published (−1 before the first). */
    public long firstPulse() {
        return firstPulse;
    }

    public long lastPulse() {
        return lastPulse;
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (server != null) {
            server.close();
        }
    }
}
