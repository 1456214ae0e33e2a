package eu.ess.cevns.kafka.publish;

import eu.ess.cevns.daq.store.RunInfo;
import eu.ess.cevns.daq.store.RunStore;

import java.util.List;
import java.util.OptionalInt;

/**
 * Which run the publisher works on: runs are published in order, each to its end, from the first
 * it owes. At start that is the earliest run whose position file says it is unfinished (the
 * publisher stopped in it), else the run after the last finished one, else the current run if one
 * is going (its run.json says so), else the next run to start; then each run stored after the one
 * finished.
 */
final class RunsToPublish {
    private final RunStore store;
    /** Runs numbered above this are still to be published. */
    private int floor;

    RunsToPublish(RunStore store) {
        this.store = store;
        List<RunInfo> runs = store.runs();
        int lastFinished = -1;
        for (RunInfo r : runs) {
            PublishPosition p = PublishPosition.read(store.runDir(r.number())).orElse(null);
            if (p != null && !p.complete()) {
                floor = r.number() - 1;
                return;
            }
            if (p != null) {
                lastFinished = r.number();
            }
        }
        if (lastFinished >= 0) {
            floor = lastFinished;
        } else {
            // never published here: from the run going now (its run.json says RUNNING), else from the next
            floor = 0;
            for (RunInfo r : runs) {
                if (r.state() != RunInfo.State.RUNNING) {
                    floor = r.number();
                }
            }
        }
    }

    /** The next run to publish, if it exists yet. */
    OptionalInt next() {
        for (RunInfo r : store.runs()) {
            if (r.number() > floor) {
                return OptionalInt.of(r.number());
            }
        }
        return OptionalInt.empty();
    }

    /** Run {@code run} is published to its end. */
    void finished(int run) {
        floor = Math.max(floor, run);
    }
}
