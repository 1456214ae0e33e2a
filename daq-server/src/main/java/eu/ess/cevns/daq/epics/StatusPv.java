package eu.ess.cevns.daq.epics;

import eu.ess.cevns.daq.status.StatusSnapshot;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * One status PV, declared: its name after the prefix, its normative type, units and precision for
 * displays (choices for an enum), how its value is read from a {@link StatusSnapshot}, and which
 * alarms give it its EPICS severity. The server's table is {@link ServerStatusPvs}; extensions add
 * theirs through the server context.
 *
 * @param alarmSummary true for the PVs that summarise all alarms (they carry the worst active one);
 *                     false for a PV that carries the most severe alarm naming it
 */
public record StatusPv(String name, Kind kind, String units, int precision, List<String> choices,
                       Function<StatusSnapshot, Object> value, boolean alarmSummary) {

    /** The PV's normative type. */
    public enum Kind { LONG, DOUBLE, BOOLEAN, STRING, ENUM }

    /** A whole number (NTScalar long). */
    public static StatusPv count(String name, String units, ToLongFunction<StatusSnapshot> f) {
        return new StatusPv(name, Kind.LONG, units, 0, List.of(), s -> f.applyAsLong(s), false);
    }

    /** A number shown with {@code precision} decimals (NTScalar double); NaN where it is not known. */
    public static StatusPv number(String name, String units, int precision, ToDoubleFunction<StatusSnapshot> f) {
        return new StatusPv(name, Kind.DOUBLE, units, precision, List.of(), s -> f.applyAsDouble(s), false);
    }

    /** A yes/no (NTScalar boolean). */
    public static StatusPv flag(String name, Predicate<StatusSnapshot> f) {
        return new StatusPv(name, Kind.BOOLEAN, "", 0, List.of(), s -> f.test(s), false);
    }

    /** A text (NTScalar string). */
    public static StatusPv text(String name, Function<StatusSnapshot, String> f) {
        return new StatusPv(name, Kind.STRING, "", 0, List.of(), f::apply, false);
    }

    /** A state (NTEnum) whose choices are the enum's constants, so a display can colour it by index. */
    public static <E extends Enum<E>> StatusPv state(String name, E[] choices, Function<StatusSnapshot, E> f) {
        return new StatusPv(name, Kind.ENUM, "", 0, Arrays.stream(choices).map(Enum::name).toList(), s -> f.apply(s).name(), false);
    }

    /** The same PV, carrying the worst active alarm whatever it names. */
    public StatusPv summarizingAlarms() {
        return new StatusPv(name, kind, units, precision, choices, value, true);
    }
}
