package eu.ess.cevns.daq.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The logbook entries and quality flags recorded in a run's own queue, as lines a test compares
 * ("log who: text [tags]", "quality who: flag reason"), optionally with the run-stop record
 * ("stop") to show where they stand. Shared with the other modules' tests through the test-jar.
 */
public final class LogbookRecords {
    private LogbookRecords() {
    }

    /** The entries and flags of run {@code run}, in queue order. */
    public static List<String> of(RunStore store, int run) {
        return read(store, run, false);
    }

    /** The same and "stop" where the run-stop record is. */
    public static List<String> withStop(RunStore store, int run) {
        return read(store, run, true);
    }

    private static List<String> read(RunStore store, int run, boolean stop) {
        List<String> out = new ArrayList<>();
        try (RunReader r = store.openReader(run)) {
            r.drain(new RecordVisitor() {
                @Override
                public void onLogEntry(Instant time, String who, String text, List<String> tags) {
                    out.add("log " + who + ": " + text + " " + tags);
                }

                @Override
                public void onRunQuality(Instant time, String who, String flag, String reason) {
                    out.add("quality " + who + ": " + flag + (reason.isEmpty() ? "" : " " + reason));
                }

                @Override
                public void onRunStop(Instant t, boolean aborted, long waveforms, long pulses, long dropped, String who, String comment) {
                    if (stop) {
                        out.add("stop");
                    }
                }
            });
        }
        return out;
    }
}
