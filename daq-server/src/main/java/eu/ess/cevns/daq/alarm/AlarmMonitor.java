package eu.ess.cevns.daq.alarm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.config.AlarmDelay;
import eu.ess.cevns.config.AlarmLimits;
import eu.ess.cevns.daq.status.StatusJson;
import eu.ess.cevns.daq.status.StatusSnapshot;
import eu.ess.cevns.daq.store.AlarmActionRecord.Action;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Evaluates the alarm rules on each second's status and owns every alarm's state, as the Phoebus
 * alarm server does: a condition that has held for its raise delay is raised ({@link Alarm.State#ACTIVE});
 * someone may acknowledge it ({@code ACKNOWLEDGED}); once it has not held for its clear delay it
 * clears, and an alarm nobody acknowledged stays, latched, as {@code CLEARED} until someone does.
 * Anyone may shelve an alarm for a while with a reason ({@code SHELVED}: not shown among the active,
 * not on the PVs, not sounded) and unshelve it; a shelf runs out by itself. An alarm's "since" is
 * when its condition first held, across the gaps its clear delay bridges. Each raise and clear is
 * logged and recorded in the open run, and each act (who, why, until when) too; acts made while no
 * run is recording are written at the start of the next run, with the alarms active then.
 * Conditions pushed by another part (the beam timing connection) take the same path, and rules of
 * extensions (the live analysis) join the server's own. The page, {@code /api/status},
 * {@code /api/alarms} and the status PVs' severities all read from here.
 */
public final class AlarmMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmMonitor.class);
    private static final long WINDOW_MS = 60_000;
    private static final int RECENT = 100;
    /** Acts kept for the next run while none records: a shift's worth, far more than a night between runs sees. */
    private static final int MAX_UNRECORDED = 500;

    /** Where transitions and acts are recorded (the run store). */
    @FunctionalInterface
    public interface Recorder {
        void record(String name, int severity, boolean raised, String message);

        /**
         * Records an act; false if no run is recording to take it (the monitor then keeps it for
         * the next run). A recorder of transitions alone takes none.
         */
        default boolean recordAction(AlarmAct act) {
            return false;
        }
    }

    /** One act on an alarm, as recorded in the run and listed in {@code /api/alarms}; {@code shelvedUntil} for a shelve only. */
    public record AlarmAct(Instant time, Action action, String name, String who, String reason, Instant shelvedUntil) {
    }

    /** What an act did: the act, and the alarm after it (null when the act took it off the list). */
    public record Outcome(AlarmAct act, Alarm alarm) {
    }

    private record Sample(long timeMs, StatusSnapshot status) {
    }

    /** One alarm's life, from the first time its condition held until it is off every list. */
    private static final class Entry {
        final String name;
        AlarmReport.Finding finding;
        long firstHeldMs;
        long lastHeldMs;
        boolean raised;
        boolean holding;
        Severity current = Severity.NO_ALARM;
        /** The highest severity since the last acknowledgement. */
        Severity latched = Severity.NO_ALARM;
        Severity acknowledgedSeverity = Severity.NO_ALARM;
        Alarm.Act ack;
        Alarm.Shelf shelf;

        Entry(String name, long nowMs) {
            this.name = name;
            this.firstHeldMs = nowMs;
        }

        Alarm.State state() {
            return shelf != null ? Alarm.State.SHELVED : holding ? (ack == null ? Alarm.State.ACTIVE : Alarm.State.ACKNOWLEDGED)
                    : Alarm.State.CLEARED;
        }

        Severity severity() {
            return ack == null ? latched : holding ? current : acknowledgedSeverity;
        }

        Alarm alarm() {
            AlarmReport.Finding f = finding;
            return new Alarm(name, severity(), f.title(), f.message(), f.action(), Instant.ofEpochMilli(firstHeldMs), f.pvs(),
                    state(), current, ack, shelf);
        }
    }

    private static final Comparator<Alarm> WORST_FIRST = Comparator.comparing(Alarm::severity).reversed()
            .thenComparing(a -> !a.unacknowledged()).thenComparing(Alarm::since);

    private final AlarmLimits limits;
    private final LongSupplier diskFreeBytes;
    private final Recorder recorder;
    private final LongSupplier clockMs;
    private final List<AlarmRule> rules = new CopyOnWriteArrayList<>(List.of(new ChannelSilence(), new PacketLoss(),
            new SequenceResyncs(), new PacketRejects(), new StoreDrops(), new StoreRefusing(), new UnknownPulses(), new DiskSpace(),
            new RunNotRecording(), new UdpReceiveBuffer()));
    private final List<Consumer<AlarmTransition>> listeners = new CopyOnWriteArrayList<>();
    private final Deque<Sample> samples = new ArrayDeque<>();
    private final Map<String, AlarmReport.Finding> pushed = new LinkedHashMap<>();
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Deque<AlarmTransition> recent = new ArrayDeque<>();
    private final Deque<AlarmAct> acts = new ArrayDeque<>();
    private final Deque<AlarmAct> unrecorded = new ArrayDeque<>();
    private volatile List<Alarm> listed = List.of();
    private volatile List<Alarm> shelved = List.of();
    private volatile List<Alarm> active = List.of();
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
        Map<String, AlarmReport.Finding> holding = new LinkedHashMap<>(report.findings());
        holding.putAll(pushed);
        Set<String> names = new LinkedHashSet<>(holding.keySet());
        names.addAll(entries.keySet());
        List<AlarmTransition> out = new ArrayList<>();
        for (String name : names) {
            step(name, holding.get(name), report.resolved().contains(name), now, out);
        }
        long run = s.run().number().orElse(-1);
        if (run != lastRun && in.running()) {
            lastRun = run;
            startOfRun(out);
        }
        for (Entry e : List.copyOf(entries.values())) {
            if (e.shelf != null && !e.shelf.until().isAfter(Instant.ofEpochMilli(now))) {
                unshelve(e, "server", "shelved until " + e.shelf.until() + " by " + e.shelf.who() + ": the shelf ran out", now);
            }
        }
        emit(out);
        publish();
        return out;
    }

    /** A new run starts with the story so far: what was wrong as it began, and what people did about alarms since the last. */
    private void startOfRun(List<AlarmTransition> raisedNow) {
        Set<String> raising = new LinkedHashSet<>();
        raisedNow.stream().filter(AlarmTransition::raised).forEach(t -> raising.add(t.name()));
        for (Entry e : entries.values()) {
            if (e.raised && e.holding && !raising.contains(e.name)) {
                recorder.record(e.name, e.current.ordinal(), true, e.finding.title() + ": " + e.finding.message() + " (active at run start)");
            }
        }
        for (AlarmAct a; (a = unrecorded.poll()) != null; ) {
            if (!recorder.recordAction(a)) {
                LOG.warn("alarm {} of {} by {} could not be recorded in the new run", a.action().word(), a.name(), a.who());
            }
        }
    }

    /**
     * A condition another part watches (timing): raised once it has held for {@code holdS} seconds
     * or its raise delay, whichever is longer (at the next evaluation after that; at once for 0),
     * until pushed again with {@code raised = false}; it then clears after its clear delay.
     */
    public synchronized void push(String name, Severity severity, boolean raised, double holdS, String title, String message,
                                  String action, String... pvs) {
        long now = clockMs.getAsLong();
        if (raised) {
            pushed.put(name, new AlarmReport.Finding(name, severity, title, message, action, List.of(pvs), holdS));
        } else {
            pushed.remove(name);
            Entry e = entries.get(name);
            if (e != null && e.finding != null) {
                // the clear carries the pusher's words (e.g. "connected again")
                AlarmReport.Finding f = e.finding;
                e.finding = new AlarmReport.Finding(name, f.severity(), f.title(), message, f.action(), f.pvs(), f.holdS());
            }
        }
        List<AlarmTransition> out = new ArrayList<>();
        step(name, pushed.get(name), false, now, out);
        emit(out);
        publish();
    }

    /** Moves one alarm along with what its condition does now: {@code f} when it holds, null when not. */
    private void step(String name, AlarmReport.Finding f, boolean resolved, long now, List<AlarmTransition> out) {
        Entry e = entries.get(name);
        AlarmDelay delay = limits.delayOf(name);
        if (f != null) {
            if (e == null) {
                e = new Entry(name, now);
                entries.put(name, e);
            }
            e.finding = f;
            e.lastHeldMs = now;
            if (!e.raised) {
                if (now - e.firstHeldMs >= Math.max(delay.raiseS(), f.holdS()) * 1000) {
                    e.raised = true;
                    e.holding = true;
                    e.current = f.severity();
                    e.latched = f.severity();
                    out.add(transition(e, true, now));
                }
                return;
            }
            if (!e.holding || e.current != f.severity()) {
                // back within its latch or its clear delay, or worse or better: recorded, still one alarm
                e.holding = true;
                e.current = f.severity();
                out.add(transition(e, true, now));
            }
            e.latched = e.latched.max(f.severity());
            if (e.ack != null && f.severity().ordinal() > e.acknowledgedSeverity.ordinal()) {
                // worse than what was acknowledged: someone must look again
                e.ack = null;
            }
            return;
        }
        if (e == null) {
            return;
        }
        boolean over = resolved || now - e.lastHeldMs >= delay.clearS() * 1000;
        if (!over) {
            return;
        }
        if (!e.raised) {
            entries.remove(name);
            return;
        }
        if (e.holding) {
            out.add(transition(e, false, now));
            e.holding = false;
            e.current = Severity.NO_ALARM;
            if (e.ack != null && e.shelf == null) {
                entries.remove(name);
            }
        }
    }

    private static AlarmTransition transition(Entry e, boolean raised, long now) {
        Severity s = raised ? e.finding.severity() : e.current;
        return new AlarmTransition(Instant.ofEpochMilli(now), e.name, s, raised, e.finding.title(), e.finding.message(),
                e.finding.action());
    }

    /**
     * {@code who} acknowledges alarm {@code name}: an active alarm becomes ACKNOWLEDGED, a cleared
     * one goes. Throws {@link NoSuchElementException} for an alarm that is not listed and
     * {@link IllegalStateException} for one already acknowledged.
     */
    public synchronized Outcome acknowledge(String name, String who, String reason) {
        long now = clockMs.getAsLong();
        Entry e = raised(name);
        if (e.ack != null) {
            throw new IllegalStateException(name + " is already acknowledged, by " + e.ack.who() + " at " + e.ack.time());
        }
        e.ack = new Alarm.Act(who, Instant.ofEpochMilli(now), reason);
        e.acknowledgedSeverity = e.latched;
        if (e.holding) {
            e.latched = e.current;
        }
        AlarmAct act = act(Action.ACKNOWLEDGE, name, who, reason, null, now);
        Alarm after = e.alarm();
        if (!e.holding && e.shelf == null) {
            entries.remove(name);
            after = null;
        }
        publish();
        return new Outcome(act, after);
    }

    /**
     * {@code who} shelves alarm {@code name} for {@code durationS} because of {@code reason} (both
     * required); a shelved alarm may be shelved again (a new time). Throws
     * {@link IllegalArgumentException} for a missing reason or a duration outside
     * (0, {@code maxShelveHours}], {@link NoSuchElementException} for an alarm that is not listed.
     */
    public synchronized Outcome shelve(String name, String who, String reason, double durationS) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a shelved alarm needs a reason (why it may be put aside), for the run's record");
        }
        double maxS = limits.maxShelveHours() * 3600;
        if (!(durationS > 0) || durationS > maxS) {
            throw new IllegalArgumentException(String.format("an alarm is shelved for more than 0 and at most %.0f minutes "
                    + "(alarms.maxShelveHours %s), got %s minutes", maxS / 60, trim(limits.maxShelveHours()), trim(durationS / 60)));
        }
        long now = clockMs.getAsLong();
        Entry e = raised(name);
        Instant until = Instant.ofEpochMilli(now + (long) (durationS * 1000));
        e.shelf = new Alarm.Shelf(who, Instant.ofEpochMilli(now), reason, until);
        AlarmAct act = act(Action.SHELVE, name, who, reason, until, now);
        publish();
        return new Outcome(act, e.alarm());
    }

    /**
     * {@code who} takes alarm {@code name} off the shelf: back as ACTIVE (unacknowledged) if its
     * condition still holds, else gone. Throws {@link NoSuchElementException} for an alarm that
     * is not listed and {@link IllegalStateException} for one that is not shelved.
     */
    public synchronized Outcome unshelve(String name, String who, String reason) {
        long now = clockMs.getAsLong();
        Entry e = raised(name);
        if (e.shelf == null) {
            throw new IllegalStateException(name + " is not shelved");
        }
        AlarmAct act = unshelve(e, who, reason, now);
        publish();
        return new Outcome(act, entries.containsKey(name) ? e.alarm() : null);
    }

    private AlarmAct unshelve(Entry e, String who, String reason, long now) {
        e.shelf = null;
        AlarmAct act = act(Action.UNSHELVE, e.name, who, reason, null, now);
        if (e.holding) {
            // a fresh look: it was put aside, so nobody has seen it as it is now
            e.ack = null;
            e.latched = e.current;
        } else {
            entries.remove(e.name);
        }
        return act;
    }

    private Entry raised(String name) {
        Entry e = entries.get(name);
        if (e == null || !e.raised) {
            List<String> names = entries.values().stream().filter(x -> x.raised).map(x -> x.name).toList();
            throw new NoSuchElementException("no alarm '" + name + "' is listed" + (names.isEmpty() ? " (none is)" : "; listed: "
                    + String.join(", ", names)));
        }
        return e;
    }

    private AlarmAct act(Action action, String name, String who, String reason, Instant until, long now) {
        AlarmAct a = new AlarmAct(Instant.ofEpochMilli(now), action, name, who, reason == null ? "" : reason, until);
        LOG.info("alarm {} {} by {}{}{}", name, action.word() + "d", who,
                until == null ? "" : " until " + until, a.reason().isEmpty() ? "" : ": " + a.reason());
        if (!recorder.recordAction(a)) {
            if (unrecorded.size() == MAX_UNRECORDED) {
                AlarmAct dropped = unrecorded.removeFirst();
                LOG.warn("no run for {} alarm acts: the oldest ({} of {} at {}) will not be in a run", MAX_UNRECORDED,
                        dropped.action().word(), dropped.name(), dropped.time());
            }
            unrecorded.addLast(a);
        }
        acts.addFirst(a);
        if (acts.size() > RECENT) {
            acts.removeLast();
        }
        return a;
    }

    private void emit(List<AlarmTransition> out) {
        for (AlarmTransition tr : out) {
            Entry e = entries.get(tr.name());
            String shelvedNote = e != null && e.shelf != null ? " (shelved until " + e.shelf.until() + ")" : "";
            if (tr.raised() && shelvedNote.isEmpty()) {
                LOG.warn("alarm {} {}: {} ({})", tr.severity(), tr.name(), tr.title(), tr.message());
            } else if (tr.raised()) {
                LOG.info("alarm {} {}: {} ({}){}", tr.severity(), tr.name(), tr.title(), tr.message(), shelvedNote);
            } else {
                LOG.info("alarm cleared {}: {}{}", tr.name(), tr.title(), shelvedNote);
            }
            recorder.record(tr.name(), tr.severity().ordinal(), tr.raised(), tr.title() + ": " + tr.message());
            listeners.forEach(l -> l.accept(tr));
            recent.addFirst(tr);
            if (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
    }

    private void publish() {
        List<Alarm> shown = new ArrayList<>();
        List<Alarm> aside = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.raised) {
                (e.shelf == null ? shown : aside).add(e.alarm());
            }
        }
        shown.sort(WORST_FIRST);
        aside.sort(Comparator.comparing(a -> a.shelf().until()));
        listed = List.copyOf(shown);
        shelved = List.copyOf(aside);
        active = shown.stream().filter(Alarm::holding)
                .sorted(Comparator.comparing(Alarm::currentSeverity).reversed().thenComparing(Alarm::since)).toList();
    }

    /**
     * The alarms whose condition holds now and that are not shelved, most severe (now) first: what
     * colours the status PVs and what the metrics count as active.
     */
    public List<Alarm> active() {
        return active;
    }

    /**
     * What the shift crew sees: every raised alarm that is not shelved (active, acknowledged, or
     * cleared but not yet acknowledged), most severe first, unacknowledged before acknowledged.
     */
    public List<Alarm> listed() {
        return listed;
    }

    /** The shelved alarms, the first to come back first. */
    public List<Alarm> shelved() {
        return shelved;
    }

    /** The highest severity among the listed alarms (acknowledged and latched ones included; shelved ones not). */
    public Severity severity() {
        Severity s = Severity.NO_ALARM;
        for (Alarm a : listed) {
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

    /** The last acts on alarms, newest first. */
    public synchronized List<AlarmAct> acts() {
        return List.copyOf(acts);
    }

    /** The alarm section of the status: listed and shelved alarms, the highest severity, the free space last measured. */
    public StatusSnapshot.Alarms status() {
        // the evaluation measures the disk once a second; before the first one, ask the file system
        long disk = lastDiskFree;
        return new StatusSnapshot.Alarms(listed, severity(), disk >= 0 ? disk : diskFreeBytes.getAsLong(), shelved);
    }

    /** {@code GET /api/alarms}: the alarm section, the last transitions and the last acts, newest first. */
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
        ArrayNode a = o.putArray("acts");
        for (AlarmAct act : acts()) {
            actJson(act, a.addObject());
        }
        return o;
    }

    /** One act as JSON: time, action, name, who, reason, and shelvedUntil for a shelve. */
    public static ObjectNode actJson(AlarmAct act, ObjectNode n) {
        n.put("time", act.time().toString());
        n.put("action", act.action().word());
        n.put("name", act.name());
        n.put("who", act.who());
        n.put("reason", act.reason());
        n.put("shelvedUntil", act.shelvedUntil() == null ? null : act.shelvedUntil().toString());
        return n;
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format("%.2f", d);
    }
}
