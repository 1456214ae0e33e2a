package eu.ess.cevns.kafka.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.config.KafkaSettings;
import eu.ess.cevns.daq.alarm.AlarmTransition;
import eu.ess.cevns.daq.status.StatusSnapshot;
import eu.ess.cevns.kafka.schema.AlarmMessage;
import eu.ess.cevns.kafka.schema.ConnectionInfo;
import eu.ess.cevns.kafka.schema.LogData;
import eu.ess.cevns.kafka.schema.StatusMessage;

import java.util.Queue;

/**
 * What the publisher sends as it happens rather than from the store: on the daq topic an x5f2
 * heartbeat every {@link #HEARTBEAT_MS} with the host's status in its JSON, the status PVs as f144
 * logs at the same pace, an al00 for each alarm raised or cleared (its severity, OK when cleared;
 * the message with what to do); on the beam topic (designated host) an ep01 whenever the beam
 * timing connection changes. Sent once each: a lost heartbeat is counted, not repeated.
 */
final class LiveMessages {
    static final long HEARTBEAT_MS = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PublisherSetup setup;
    private final KafkaSettings k;
    private final Queue<AlarmTransition> alarms;
    private final LogData.Writer f144 = new LogData.Writer();
    private long nextHeartbeatMs;
    private Boolean timingConnected;

    LiveMessages(PublisherSetup setup, Queue<AlarmTransition> alarms) {
        this.setup = setup;
        this.k = setup.kafka();
        this.alarms = alarms;
    }

    /** Sends what is due at {@code nowMs} given the status {@code s} and the publisher's own {@code p}. */
    void send(Sender sender, long nowMs, StatusSnapshot s, PublisherStatus p) {
        long nowNs = nowMs * 1_000_000L;
        if (k.publishes(KafkaSettings.Stream.DAQ)) {
            for (AlarmTransition t; (t = alarms.poll()) != null; ) {
                sender.sendLive(k.daqTopic(), setup.serviceId(), t.time().toEpochMilli() * 1_000_000L, alarm(t).encode());
            }
            if (nowMs >= nextHeartbeatMs && s != null) {
                nextHeartbeatMs = nowMs + HEARTBEAT_MS;
                sender.sendLive(k.daqTopic(), setup.serviceId(), nowNs, heartbeat(s, p).encode());
                for (DaqStatusLogs.Log l : setup.logs()) {
                    String source = setup.pvaPrefix() + l.pv().name();
                    sender.sendLive(k.daqTopic(), source, nowNs, DaqStatusLogs.encode(f144, l, source, s, nowNs));
                }
            }
        } else {
            alarms.clear();
        }
        if (k.publishes(KafkaSettings.Stream.BEAM) && s != null) {
            boolean c = s.beam().timingConnected();
            if (timingConnected == null || c != timingConnected) {
                ConnectionInfo.Status status = c ? ConnectionInfo.Status.CONNECTED
                        : timingConnected == null ? ConnectionInfo.Status.NEVER_CONNECTED : ConnectionInfo.Status.DISCONNECTED;
                timingConnected = c;
                for (String pv : new String[] {setup.beamPvs().protonCharge(), setup.beamPvs().present()}) {
                    sender.sendLive(k.beamTopic(), pv, nowNs, new ConnectionInfo(nowNs, status, pv, setup.serviceId()).encode());
                }
            }
        }
    }

    /** An alarm transition as al00: the host's alarms share its service id as source; the message names the alarm. */
    AlarmMessage alarm(AlarmTransition t) {
        AlarmMessage.Severity sev = !t.raised() ? AlarmMessage.Severity.OK : switch (t.severity()) {
            case NO_ALARM -> AlarmMessage.Severity.OK;
            case MINOR -> AlarmMessage.Severity.MINOR;
            case MAJOR -> AlarmMessage.Severity.MAJOR;
            case INVALID -> AlarmMessage.Severity.INVALID;
        };
        String text = t.raised()
                ? t.name() + " " + t.severity() + ": " + t.title() + ": " + t.message() + ". What to do: " + t.action()
                : t.name() + " cleared: " + t.title();
        return new AlarmMessage(setup.serviceId(), t.time().toEpochMilli() * 1_000_000L, sev, text);
    }

    private StatusMessage heartbeat(StatusSnapshot s, PublisherStatus p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("source", setup.names().source());
        if (s.run().number().isPresent()) {
            o.put("run", s.run().number().getAsInt());
        } else {
            o.putNull("run");
        }
        o.put("state", s.run().state().name());
        o.put("waveforms", s.store().waveforms());
        o.put("beam", s.beam().state().name());
        o.put("timing", s.beam().timingConnected() ? "CONNECTED" : "DISCONNECTED");
        o.put("alarms", s.alarms().active().size());
        if (p != null) {
            ObjectNode q = o.putObject("publisher");
            q.put("state", p.state());
            q.put("lagS", p.lagS());
            q.put("run", p.run());
        }
        return new StatusMessage("cevns-daq", setup.softwareVersion(), setup.serviceId(), setup.hostName(), ProcessHandle.current().pid(),
                HEARTBEAT_MS, o.toString());
    }
}
