package eu.ess.cevns.daq.bench;

import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.sim.BeamSchedule;
import eu.ess.cevns.sim.TimingIocSimulator;

import java.nio.file.Path;

/**
 * The soak's ESS timing IOC, a process of its own so that restarting it is what an IOC restart is:
 * the process ends, and a new one serves the same PVs on the same ports. Steady 2 MW beam.
 * Arguments: {@code TCP_PORT UDP_PORT}; runs until killed.
 */
public final class SoakTimingIoc {
    private SoakTimingIoc() {
    }

    public static void main(String[] args) throws Exception {
        TimingIocSimulator ioc = new TimingIocSimulator(ConfigLoader.defaultSite(Path.of("."), "csi-cryogenic").beamPvs(),
                new BeamSchedule(2.0, 2.0, 0.005, 0, 0, 0, 0, 3), "127.0.0.1", Integer.parseInt(args[0]), Integer.parseInt(args[1]))
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(ioc::close));
        System.out.println("ioc up");
        System.out.flush();
        Thread.currentThread().join();
    }
}
