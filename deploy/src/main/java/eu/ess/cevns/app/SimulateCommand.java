package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.config.BeamPvs;
import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.ConfigException;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.daq.readout.ReadoutHeader;
import eu.ess.cevns.sim.CevnsEventSource;
import eu.ess.cevns.sim.DigitizerSimulator;
import eu.ess.cevns.sim.EventSource;
import eu.ess.cevns.sim.SimulatorSettings;
import eu.ess.cevns.sim.SimulatorTally;
import eu.ess.cevns.sim.TimingIocSimulator;
import eu.ess.cevns.sim.Transmission;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code cevns-daq simulate}: simulated digitizers of a detector sending ESS readout packets to a
 * server, with optional injected loss, reordering and malformed packets, and an exact tally at
 * the end (as JSON with {@code --json}).
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulated digitizers: send ESS-framed waveform packets to a server over UDP or TCP (--udp/--tcp);",
                "and/or a simulated ESS timing IOC publishing the beam PVs over pvAccess (--timing). Both follow the ESS",
                "14 Hz pulse grid (88.0525 MHz ticks); each digitizer of the detector is one output queue with its own",
                "sequence numbers. Prints progress each second and a tally at the end."})
final class SimulateCommand implements Callable<Integer> {
    static final class Target {
        @Option(names = "--udp", paramLabel = "HOST:PORT", required = true, description = "Send UDP datagrams to this readout port.")
        String udp;
        @Option(names = "--tcp", paramLabel = "HOST:PORT", required = true, description = "Send over one TCP connection to this readout port.")
        String tcp;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Target target;

    @picocli.CommandLine.Mixin
    TimingIocOptions timing;

    @Option(names = "--detector", paramLabel = "NAME|FILE", defaultValue = "csi-cryogenic",
            description = "Shipped detector name or detector file (default: ${DEFAULT-VALUE}).")
    String detector;

    @Option(names = "--rate", paramLabel = "HZ", defaultValue = "10", description = "Mean trigger rate per channel (default: ${DEFAULT-VALUE} Hz).")
    double rateHz;

    @Option(names = "--pulses", paramLabel = "N", defaultValue = "0", description = "Pulse periods to send, 0 = until stopped (default).")
    long pulses;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds of pulses (14 pulses a second).")
    Double durationS;

    @Option(names = "--max-rate", description = {"Send as fast as possible instead of in real time (benchmarks, tests).",
            "Pulse times then run ahead of the clock; past a minute ahead (840 pulses) the sending waits,",
            "since the server rejects times further than readout.clockToleranceS from its clock."})
    boolean maxRate;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed; the same seed sends the same packets (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--loss", paramLabel = "FRACTION", defaultValue = "0", description = "Fraction of packets to withhold (sequence numbers still used).")
    double loss;

    @Option(names = "--reorder", paramLabel = "FRACTION", defaultValue = "0", description = "Fraction of packets to swap with the next one.")
    double reorder;

    @Option(names = "--malformed", paramLabel = "FRACTION", defaultValue = "0", description = "Fraction of packets with one field corrupted.")
    double malformed;

    @Option(names = "--header-version", defaultValue = "1", description = "ESS readout header version, 0 or 1 (default: ${DEFAULT-VALUE}).")
    int headerVersion;

    @Option(names = "--packet-bytes", paramLabel = "N", description = "Largest packet (default 8972 for UDP, 65535 for TCP).")
    Integer packetBytes;

    @Option(names = "--json", description = "Print the final tally as JSON on stdout (progress goes to stderr).")
    boolean json;

    @Option(names = "--physics", description = {"Digitizers see CEvNS at the SM rate and the detector file's beam-related neutrons, both times --boost, and the steady",
            "background (--rate), following the beam of the --timing IOC in this process (needs --timing)."})
    boolean physics;

    @Option(names = "--boost", defaultValue = "3e4", description = "Factor on the beam-correlated rates (CEvNS and beam-related neutrons) with --physics (default: ${DEFAULT-VALUE}).")
    double boost;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (target == null && !timing.enabled) {
            throw new CommandException("nothing to simulate: give --udp HOST:PORT or --tcp HOST:PORT (digitizers) and/or --timing (timing IOC)");
        }
        TimingIocSimulator ioc = null;
        if (timing.enabled) {
            BeamPvs pvs = ConfigLoader.defaultSite(Path.of("data"), "csi-cryogenic").beamPvs();
            ioc = timing.start(pvs, seed);
            PrintStream say = json ? System.err : System.out;
            say.printf("simulate: timing IOC publishing %s, %s, %s, %s at 14 Hz: %.1f MW (%.1f µC per pulse);"
                            + " serve --timing-ioc %s%n", pvs.protonCharge(), pvs.present(), pvs.mode(), pvs.power(),
                    ioc.schedule().powerMw(), ioc.schedule().nominalChargeUc(), ioc.searchAddress());
            say.flush();
        }
        if (physics && ioc == null) {
            throw new CommandException("--physics follows the beam of a simulated timing IOC: add --timing");
        }
        try {
            if (target == null) {
                waitForSignal();
                return 0;
            }
            return digitizers(ioc);
        } finally {
            if (ioc != null) {
                ioc.close();
            }
        }
    }

    private static void waitForSignal() throws InterruptedException {
        CountDownLatch signal = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(signal::countDown));
        signal.await();
    }

    private Integer digitizers(TimingIocSimulator ioc) throws Exception {
        DetectorConfig d = detector(detector);
        Transmission t = target.udp != null ? Transmission.UDP : Transmission.TCP;
        String[] hostPort = hostPort(target.udp != null ? target.udp : target.tcp);
        long n = durationS != null ? Math.round(durationS * EssPulse.RATE_HZ) : pulses;
        int maxPacket = packetBytes != null ? packetBytes : t == Transmission.UDP ? ReadoutHeader.MAX_UDP_PACKET : ReadoutHeader.MAX_PACKET;
        SimulatorSettings settings;
        try {
            settings = new SimulatorSettings(d, hostPort[0], Integer.parseInt(hostPort[1]), t, headerVersion, rateHz, n,
                    !maxRate, seed, loss, reorder, malformed, maxPacket, 0);
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage());
        }
        PrintStream progress = json ? System.err : System.out;
        EventSource events = physics ? CevnsEventSource.forSimulation(d, ioc.schedule(), boost, rateHz, BeamWindows.DEFAULT, seed) : null;
        DigitizerSimulator sim = new DigitizerSimulator(settings, progress, events);
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            sim.stop();
            try {
                main.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        SimulatorTally tally;
        try {
            tally = sim.run();
        } catch (IOException e) {
            throw new CommandException(e.getMessage(), e);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running: fine, we are done
        }
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(toJson(tally)));
        } else {
            System.out.printf("simulate: done: %d pulses, %d packets sent (%d intact, %d heartbeats), %d waveforms, "
                            + "%d withheld, %d swapped, %d malformed %s%n", tally.pulses(), tally.packetsSent(), tally.goodPackets(),
                    tally.heartbeats(), tally.waveforms(), tally.withheldPackets(), tally.swapped(), tally.malformedTotal(),
                    tally.malformedByReason());
        }
        return 0;
    }

    static ObjectNode toJson(SimulatorTally t) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("pulses", t.pulses());
        o.put("packetsSent", t.packetsSent());
        o.put("goodPackets", t.goodPackets());
        o.put("heartbeats", t.heartbeats());
        o.put("waveforms", t.waveforms());
        o.put("goodBytes", t.goodBytes());
        o.put("bytesSent", t.bytesSent());
        o.put("withheldPackets", t.withheldPackets());
        o.put("withheldWaveforms", t.withheldWaveforms());
        o.put("swapped", t.swapped());
        o.put("expectedLostPackets", t.expectedLostPackets());
        o.put("expectedReordered", t.expectedReordered());
        o.put("malformedTotal", t.malformedTotal());
        ObjectNode m = o.putObject("malformed");
        t.malformedByReason().forEach(m::put);
        return o;
    }

    static DetectorConfig detector(String ref) {
        try {
            return ConfigLoader.detector(ref);
        } catch (ConfigException e) {
            throw new CommandException(e.getMessage(), e);
        }
    }

    private static String[] hostPort(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new CommandException("expected HOST:PORT, got '" + s + "'");
        }
        String port = s.substring(colon + 1);
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new CommandException("port must be 1..65535, got '" + port + "'");
        }
        return new String[] {s.substring(0, colon), port};
    }
}
