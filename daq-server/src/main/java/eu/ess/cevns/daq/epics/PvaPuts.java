package eu.ess.cevns.daq.epics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.daq.status.StatusPart;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What became of the puts to the writable status PVs since the server started: taken, refused
 * because the client may not write ({@code access}), or refused because of the value
 * ({@code value}: out of range, not a number, windows that overlap), and the last refusal with who
 * tried. Read by the status ({@code pva} in {@code /api/status}) and the metrics.
 */
public final class PvaPuts {
    /** Why a put was refused. */
    public enum Refusal { ACCESS, VALUE }

    /** The last refused put: when, who, which PV, what value, why. */
    public record Refused(Instant time, String who, String pv, String value, String reason) {
    }

    /** The counts at one moment. */
    public record Snapshot(boolean writesEnabled, long accepted, long refusedAccess, long refusedValue, Refused last) {
        public long refused() {
            return refusedAccess + refusedValue;
        }
    }

    private final boolean writesEnabled;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder refusedAccess = new LongAdder();
    private final LongAdder refusedValue = new LongAdder();
    private final AtomicReference<Refused> last = new AtomicReference<>();

    public PvaPuts(boolean writesEnabled) {
        this.writesEnabled = writesEnabled;
    }

    void countAccepted() {
        accepted.increment();
    }

    void countRefused(Refusal why, String who, String pv, String value, String reason) {
        (why == Refusal.ACCESS ? refusedAccess : refusedValue).increment();
        last.set(new Refused(Instant.now(), who, pv, value, reason));
    }

    public long refused(Refusal why) {
        return (why == Refusal.ACCESS ? refusedAccess : refusedValue).sum();
    }

    public long accepted() {
        return accepted.sum();
    }

    /** {@code pva} in {@code /api/status}: whether puts are on, and what became of them. */
    public StatusPart<Snapshot> statusPart() {
        return new StatusPart<>("pva", Snapshot.class, this::snapshot, (s, o) -> {
            o.put("writes", s.writesEnabled() ? "ON" : "OFF");
            ObjectNode p = o.putObject("puts");
            p.put("accepted", s.accepted());
            ObjectNode r = p.putObject("refused");
            r.put("total", s.refused());
            r.put("access", s.refusedAccess());
            r.put("value", s.refusedValue());
            if (s.last() == null) {
                o.putNull("lastRefused");
            } else {
                ObjectNode l = o.putObject("lastRefused");
                l.put("time", s.last().time().toString());
                l.put("who", s.last().who());
                l.put("pv", s.last().pv());
                l.put("value", s.last().value());
                l.put("reason", s.last().reason());
            }
        });
    }

    public Snapshot snapshot() {
        return new Snapshot(writesEnabled, accepted.sum(), refusedAccess.sum(), refusedValue.sum(), last.get());
    }
}
