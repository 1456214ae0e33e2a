package eu.ess.cevns.kafka.consume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.analysis.monitor.AnalysisSummary;
import eu.ess.cevns.analysis.monitor.EventClass;
import eu.ess.cevns.analysis.monitor.RunAnalysis;
import eu.ess.cevns.config.ExpectationInputs;
import eu.ess.cevns.kafka.EventFlags;
import eu.ess.cevns.kafka.SourceNames;
import eu.ess.cevns.kafka.schema.ArrayData;
import eu.ess.cevns.kafka.schema.EventData;
import eu.ess.cevns.kafka.schema.LogData;
import eu.ess.cevns.kafka.schema.RunStart;
import eu.ess.cevns.kafka.schema.RunStop;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One host's stream on the detector topic, fed in the order its partition holds it, into the
 * same {@link RunAnalysis} the host runs itself: the run start (pl72, whose metadata carries the
 * run's configuration snapshot), each pulse's beam decision (f144 {@code _beam_state} then
 * {@code _proton_charge}), the live settings (f144 {@code <source>:<setting>}), each pulse's events
 * (ev44 and its se00 energies, shapes and flags, joined by message id) and the run stop (6s4t).
 * Messages of other runs are skipped; a pulse decided twice, or an event seen twice (after a
 * publisher restart), counts once. What the analysis makes of each pulse and event also goes to
 * the {@link JointPulses}.
 */
final class DetectorStream {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Pulses whose events are remembered to drop duplicates: far more than a publisher restart repeats. */
    private static final int DEDUP_PULSES = 2000;

    private final SourceNames names;
    private final ExpectationInputs override;
    private final Integer wantedRun;
    private final JointPulses joint;
    private RunAnalysis analysis;
    private int run = -1;
    private boolean inRun;
    private boolean stopped;
    private long pendingStateT0 = Long.MIN_VALUE;
    private int pendingState;
    private final Map<Long, Parts> parts = new HashMap<>();
    private final Map<Long, Set<Long>> seenEvents = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Set<Long>> eldest) {
            return size() > DEDUP_PULSES;
        }
    };
    private final Set<Long> decided = new HashSet<>();
    private final ArrayDeque<Long> decidedOrder = new ArrayDeque<>();
    private long duplicates;
    private long incomplete;
    private long events;
    private long pulses;

    /** The four messages of one pulse's events, joined by their message id. */
    private static final class Parts {
        EventData events;
        double[] keVee;
        float[] shape;
        byte[] flags;

        boolean whole() {
            return events != null && keVee != null && shape != null && flags != null;
        }
    }

    /**
     * @param override  the expectation's inputs instead of those the run recorded (null: the run's, as its host has them)
     * @param wantedRun only this run of the host (null: every run, each starting afresh)
     */
    DetectorStream(String source, ExpectationInputs override, Integer wantedRun, JointPulses joint) {
        this.names = new SourceNames(source);
        this.override = override;
        this.wantedRun = wantedRun;
        this.joint = joint;
    }

    SourceNames names() {
        return names;
    }

    void onRunStart(RunStart m) {
        JsonNode meta;
        try {
            meta = JSON.readTree(m.metadata() == null ? "{}" : m.metadata());
        } catch (IOException e) {
            throw new IllegalArgumentException(names.source() + ": run start with unreadable metadata: " + e.getMessage(), e);
        }
        int number = meta.path("run").asInt(-1);
        String config = meta.path("configuration").asText(null);
        if (number < 0 || config == null) {
            throw new IllegalArgumentException(names.source() + ": run start without run number or configuration in its metadata");
        }
        if (number == run && inRun) {
            return; // the same start again (a publisher restart)
        }
        if (wantedRun != null && number != wantedRun) {
            inRun = false;
            return;
        }
        run = number;
        inRun = true;
        stopped = false;
        analysis = new RunAnalysis(override);
        analysis.onRunStart(number, Instant.ofEpochMilli(m.startTimeMs()), meta.path("software").asText(""), meta.path("who").asText(""),
                meta.path("comment").asText(""), config);
        parts.clear();
        seenEvents.clear();
        decided.clear();
        decidedOrder.clear();
    }

    void onRunStop(RunStop m) {
        if (inRun && Integer.toString(run).equals(m.runName()) && !stopped) {
            flushParts();
            analysis.onRunStop(Instant.ofEpochMilli(m.stopTimeMs()), false, 0, 0, 0, "", "");
            stopped = true;
            inRun = false;
        }
    }

    void onLog(LogData m) {
        if (!inRun) {
            return;
        }
        String s = m.sourceName();
        if (s.equals(names.beamState())) {
            pendingStateT0 = m.timestampNs();
            pendingState = (int) m.longValue();
        } else if (s.equals(names.protonCharge())) {
            long t0 = m.timestampNs();
            if (t0 != pendingStateT0) {
                return;
            }
            pendingStateT0 = Long.MIN_VALUE;
            if (!decided.add(t0)) {
                duplicates++;
                return;
            }
            decidedOrder.addLast(t0);
            if (decidedOrder.size() > DEDUP_PULSES) {
                decided.remove(decidedOrder.removeFirst());
            }
            analysis.onPulse(t0, m.value(), pendingState);
            pulses++;
            joint.pulse(names.source(), t0, pendingState, m.value(), analysis.settings().windows());
        } else {
            // the events stored before the change were published before it, so they are counted with the old setting
            names.settingOf(s).ifPresent(what -> {
                analysis.onConfigChange(Instant.ofEpochSecond(0, m.timestampNs()), "kafka", what, "", Double.toString(m.value()));
            });
        }
    }

    void onEvents(EventData m) {
        if (inRun) {
            part(m.messageId()).events = m;
            complete(m.messageId());
        }
    }

    void onArray(ArrayData m) {
        if (!inRun) {
            return;
        }
        Parts p = part(m.messageCounter());
        String s = m.name();
        if (s.equals(names.energy()) && m.valueType() == ArrayData.ValueType.DOUBLE) {
            p.keVee = (double[]) m.values();
        } else if (s.equals(names.shape()) && m.valueType() == ArrayData.ValueType.FLOAT) {
            p.shape = (float[]) m.values();
        } else if (s.equals(names.flags()) && m.valueType() == ArrayData.ValueType.UINT8) {
            p.flags = (byte[]) m.values();
        } else {
            return;
        }
        complete(m.messageCounter());
    }

    private Parts part(long id) {
        return parts.computeIfAbsent(id, k -> new Parts());
    }

    private void complete(long id) {
        Parts p = parts.get(id);
        if (p == null || !p.whole()) {
            return;
        }
        parts.remove(id);
        EventData e = p.events;
        int n = e.events();
        if (p.keVee.length != n || p.shape.length != n || p.flags.length != n) {
            throw new IllegalArgumentException(names.source() + ": message " + id + " has " + n + " events but " + p.keVee.length
                    + " energies, " + p.shape.length + " shapes, " + p.flags.length + " flags");
        }
        long[] ref = e.referenceTime();
        int[] idx = e.referenceTimeIndex();
        for (int j = 0; j < ref.length; j++) {
            long t0 = ref[j];
            int to = j + 1 < idx.length ? idx[j + 1] : n;
            Set<Long> seen = seenEvents.computeIfAbsent(t0, k -> new HashSet<>());
            for (int i = idx[j]; i < to; i++) {
                int tof = e.timeOfFlight()[i];
                int pixel = e.pixelId()[i];
                if (!seen.add(((long) tof << 20) ^ (pixel & 0xFFFFFL))) {
                    duplicates++;
                    continue;
                }
                byte f = p.flags[i];
                EventClass c = analysis.onEvent(pixel, t0, tof, p.keVee[i], EventFlags.pileUp(f), EventFlags.saturated(f), p.shape[i],
                        EventFlags.beamState(f));
                events++;
                if (c != null) {
                    joint.event(names.source(), t0, c);
                }
            }
            joint.reported(names.source(), t0);
        }
    }

    /** At the stop no part can still be missing its siblings (the publisher sends the four together); any left are dropped. */
    private void flushParts() {
        incomplete += parts.size();
        parts.clear();
    }

    /** Event messages dropped because a sibling never came. */
    long incompleteMessages() {
        return incomplete;
    }

    /** The analysis of the run, or null before its start. */
    AnalysisSummary summary() {
        return analysis == null ? null : analysis.summary();
    }

    RunAnalysis analysis() {
        return analysis;
    }

    int run() {
        return run;
    }

    boolean stopped() {
        return stopped;
    }

    long duplicates() {
        return duplicates;
    }

    long events() {
        return events;
    }

    long pulses() {
        return pulses;
    }
}
