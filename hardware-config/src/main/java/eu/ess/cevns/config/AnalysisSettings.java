package eu.ess.cevns.config;

/**
 * Where and how the live analysis runs (site file {@code analysis:}). It only reads the run store,
 * so it may run in the server's process or in one of its own ({@code cevns-daq analyze --follow});
 * either way it must never take CPU the readout needs.
 *
 * @param inProcess whether the server runs the live analysis itself ({@code false}: the site runs
 *                  {@code cevns-daq analyze --follow} on the same data root, which serves the analysis views)
 * @param nice      the niceness the analysis thread runs at (0..19, Linux {@code nice}): above the readout
 *                  and store threads' 0, so that under CPU pressure the kernel gives them the CPU first
 * @param url       where the separate analysis process serves its views ({@code http://host:port/}), for the
 *                  server to point to when {@code inProcess} is false; "" when not said
 */
public record AnalysisSettings(boolean inProcess, int nice, String url) {
    /**
     * Nice 10: a thread at 10 gets about a tenth of a core against one busy thread at 0, so the
     * analysis still advances while ingest takes the rest, and yields at once when a receive
     * thread wakes.
     */
    public static final int DEFAULT_NICE = 10;
    public static final AnalysisSettings DEFAULT = new AnalysisSettings(true, DEFAULT_NICE, "");

    public AnalysisSettings {
        if (nice < 0 || nice > 19) {
            throw new IllegalArgumentException("analysis nice must be 0..19, got " + nice);
        }
        url = url == null ? "" : url;
    }

    /** Where the analysis runs and its priority, with no address of a separate process. */
    public AnalysisSettings(boolean inProcess, int nice) {
        this(inProcess, nice, "");
    }
}
