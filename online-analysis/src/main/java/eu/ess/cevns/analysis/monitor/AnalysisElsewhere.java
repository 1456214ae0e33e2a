package eu.ess.cevns.analysis.monitor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.config.AnalysisSettings;
import eu.ess.cevns.daq.ServerContext;
import eu.ess.cevns.daq.ServerExtension;
import eu.ess.cevns.daq.status.StatusPart;

/**
 * What a server with {@code analysis.inProcess: false} attaches instead of the live analysis: the
 * {@code analysis} section of {@code /api/status} says that the analysis runs in a separate process
 * ({@code cevns-daq analyze --follow} on the same data root) and, if the site file gives
 * {@code analysis.url}, where its views are, so that the page and a script point there instead of
 * showing empty numbers. It reads nothing and runs no thread.
 */
public final class AnalysisElsewhere implements ServerExtension {
    /** The hint the status and the page give. */
    public static final String HINT = "the live analysis runs in a separate process: cevns-daq analyze --follow on this data root";

    /** Where the analysis runs: its address, "" when the site file does not say. */
    public record Where(String url) {
    }

    @Override
    public String name() {
        return "analysis pointer";
    }

    @Override
    public void attach(ServerContext context) {
        AnalysisSettings settings = context.site().analysis();
        Where where = new Where(settings.url());
        context.addStatusPart(new StatusPart<>("analysis", Where.class, () -> where, AnalysisElsewhere::write));
    }

    /** The section: {@code inProcess: false}, the hint, and the url (null when not said). */
    static void write(Where where, ObjectNode o) {
        o.put("inProcess", false);
        o.put("runsIn", HINT);
        if (where == null || where.url().isEmpty()) {
            o.putNull("url");
        } else {
            o.put("url", where.url());
        }
    }

    @Override
    public void close() {
    }
}
