package eu.ess.cevns.daq.store;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * One line of a run's logbook ({@code logbook.jsonl} beside its queue): who wrote what when, with
 * tags ("beam trip", "calibration", "bad data", …), or, when {@code quality} is set, a change of
 * the run's quality flag (then {@code text} is the reason). An entry made while the run was open
 * is also in its queue, as a {@link LogEntryRecord} (or a {@link RunQualityRecord}).
 */
public record LogEntry(Instant time, String who, String text, List<String> tags,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String quality) {
    public LogEntry {
        tags = tags == null ? List.of() : List.copyOf(tags);
        text = text == null ? "" : text;
        who = who == null ? "" : who;
    }

    /** A written entry. */
    public static LogEntry note(Instant time, String who, String text, List<String> tags) {
        return new LogEntry(time, who, text, tags, null);
    }

    /** A quality flag set on the run, its reason as the text. */
    public static LogEntry quality(Instant time, String who, RunQuality.Flag flag, String reason) {
        return new LogEntry(time, who, reason, List.of(), flag.text());
    }
}
