package eu.ess.cevns.app;

import eu.ess.cevns.config.BeamPvs;
import eu.ess.cevns.sim.TimingIocSimulator;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code simulate --timing}: the simulated ESS timing IOC, where it listens and its beam schedule. */
final class TimingIocOptions {
    @Option(names = "--timing", description = {"Run a simulated ESS timing IOC: the beam PVs (proton charge with the pulse T0 as",
            "timeStamp, beam present, mode, power) over pvAccess at 14 Hz, with trips and planned beam-off periods.",
            "Point a server at it with 'serve --timing-ioc HOST:UDPPORT' (printed at start)."})
    boolean enabled;

    @Option(names = "--pva-tcp-port", defaultValue = "0", description = "Timing IOC pvAccess TCP port; 0 picks a free one (default).")
    int tcpPort;

    @Option(names = "--pva-udp-port", defaultValue = "0", description = "Timing IOC pvAccess search (UDP) port; 0 picks a free one (default).")
    int udpPort;

    @Mixin
    BeamScheduleOptions beam;

    /** Starts the IOC; the caller closes it. */
    TimingIocSimulator start(BeamPvs pvs, long seed) throws Exception {
        return new TimingIocSimulator(pvs, beam.schedule(seed), "127.0.0.1", tcpPort, udpPort).start();
    }
}
