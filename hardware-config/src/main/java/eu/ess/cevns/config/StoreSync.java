package eu.ess.cevns.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the run store forces what it has written to the disk (site file {@code store.sync}), which
 * says what a power cut may lose: {@code none} leaves it to the kernel's write-back (dirty pages are
 * written within about 30 s on a default Linux, {@code vm.dirty_expire_centisecs}); {@code every N ms}
 * syncs the run's queue file every N ms; {@code per pulse} after each pulse's record, 14 times a
 * second. A sync runs beside the writer, never on the thread that moves records out of the ring,
 * so a slow disk shows as a sync lag, not as ring pressure. In the text form of the site file and
 * of the run-start record: {@code none}, {@code every 100 ms}, {@code per pulse}.
 *
 * @param mode    none, periodic or per pulse
 * @param everyMs the period of {@link Mode#EVERY}, ms (0 otherwise)
 */
public record StoreSync(Mode mode, long everyMs) {
    /** How the store syncs. */
    public enum Mode { NONE, EVERY, PER_PULSE }

    public static final StoreSync NONE = new StoreSync(Mode.NONE, 0);
    public static final StoreSync PER_PULSE = new StoreSync(Mode.PER_PULSE, 0);
    /** The shortest period a site may ask for: below it a sync never ends before the next is due. */
    public static final long MIN_EVERY_MS = 1;
    private static final Pattern EVERY = Pattern.compile("every\\s+(\\d+)\\s*ms");

    public StoreSync {
        if (mode == Mode.EVERY ? everyMs < MIN_EVERY_MS : everyMs != 0) {
            throw new IllegalArgumentException("store sync " + mode + " with a period of " + everyMs + " ms");
        }
    }

    /** A sync every {@code ms} milliseconds. */
    public static StoreSync every(long ms) {
        return new StoreSync(Mode.EVERY, ms);
    }

    /** Reads {@code none}, {@code every N ms} or {@code per pulse}; fails with what is allowed. */
    @JsonCreator
    public static StoreSync parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("none")) {
            return NONE;
        }
        if (t.equals("per pulse")) {
            return PER_PULSE;
        }
        Matcher m = EVERY.matcher(t);
        if (m.matches()) {
            long ms;
            try {
                ms = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                ms = -1;
            }
            if (ms >= MIN_EVERY_MS && ms <= 3_600_000) {
                return every(ms);
            }
        }
        throw new IllegalArgumentException("must be 'none', 'every N ms' (N from " + MIN_EVERY_MS + " to 3600000) or 'per pulse', got '"
                + text + "'");
    }

    /** The text form, as the site file writes it. */
    @JsonValue
    public String text() {
        return switch (mode) {
            case NONE -> "none";
            case EVERY -> "every " + everyMs + " ms";
            case PER_PULSE -> "per pulse";
        };
    }

    @Override
    public String toString() {
        return text();
    }
}
