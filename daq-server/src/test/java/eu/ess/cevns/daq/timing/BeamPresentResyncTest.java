package eu.ess.cevns.daq.timing;

import eu.ess.cevns.config.BeamPvs;
import eu.ess.cevns.config.TimingConfig;
import eu.ess.cevns.daq.Await;
import eu.ess.cevns.daq.epics.PvaEndpoints;
import org.epics.pva.data.PVABool;
import org.epics.pva.data.PVADouble;
import org.epics.pva.data.PVADoubleArray;
import org.epics.pva.data.PVAStructure;
import org.epics.pva.data.nt.PVAScalar;
import org.epics.pva.data.nt.PVATimeStamp;
import org.epics.pva.server.PVAServer;
import org.epics.pva.server.ServerPV;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * An IOC built on core-pva 5.0.5's server that re-posts beam present with only a new time stamp
 * (the value stays true) can send a new subscriber a first message without the value: an update
 * made while the subscription's initial message still waits in the send queue replaces that
 * message's set of changed fields. A client that took the monitor's structure at face value would
 * show the default, false, for good. Against the client before it looked at the changed fields,
 * this test saw 12 and 13 of 20 fresh connections end with beam OFF (and 20 of 30 in a longer
 * run); every connection must see beam ON.
 */
class BeamPresentResyncTest {
    static final BeamPvs PVS = new BeamPvs("RESYNC:Charge", "RESYNC:Present", "RESYNC:Mode", "RESYNC:Power");
    static final int CONNECTIONS = 20;
    /** Doubles in the charge PV's extra field (160 kB a message). */
    static final int BULK = 20_000;
    /** Beam-present updates per charge update. */
    static final int CHARGE_EVERY = 200;
    /** Longest a fresh connection may take to show beam ON. */
    static final Duration CONNECT = Duration.ofSeconds(2);

    record Seen(BeamState beam, long chargeUpdates) {
    }

    @Test
    void everyNewConnectionSeesBeamPresentTrueAlthoughTheServerLosesTheFirstValue() throws Exception {
        Logger pva = Logger.getLogger("org.epics.pva");
        Level was = pva.getLevel();
        pva.setLevel(Level.SEVERE);          // core-pva warns at each skipped update; thousands here
        int udpPort = PvaEndpoints.udpPort("127.0.0.1", 0);
        PVAServer server = PvaEndpoints.server("127.0.0.1", PvaEndpoints.tcpPort("127.0.0.1", 0), udpPort);
        // the charge carries a bulky extra field so that its messages keep the connection's send queue busy:
        // the race needs an update to come while the new subscription's first message still waits in that queue
        double[] bulk = new double[BULK];
        PVAStructure charge = new PVAStructure(PVS.protonCharge(), "epics:nt/NTScalar:1.0",
                new PVADouble("value", 0.0), new PVATimeStamp(), new PVADoubleArray("bulk", bulk));
        PVAScalar<PVABool> present = PVAScalar.boolScalarBuilder(true).name(PVS.present()).timeStamp(new PVATimeStamp()).build();
        ServerPV chargePv = server.createPV(PVS.protonCharge(), charge);
        ServerPV presentPv = server.createPV(PVS.present(), present);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread ioc = new Thread(() -> {
            long n = 0;
            try {
                while (running.get()) {
                    // present: same value, new time stamp, as often as possible; charge (with its bulk) every CHARGE_EVERY of those
                    Instant now = Instant.now();
                    PVATimeStamp.set(present, now);
                    presentPv.update(present);
                    if (++n % CHARGE_EVERY == 0) {
                        ((PVADouble) charge.get("value")).set(71.4 + (n % 7) * 0.01);
                        bulk[(int) (n % BULK)] = n;
                        ((PVADoubleArray) charge.get("bulk")).set(bulk);
                        PVATimeStamp.set(charge, now);
                        chargePv.update(charge);
                    }
                }
            } catch (Exception e) {
                running.set(false);
            }
        }, "hammering-ioc");
        ioc.start();
        List<String> states = new ArrayList<>();
        try {
            String address = "127.0.0.1:" + udpPort;
            for (int i = 0; i < CONNECTIONS; i++) {
                PulseTable table = new PulseTable();
                try (BeamTimingClient client = new BeamTimingClient(PVS, new TimingConfig(2000, 200, 1.0, 200, address), table,
                        (name, severity, raised, message) -> { }).start()) {
                    Await.until("connection " + (i + 1) + " of " + CONNECTIONS + " sees beam ON and 5 charge updates (before: "
                            + states + ")", CONNECT, () -> new Seen(client.beamNow(), client.updates()),
                            seen -> seen.beam() == BeamState.ON && seen.chargeUpdates() >= 5);
                    // beam present must stay known while the IOC keeps re-stamping it
                    long later = client.updates() + 5;
                    Await.until("5 more charge updates on connection " + (i + 1), CONNECT, () -> client.updates() >= later);
                    states.add(client.beamNow().name());
                }
            }
        } finally {
            running.set(false);
            ioc.join(2000);
            server.close();
            pva.setLevel(was);
        }
        assertTrue(states.stream().allMatch("ON"::equals), "beam as each of " + CONNECTIONS + " connections saw it: " + states);
    }
}
