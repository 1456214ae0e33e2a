package eu.ess.cevns.daq.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.daq.readout.ReadoutCounters;
import eu.ess.cevns.daq.readout.RejectReason;
import eu.ess.cevns.daq.run.RunControl;
import eu.ess.cevns.daq.store.RunInfo;
import eu.ess.cevns.daq.store.StoreCounters;

/**
 * The server's own sections of {@code /api/status}: {@code run}, {@code readout}, {@code store}
 * and {@code beam}, with the field names of the operator contract (DESIGN §7).
 */
public final class ServerStatus {
    private ServerStatus() {
    }

    public static StatusSection run(RunControl runs) {
        return section("run", s -> {
            RunInfo r = runs.current();
            if (r == null) {
                s.putNull("number");
            } else {
                s.put("number", r.number());
            }
            s.put("state", runs.state().name());
            s.put("start", r == null || r.start() == null ? null : r.start().toString());
            s.put("stop", r == null || r.stop() == null ? null : r.stop().toString());
            s.put("comment", r == null ? "" : r.comment());
        });
    }

    public static StatusSection readout(ReadoutCounters counters) {
        return section("readout", s -> {
            ReadoutCounters.Snapshot c = counters.snapshot();
            s.put("packets", c.packets());
            s.put("heartbeats", c.heartbeats());
            s.put("waveforms", c.waveforms());
            s.put("bytes", c.bytes());
            s.put("lostPackets", c.lostPackets());
            s.put("reordered", c.reordered());
            ObjectNode rejected = s.putObject("rejected");
            rejected.put("total", c.rejectedTotal());
            for (RejectReason r : RejectReason.all()) {
                rejected.put(r.key(), c.rejected(r));
            }
            s.put("tcpConnections", c.tcpConnections());
            s.put("tcpClosedGarbage", c.tcpClosedGarbage());
            s.put("tcpSkippedBytes", c.tcpSkippedBytes());
        });
    }

    public static StatusSection store(StoreCounters counters) {
        return section("store", s -> {
            s.put("waveforms", counters.waveforms());
            s.put("bytes", counters.bytes());
            s.put("pulses", counters.pulses());
            s.put("noRunWaveforms", counters.noRunWaveforms());
            s.put("dropped", counters.dropped());
        });
    }

    /**
     * Beam fields before the EPICS timing client exists: the state cannot be known, so it is
     * UNKNOWN and the timing connection DISCONNECTED, with zero pulses classified.
     */
    public static StatusSection beamWithoutTiming() {
        return section("beam", s -> {
            s.put("state", "UNKNOWN");
            s.put("timing", "DISCONNECTED");
            ObjectNode p = s.putObject("pulses");
            p.put("on", 0);
            p.put("off", 0);
            p.put("unknown", 0);
            s.put("potOn", 0.0);
        });
    }

    private static StatusSection section(String name, java.util.function.Consumer<ObjectNode> writer) {
        return new StatusSection() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void write(ObjectNode section) {
                writer.accept(section);
            }
        };
    }
}
