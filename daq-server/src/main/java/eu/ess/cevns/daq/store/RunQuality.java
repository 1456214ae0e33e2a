package eu.ess.cevns.daq.store;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A run's quality flag as {@code run.json} keeps it under {@code quality}:
 * {@code {"flag": "good"|"bad"|"check", "reason": "...", "who": "...", "time": "..."}} (time ISO-8601).
 * A run without one is not flagged. {@code runs} lists it, {@code export --good-only} leaves out
 * runs flagged bad or check, {@code analyze} says it; while the run is open it is also recorded
 * in the queue ({@link RunQualityRecord}).
 */
public record RunQuality(String flag, String reason, String who, String time) {

    /** The flags, with their text in {@code run.json} and their code in the run-quality record. */
    public enum Flag {
        GOOD(1), BAD(2), CHECK(3);

        private final int code;

        Flag(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** good, bad, check. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Flag> ofCode(int code) {
            for (Flag f : values()) {
                if (f.code == code) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }

        /** The flag named {@code text} (good, bad, check; any case), empty if it is none of them. */
        public static Optional<Flag> ofText(String text) {
            for (Flag f : values()) {
                if (f.text().equalsIgnoreCase(text == null ? "" : text.strip())) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    public RunQuality {
        reason = reason == null ? "" : reason;
        who = who == null ? "" : who;
        time = time == null ? "" : time;
    }

    public static RunQuality of(Flag flag, String reason, String who, Instant time) {
        return new RunQuality(flag.text(), reason, who, time.toString());
    }

    /** Whether {@code export --good-only} takes the run: flagged good (a run not flagged has no RunQuality). */
    public boolean good() {
        return Flag.GOOD.text().equals(flag);
    }
}
