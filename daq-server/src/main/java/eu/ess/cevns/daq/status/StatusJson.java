package eu.ess.cevns.daq.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.daq.alarm.Alarm;
import eu.ess.cevns.daq.readout.ReadoutCounters;
import eu.ess.cevns.daq.readout.ReadoutLoss;
import eu.ess.cevns.daq.readout.RejectReason;
import eu.ess.cevns.daq.readout.UdpStatus;
import eu.ess.cevns.daq.store.DropReason;

import java.time.Instant;
import java.util.Map;

/**
 * {@code /api/status} as JSON: a {@link StatusSnapshot} with the field names of the operator
 * contract (DESIGN §7), one top-level key per section in a fixed order (run, readout, store, beam,
 * alarms, channels, then the extensions' parts), plus the time it was taken.
 */
public final class StatusJson {
    private StatusJson() {
    }

    public static ObjectNode of(StatusSnapshot s) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("time", s.time().toString());
        run(s.run(), root.putObject("run"));
        readout(s.readout(), root.putObject("readout"));
        store(s.store(), root.putObject("store"));
        beam(s.beam(), root.putObject("beam"));
        alarms(s.alarms(), root.putObject("alarms"));
        channels(s, root.putObject("channels").putArray("list"));
        for (Map.Entry<StatusPart<?>, Object> p : s.parts().entrySet()) {
            p.getKey().writeJson(p.getValue(), root.putObject(p.getKey().name()));
        }
        return root;
    }

    private static void run(StatusSnapshot.Run r, ObjectNode s) {
        if (r.number().isPresent()) {
            s.put("number", r.number().getAsInt());
        } else {
            s.putNull("number");
        }
        s.put("state", r.state().name());
        s.put("start", text(r.start()));
        s.put("stop", text(r.stop()));
        s.put("comment", r.comment());
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    private static void readout(ReadoutCounters.Snapshot c, ObjectNode s) {
        s.put("packets", c.packets());
        s.put("heartbeats", c.heartbeats());
        s.put("waveforms", c.waveforms());
        s.put("bytes", c.bytes());
        s.put("lostPackets", c.lostPackets());
        s.put("reordered", c.reordered());
        s.put("resyncs", c.resyncs());
        ObjectNode rejected = s.putObject("rejected");
        rejected.put("total", c.rejectedTotal());
        for (RejectReason r : RejectReason.all()) {
            rejected.put(r.key(), c.rejected(r));
        }
        s.put("tcpConnections", c.tcpConnections());
        s.put("tcpClosedGarbage", c.tcpClosedGarbage());
        s.put("tcpSkippedBytes", c.tcpSkippedBytes());
        s.put("tcpPartialPackets", c.tcpPartialPackets());
        count(s, "kernelDrops", c.kernelDrops());
        udp(c.udp(), s.putObject("udp"));
        ObjectNode run = s.putObject("run");
        run.put("since", text(c.run().since()));
        loss(c.run(), run);
    }

    /**
     * The sequence counts of a stretch of readout, in total and per source: {@code readout.run} of
     * the status, and {@code readout} of a stopped run in {@code /api/runs}.
     */
    public static void loss(ReadoutLoss l, ObjectNode o) {
        o.put("packets", l.packets());
        o.put("lostPackets", l.lostPackets());
        o.put("reordered", l.reordered());
        o.put("resyncs", l.resyncs());
        if (l.kernelDrops() == null) {
            o.putNull("kernelDrops");
        } else {
            o.put("kernelDrops", l.kernelDrops());
        }
        ArrayNode sources = o.putArray("sources");
        for (ReadoutLoss.Source src : l.sources()) {
            ObjectNode n = sources.addObject();
            n.put("source", src.source());
            n.put("outputQueue", src.outputQueue());
            n.put("packets", src.packets());
            n.put("lostPackets", src.lostPackets());
            n.put("reordered", src.reordered());
            n.put("resyncs", src.resyncs());
        }
    }

    /** The UDP receive path: threads, receive buffer asked and granted, the kernel's drops per socket and the host's. */
    private static void udp(UdpStatus u, ObjectNode o) {
        o.put("threads", u.threads());
        o.put("receiveBufferAskedBytes", u.bufferAskedBytes());
        o.put("receiveBufferBytes", u.bufferGrantedBytes());
        count(o, "hostRcvbufErrors", u.hostRcvbufErrors());
        ArrayNode sockets = o.putArray("sockets");
        for (UdpStatus.Socket socket : u.sockets()) {
            ObjectNode n = sockets.addObject();
            n.put("datagrams", socket.datagrams());
            count(n, "kernelDrops", socket.kernelDrops());
        }
    }

    /** A count, null when unknown (-1). */
    private static void count(ObjectNode o, String name, long value) {
        if (value < 0) {
            o.putNull(name);
        } else {
            o.put(name, value);
        }
    }

    private static void store(StatusSnapshot.Store c, ObjectNode s) {
        s.put("waveforms", c.waveforms());
        s.put("bytes", c.bytes());
        s.put("pulses", c.pulses());
        s.put("noRunWaveforms", c.noRunWaveforms());
        s.put("dropped", c.dropped());
        ObjectNode byReason = s.putObject("droppedByReason");
        for (DropReason r : DropReason.all()) {
            byReason.put(r.key(), c.dropped(r));
        }
        s.put("state", c.state().name());
        s.put("stateMessage", c.stateMessage());
        ObjectNode sync = s.putObject("sync");
        sync.put("policy", c.sync().policy().text());
        sync.put("syncs", c.sync().syncs());
        sync.put("lastMs", Math.round(c.sync().lastMs() * 100) / 100.0);
        sync.put("maxMs", Math.round(c.sync().maxMs() * 100) / 100.0);
        sync.put("failures", c.sync().failures());
    }

    private static void beam(StatusSnapshot.Beam b, ObjectNode s) {
        s.put("state", b.state().name());
        s.put("timing", b.timingConnected() ? "CONNECTED" : "DISCONNECTED");
        s.put("timingFresh", b.timingFresh());
        ObjectNode p = s.putObject("pulses");
        p.put("on", b.pulsesOn());
        p.put("off", b.pulsesOff());
        p.put("unknown", b.pulsesUnknown());
        s.put("potOn", b.potOn());
        s.put("chargeOnUc", b.chargeOnUc());
        s.put("powerMw", b.powerMw());
        s.put("mode", b.mode());
        s.put("lastChargeUc", b.lastChargeUc());
        s.put("epicsUpdates", b.epicsUpdates());
        s.put("clockOffsetUs", b.clockOffsetUs());
        s.put("maxClockOffsetUs", b.maxClockOffsetUs());
        ObjectNode j = s.putObject("join");
        j.put("timeouts", b.join().timeouts());
        j.put("offClockTimeouts", b.join().offClockTimeouts());
        j.put("lastOffClockUs", b.join().lastOffClockUs());
    }

    /**
     * The {@code alarms} section (also the head of {@code /api/alarms}): count (the listed alarms),
     * how many are unacknowledged, the highest severity, the listed alarms with their state, the
     * shelved ones, free disk.
     */
    public static void alarms(StatusSnapshot.Alarms a, ObjectNode o) {
        o.put("count", a.active().size());
        o.put("unacknowledged", a.unacknowledged());
        o.put("severity", a.severity().name());
        ArrayNode list = o.putArray("active");
        for (Alarm alarm : a.active()) {
            alarm(alarm, list.addObject());
        }
        ArrayNode shelved = o.putArray("shelved");
        for (Alarm alarm : a.shelved()) {
            alarm(alarm, shelved.addObject());
        }
        o.put("diskFreeBytes", a.diskFreeBytes());
    }

    /** One alarm as the status lists it. */
    public static void alarm(Alarm alarm, ObjectNode n) {
        n.put("name", alarm.name());
        n.put("severity", alarm.severity().name());
        n.put("state", alarm.state().name());
        n.put("currentSeverity", alarm.currentSeverity().name());
        n.put("title", alarm.title());
        n.put("message", alarm.message());
        n.put("action", alarm.action());
        n.put("since", alarm.since().toString());
        ArrayNode pvs = n.putArray("pvs");
        alarm.pvs().forEach(pvs::add);
        Alarm.Act ack = alarm.acknowledged();
        if (ack == null) {
            n.putNull("acknowledged");
        } else {
            ObjectNode k = n.putObject("acknowledged");
            k.put("who", ack.who());
            k.put("time", ack.time().toString());
            k.put("reason", ack.reason());
        }
        Alarm.Shelf shelf = alarm.shelf();
        if (shelf == null) {
            n.putNull("shelf");
        } else {
            ObjectNode k = n.putObject("shelf");
            k.put("who", shelf.who());
            k.put("time", shelf.time().toString());
            k.put("reason", shelf.reason());
            k.put("until", shelf.until().toString());
        }
    }

    private static void channels(StatusSnapshot s, ArrayNode out) {
        for (StatusSnapshot.Channel c : s.channels()) {
            ObjectNode o = out.addObject();
            o.put("id", c.id());
            o.put("digitizer", c.digitizer());
            o.put("waveforms", c.waveforms());
            o.put("rateHz", Math.round(c.rateHz() * 100) / 100.0);
            o.put("silentS", Math.round(c.silentS() * 10) / 10.0);
            o.put("thresholdKeVnr", c.thresholdKeVnr());
        }
    }
}
