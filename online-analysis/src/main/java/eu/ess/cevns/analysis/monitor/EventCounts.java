package eu.ess.cevns.analysis.monitor;

/** Accepted events counted by {@link EventClass}; events outside every window are not counted. */
final class EventCounts {
    private long on;
    private long off;
    private long beamOff;
    private long unknown;

    void add(EventClass c) {
        switch (c) {
            case ON_WINDOW -> on++;
            case OFF_WINDOW -> off++;
            case BEAM_OFF_WINDOW -> beamOff++;
            case UNKNOWN_BEAM -> unknown++;
            case OUTSIDE -> {
            }
        }
    }

    long on() {
        return on;
    }

    long off() {
        return off;
    }

    AnalysisSummary.Counts snapshot() {
        return new AnalysisSummary.Counts(on, off, beamOff, unknown);
    }
}
