package eu.ess.cevns.app;

import eu.ess.cevns.config.BeamPvs;
import eu.ess.cevns.daq.sim.BeamSchedule;
import eu.ess.cevns.daq.sim.TimingIocSimulator;
import picocli.CommandLine.Option;

/** {@code simulate --timing}: the simulated ESS timing IOC and its beam schedule. */
final class TimingIocOptions {
    @Option(names = "--timing", description = {"Run a simulated ESS timing IOC: the beam PVs (proton charge with the pulse T0 as",
            "timeStamp, beam present, mode, power) over pvAccess at 14 Hz, with trips and planned beam-off periods.",
            "Point a server at it with 'serve --timing-ioc HOST:UDPPORT' (printed at start)."})
    boolean enabled;

    @Option(names = "--pva-tcp-port", defaultValue = "0", description = "Timing IOC pvAccess TCP port; 0 picks a free one (default).")
    int tcpPort;

    @Option(names = "--pva-udp-port", defaultValue = "0", description = "Timing IOC pvAccess search (UDP) port; 0 picks a free one (default).")
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

    /** Starts the IOC; the caller closes it. */
    TimingIocSimulator start(BeamPvs pvs, long seed) throws Exception {
        BeamSchedule schedule;
        try {
            schedule = new BeamSchedule(powerMw, 2.0, jitter, tripsPerHour, tripSeconds, beamOffEvery, beamOffSeconds, seed);
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage());
        }
        return new TimingIocSimulator(pvs, schedule, "127.0.0.1", tcpPort, udpPort).start();
    }
}
