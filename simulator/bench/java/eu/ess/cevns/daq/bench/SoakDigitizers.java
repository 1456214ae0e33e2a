package eu.ess.cevns.daq.bench;

import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.sim.DigitizerSimulator;
import eu.ess.cevns.sim.SimulatorSettings;
import eu.ess.cevns.sim.SimulatorTally;
import eu.ess.cevns.sim.Transmission;

import java.nio.file.Path;

/**
 * The soak's digitizers, a process of their own (the server's process is what the soak measures):
 * the cryogenic CsI detector's digitizers twice, once over TCP and once over UDP from another
 * loopback address (the server tells digitizers apart by address), each in real time at
 * {@code RATE_HZ} per channel, until stdin closes; then prints one tally line per transport:
 * {@code tally tcp|udp GOOD_PACKETS WAVEFORMS}. Arguments: {@code HOST TCP_PORT UDP_PORT RATE_HZ UDP_SOURCE}.
 */
public final class SoakDigitizers {
    private SoakDigitizers() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        double rateHz = Double.parseDouble(args[3]);
        DetectorConfig detector = ConfigLoader.defaultSite(Path.of("."), "csi-cryogenic").detector();
        DigitizerSimulator tcp = new DigitizerSimulator(SimulatorSettings.defaults(detector, host, Integer.parseInt(args[1]),
                Transmission.TCP).withRate(rateHz, 1), null);
        DigitizerSimulator udp = new DigitizerSimulator(SimulatorSettings.defaults(detector, host, Integer.parseInt(args[2]),
                Transmission.UDP).withRate(rateHz, 2), null).sendingFrom(args[4]);
        Thread[] threads = {sending("soak-tcp", tcp), sending("soak-udp", udp)};
        System.out.println("sending");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the harness closes our stdin
        }
        tcp.stop();
        udp.stop();
        for (Thread t : threads) {
            t.join();
        }
        print("tcp", tcp.tally());
        print("udp", udp.tally());
    }

    private static Thread sending(String name, DigitizerSimulator sim) {
        Thread t = new Thread(() -> {
            try {
                sim.run();
            } catch (Exception e) {
                System.out.println("failed " + name + " " + e);
            }
        }, name);
        t.start();
        return t;
    }

    private static void print(String transport, SimulatorTally t) {
        System.out.println("tally " + transport + " " + t.goodPackets() + " " + t.waveforms());
    }
}
