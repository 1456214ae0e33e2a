package eu.ess.cevns.app;

import eu.ess.cevns.config.BeamPvs;
import eu.ess.cevns.config.ConfigException;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.daq.sim.BeamSchedule;
import eu.ess.cevns.daq.sim.TimingIocSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code cevns-daq simulate-timing}: a simulated ESS timing IOC on its own, publishing the beam PVs
 * over pvAccess at 14 Hz until stopped, for a server started elsewhere ({@code serve --timing-ioc}).
 */
@Command(name = "simulate-timing", mixinStandardHelpOptions = true,
        description = {"Simulated ESS timing IOC: publishes the beam PVs (proton charge with the pulse T0 as timeStamp,",
                "beam present, mode, power) over pvAccess at 14 Hz on the ESS pulse grid, with trips and planned",
                "beam-off periods. Point a server at it with 'serve --timing-ioc HOST:UDPPORT'. Runs until Ctrl-C."})
final class TimingSimulateCommand implements Callable<Integer> {
    @Option(names = "--site", paramLabel = "FILE", description = "Take the beam PV names from this site file (default: the DESIGN names).")
    Path site;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to serve on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--tcp-port", defaultValue = "0", description = "pvAccess TCP port; 0 picks a free one (default).")
    int tcpPort;

    @Option(names = "--udp-port", defaultValue = "0", description = "pvAccess search (UDP) port; 0 picks a free one (default).")
    int udpPort;

    @Option(names = "--power", paramLabel = "MW", defaultValue = "2.0", description = "Beam power (default: ${DEFAULT-VALUE} MW; ESS design 5 MW).")
    double powerMw;

    @Option(names = "--trips-per-hour", defaultValue = "120", description = "Mean rate of beam trips (default: ${DEFAULT-VALUE}).")
    double tripsPerHour;

    @Option(names = "--trip-seconds", defaultValue = "5", description = "Beam off after each trip (default: ${DEFAULT-VALUE} s).")
    double tripSeconds;

    @Option(names = "--beam-off-every", paramLabel = "SECONDS", defaultValue = "120",
            description = "A planned beam-off period starts this often (default: ${DEFAULT-VALUE} s; 0 = never).")
    double beamOffEvery;

    @Option(names = "--beam-off-seconds", defaultValue = "10", description = "Length of a planned beam-off period (default: ${DEFAULT-VALUE} s).")
    double beamOffSeconds;

    @Option(names = "--jitter", defaultValue = "0.005", description = "Pulse-to-pulse charge jitter, fraction rms (default: ${DEFAULT-VALUE}).")
    double jitter;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed of trips and jitter (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BeamPvs pvs;
        BeamSchedule schedule;
        try {
            pvs = site != null ? ConfigLoader.loadSite(site).beamPvs() : ConfigLoader.defaultSite(Path.of("data"), "csi-cryogenic").beamPvs();
            schedule = new BeamSchedule(powerMw, 2.0, jitter, tripsPerHour, tripSeconds, beamOffEvery, beamOffSeconds, seed);
        } catch (ConfigException | IllegalArgumentException e) {
            throw new CommandException(e.getMessage(), e);
        }
        TimingIocSimulator ioc = new TimingIocSimulator(pvs, schedule, bind, tcpPort, udpPort).start();
        spec.commandLine().getOut().printf("simulate-timing: publishing %s, %s, %s, %s at 14 Hz: %.1f MW (%.1f µC per pulse);"
                        + " search address %s (tcp %d)%n", pvs.protonCharge(), pvs.present(), pvs.mode(), pvs.power(), powerMw,
                schedule.nominalChargeUc(), ioc.searchAddress(), ioc.tcpPort());
        spec.commandLine().getOut().flush();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ioc.close();
            done.countDown();
        }));
        done.await();
        return 0;
    }
}
