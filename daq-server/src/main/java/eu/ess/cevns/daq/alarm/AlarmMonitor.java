package eu.ess.cevns.daq.alarm;

import eu.ess.cevns.daq.status.StatusJson;
import eu.ess.cevns.daq.status.StatusSnapshot;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.config.AlarmLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Evaluates the alarm rules on each second's status and keeps the active alarms. A rule's report that was
 * not active before is raised; an active alarm no rule reports any more is cleared. Each
 * transition is logged (raised as a warning) and recorded in the open run; when a run starts, the
 * alarms active at that moment are recorded in it too, so a run's file tells its whole alarm story.
 * Conditions pushed by another part (the beam timing connection) take the same path, and rules of
 * extensions (the live analysis) join the server's own. The page, {@code /api/status},
 * {@code /api/alarms} and the status PVs' severities all read from here.
 */
public final class AlarmMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmMonitor.class);
    private static final long WINDOW_MS = 60_000;
    private static final int RECENT = 100;

    /** Where transitions are recorded (the run store). */
    @FunctionalInterface
    public interface Recorder {
        void record(String name, int severity, boolean raised, String message);
    }

    private record Sample(long timeMs, StatusSnapshot status) {
    }

    private final AlarmLimits limits;
    private final LongSupplier diskFreeBytes;
    private final Recorder recorder;
    private final LongSupplier clockMs;
    private final List<AlarmRule> rules = new CopyOnWriteArrayList<>(List.of(new ChannelSilence(), new PacketLoss(),
            new SequenceResyncs(), new PacketRejects(), new StoreDrops(), new StoreRefusing(), new UnknownPulses(), new DiskSpace(),
            new RunNotRecording()));
    private final List<Consumer<AlarmTransition>> listeners = new CopyOnWriteArrayList<>();
    private final Deque<Sample> samples = new ArrayDeque<>();
    private final Map<String, AlarmReport.Finding> pushed = new ConcurrentHashMap<>();
    private final Deque<AlarmTransition> recent = new ArrayDeque<>();
    private volatile List<Alarm> active = List.of();
    private final Map<String, Alarm> activeByName = new LinkedHashMap<>();
    /** Since when each finding that must hold before it is raised has held (not yet raised). */
    private final Map<String, Long> pendingSinceMs = new java.util.HashMap<>();
    private long lastRun = -1;
    private volatile long lastDiskFree = -1;

    /** @param diskFreeBytes usable bytes on the data root, -1 if unknown (measured once per evaluation) */
    public AlarmMonitor(AlarmLimits limits, LongSupplier diskFreeBytes, Recorder recorder, LongSupplier clockMs) {
        this.limits = limits;
        this.diskFreeBytes = diskFreeBytes;
        this.recorder = recorder;
        this.clockMs = clockMs;
    }

    /** A rule of an extension (the live analysis' excess and lag), judged with the server's own. */
    public void addRule(AlarmRule rule) {
        rules.add(rule);
    }

    /** Told of every raise and clear, after it is recorded (on the thread that caused it). */
    public void onTransition(Consumer<AlarmTransition> listener) {
        listeners.add(listener);
    }

    public AlarmLimits limits() {
        return limits;
    }

    /** One evaluation of every rule on the status {@code s}; returns the transitions it caused. */
    public synchronized List<AlarmTransition> evaluate(StatusSnapshot s) {
        long now = clockMs.getAsLong();
        samples.addLast(new Sample(now, s));
        while (samples.size() > 2 && samples.peekFirst().timeMs() < now - WINDOW_MS) {
            samples.removeFirst();
        }
        Sample first = samples.peekFirst();
        long disk = diskFreeBytes.getAsLong();
        lastDiskFree = disk;
        AlarmInputs in = new AlarmInputs(s, first.status(), (now - first.timeMs()) / 1000.0, disk, limits);
        AlarmReport report = new AlarmReport();
        for (AlarmRule rule : rules) {
            rule.check(in, report);
        }
        long run = s.run().number().orElse(-1);
        if (run != lastRun && in.running()) {
            lastRun = run;
            // a new run starts with the story so far: what was wrong as it began
            for (Alarm a : activeByName.values()) {
                recorder.record(a.name(), a.severity().ordinal(), true, a.title() + ": " + a.message() + " (active at run start)");
            }
        }
        Map<String, AlarmReport.Finding> holding = new LinkedHashMap<>(report.findings());
        holding.putAll(pushed);
        pendingSinceMs.keySet().removeIf(n -> !holding.containsKey(n) && !report.pending().contains(n));
        report.pending().forEach(n -> pendingSinceMs.putIfAbsent(n, now));
        holding.values().removeIf(f -> f.holdS() > 0 && !activeByName.containsKey(f.name())
                && now - pendingSinceMs.computeIfAbsent(f.name(), n -> now) < f.holdS() * 1000);
        return apply(holding, now);
    }

    /**
     * A condition another part watches (timing): raised once it has held for {@code holdS} seconds
     * (at the next evaluation after that; at once for 0), until pushed again with {@code raised = false}.
     */
    public synchronized void push(String name, Severity severity, boolean raised, double holdS, String title, String message,
                                  String action, String... pvs) {
        if (raised) {
            pushed.put(name, new AlarmReport.Finding(name, severity, title, message, action, List.of(pvs), holdS));
            pendingSinceMs.putIfAbsent(name, clockMs.getAsLong());
        } else {
            pushed.remove(name);
            pendingSinceMs.remove(name);
        }
        Map<String, AlarmReport.Finding> holding = new LinkedHashMap<>();
        for (Alarm a : activeByName.values()) {
            holding.put(a.name(), new AlarmReport.Finding(a.name(), a.severity(), a.title(), a.message(), a.action(), a.pvs()));
        }
        holding.remove(name);
        holding.putAll(pushed);
        // a condition that must hold first is raised by an evaluation once it has
        holding.values().removeIf(f -> f.holdS() > 0 && !activeByName.containsKey(f.name()));
        if (!raised && activeByName.containsKey(name)) {
            // the clear carries the pusher's words (e.g. "connected again")
            Alarm a = activeByName.get(name);
            activeByName.put(name, new Alarm(name, a.severity(), a.title(), message, a.action(), a.since(), a.pvs()));
        }
        apply(holding, clockMs.getAsLong());
    }

    private List<AlarmTransition> apply(Map<String, AlarmReport.Finding> holding, long nowMs) {
        List<AlarmTransition> out = new ArrayList<>();
        Instant t = Instant.ofEpochMilli(nowMs);
        for (AlarmReport.Finding f : holding.values()) {
            Alarm before = activeByName.get(f.name());
            if (before == null || before.severity() != f.severity()) {
                out.add(new AlarmTransition(t, f.name(), f.severity(), true, f.title(), f.message(), f.action()));
            }
            activeByName.put(f.name(), new Alarm(f.name(), f.severity(), f.title(), f.message(), f.action(),
                    before == null ? t : before.since(), f.pvs()));
        }
        for (String name : List.copyOf(activeByName.keySet())) {
            if (!holding.containsKey(name)) {
                Alarm a = activeByName.remove(name);
                out.add(new AlarmTransition(t, name, a.severity(), false, a.title(), a.message(), a.action()));
            }
        }
        for (AlarmTransition tr : out) {
            if (tr.raised()) {
                LOG.warn("alarm {} {}: {} ({})", tr.severity(), tr.name(), tr.title(), tr.message());
            } else {
                LOG.info("alarm cleared {}: {}", tr.name(), tr.title());
            }
            recorder.record(tr.name(), tr.severity().ordinal(), tr.raised(), tr.title() + ": " + tr.message());
            listeners.forEach(l -> l.accept(tr));
            recent.addFirst(tr);
            if (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
        List<Alarm> list = new ArrayList<>(activeByName.values());
        list.sort(Comparator.comparing((Alarm a) -> a.severity()).reversed().thenComparing(Alarm::since));
        active = List.copyOf(list);
        return out;
    }

    /** Active alarms, most severe first, then oldest first. */
    public List<Alarm> active() {
        return active;
    }

    /** The highest severity among active alarms. */
    public Severity severity() {
        Severity s = Severity.NO_ALARM;
        for (Alarm a : active) {
            s = s.max(a.severity());
        }
        return s;
    }

    /** The most severe active alarm that colours status PV {@code pv} (name after the prefix), or null. */
    public Alarm alarmOf(String pv) {
        for (Alarm a : active) {
            if (a.pvs().contains(pv)) {
                return a;
            }
        }
        return null;
    }

    /** Free bytes on the data root at the last evaluation, -1 if unknown. */
    public long diskFreeBytes() {
        return lastDiskFree;
    }

    public synchronized List<AlarmTransition> recent() {
        return List.copyOf(recent);
    }

    /** The alarm section of the status: active alarms, the highest severity, the free space last measured. */
    public StatusSnapshot.Alarms status() {
        // the evaluation measures the disk once a second; before the first one, ask the file system
        long disk = lastDiskFree;
        return new StatusSnapshot.Alarms(active, severity(), disk >= 0 ? disk : diskFreeBytes.getAsLong());
    }

    /** {@code GET /api/alarms}: the alarm section and the last transitions, newest first. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        StatusJson.alarms(status(), o);
        ArrayNode r = o.putArray("recent");
        for (AlarmTransition t : recent()) {
            ObjectNode n = r.addObject();
            n.put("time", t.time().toString());
            n.put("name", t.name());
            n.put("severity", t.severity().name());
            n.put("raised", t.raised());
            n.put("title", t.title());
            n.put("message", t.message());
        }
        return o;
    }
}
