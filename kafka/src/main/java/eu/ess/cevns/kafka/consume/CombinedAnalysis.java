package eu.ess.cevns.kafka.consume;

import eu.ess.cevns.analysis.stats.Interval;
import eu.ess.cevns.analysis.stats.OnOff;
import eu.ess.cevns.config.ExpectationInputs;
import eu.ess.cevns.kafka.SourceNames;
import eu.ess.cevns.kafka.schema.ArrayData;
import eu.ess.cevns.kafka.schema.EventData;
import eu.ess.cevns.kafka.schema.FlatTable;
import eu.ess.cevns.kafka.schema.LogData;
import eu.ess.cevns.kafka.schema.RunStart;
import eu.ess.cevns.kafka.schema.RunStop;
import eu.ess.cevns.kafka.schema.SchemaException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The combined analysis of the configured sources (detectors, one per host): each message of the
 * detector topic goes to its source's {@link DetectorStream} (found by the message's own source
 * name; pl72 and 6s4t by their record key, the host's source name), which runs that host's own
 * analysis; pulses reported by every source make the summed view ({@link JointPulses}). The facility
 * beam's f144 logs, from the beam topic, are tallied beside. Messages that are malformed, of no
 * configured source or of a schema not used here are counted, never fatal. One thread.
 */
public final class CombinedAnalysis {
    private final List<String> sources;
    private final Map<String, DetectorStream> streams = new LinkedHashMap<>();
    private final Map<String, DetectorStream> bySourceName = new HashMap<>();
    private final JointPulses joint;
    private final FacilityBeam beam;
    private long malformed;
    private long ignored;
    private String lastProblem = "";

    /**
     * @param sources   the hosts' source names (detectors) to combine
     * @param override  the expectation's inputs instead of what each run recorded (null: each run's own)
     * @param wantedRun each host's run to analyse (null: whatever runs come, each starting afresh)
     * @param beamChargeSource the f144 source of the facility's proton charge on the beam topic
     */
    public CombinedAnalysis(List<String> sources, ExpectationInputs override, Integer wantedRun, String beamChargeSource) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("name at least one source (detector) to combine");
        }
        this.sources = List.copyOf(sources);
        this.joint = new JointPulses(sources);
        this.beam = new FacilityBeam(beamChargeSource);
        for (String s : sources) {
            DetectorStream d = new DetectorStream(s, override, wantedRun, joint);
            streams.put(s, d);
            SourceNames n = d.names();
            for (String name : new String[] {n.events(), n.energy(), n.shape(), n.flags(), n.beamState(), n.protonCharge()}) {
                bySourceName.put(name, d);
            }
        }
    }

    public List<String> sources() {
        return sources;
    }

    /** One Kafka record of the detector or beam topic. */
    public void onMessage(String key, byte[] value) {
        ByteBuffer bb = ByteBuffer.wrap(value);
        String id = FlatTable.identifier(bb);
        try {
            switch (id) {
                case EventData.ID -> {
                    EventData m = EventData.decode(bb);
                    route(m.sourceName(), d -> d.onEvents(m));
                }
                case ArrayData.ID -> {
                    ArrayData m = ArrayData.decode(bb);
                    route(m.name(), d -> d.onArray(m));
                }
                case LogData.ID -> {
                    LogData m = LogData.decode(bb);
                    if (!beam.onLog(m)) {
                        route(m.sourceName(), d -> d.onLog(m));
                    }
                }
                case RunStart.ID -> {
                    RunStart m = RunStart.decode(bb);
                    route(key, d -> d.onRunStart(m));
                }
                case RunStop.ID -> {
                    RunStop m = RunStop.decode(bb);
                    route(key, d -> d.onRunStop(m));
                }
                default -> ignored++;
            }
        } catch (SchemaException | IllegalArgumentException e) {
            malformed++;
            lastProblem = e.getMessage();
        }
    }

    private void route(String source, Consumer<DetectorStream> action) {
        DetectorStream d = source == null ? null : bySourceName.get(source);
        if (d == null && source != null) {
            // a live setting, <source>:<setting>: the longest source name that prefixes it
            int best = -1;
            for (Map.Entry<String, DetectorStream> e : streams.entrySet()) {
                if (source.startsWith(e.getKey() + ":") && e.getKey().length() > best) {
                    best = e.getKey().length();
                    d = e.getValue();
                }
            }
            if (d == null) {
                d = streams.get(source);
            }
        }
        if (d == null) {
            ignored++;
            return;
        }
        action.accept(d);
    }

    /** Whether every source has reached the stop of the wanted run. */
    public boolean allStopped() {
        return streams.values().stream().allMatch(DetectorStream::stopped);
    }

    /** The sources that have not stopped yet. */
    public List<String> notStopped() {
        return streams.entrySet().stream().filter(e -> !e.getValue().stopped()).map(Map.Entry::getKey).toList();
    }

    public CombinedSummary summary() {
        List<CombinedSummary.Detector> ds = new ArrayList<>();
        long on = 0;
        double background = 0;
        double backgroundVariance = 0;
        double expected = 0;
        double alpha = Double.NaN;
        boolean sameAlpha = true;
        long off = 0;
        for (String s : sources) {
            DetectorStream d = streams.get(s);
            JointPulses.Tally t = joint.tally(s);
            double a = t.exposure.alpha();
            double e = d.analysis() == null ? 0 : d.analysis().expectedFor(t.exposure.pot());
            ds.add(new CombinedSummary.Detector(s, d.run(), d.stopped(), d.summary(), new CombinedSummary.Joint(t.on, t.off, t.beamOff,
                    t.unknown, a, t.exposure.pot(), t.exposure.pulsesOn(), t.exposure.pulsesOff(), t.exposure.pulsesUnknown(), e),
                    d.events(), d.pulses(), d.duplicates()));
            on += t.on;
            off += t.off;
            if (!Double.isNaN(a)) {
                background += a * t.off;
                backgroundVariance += a * a * t.off;
                if (!Double.isNaN(alpha) && Math.abs(alpha - a) > 1e-12 * a) {
                    sameAlpha = false;
                }
                alpha = a;
            }
            expected += e;
        }
        CombinedSummary.Summed summed;
        if (Double.isNaN(alpha)) {
            summed = new CombinedSummary.Summed(on, off, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, expected, true);
        } else if (sameAlpha) {
            // one α for all: the stacked counts are one on/off measurement
            OnOff m = new OnOff(on, off, alpha);
            Interval i = m.interval(0.6827);
            summed = new CombinedSummary.Summed(on, off, background, m.excess(), m.excessError(), m.liMaSignificance(), i.lower(), i.upper(),
                    expected, true);
        } else {
            double excess = on - background;
            double error = Math.sqrt(on + backgroundVariance);
            summed = new CombinedSummary.Summed(on, off, background, excess, error, error > 0 ? excess / error : Double.NaN,
                    excess - error, excess + error, expected, false);
        }
        return new CombinedSummary(ds, summed, joint.completePulses(), joint.waitingPulses(), joint.droppedPulses(), beam.summary(),
                malformed, ignored, lastProblem);
    }
}
