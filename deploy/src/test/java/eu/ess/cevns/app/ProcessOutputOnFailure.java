package eu.ess.cevns.app;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints the output of every background process a failed test started (the last lines of
 * each), so that a failure in CI shows what the server, the IOC or the demo said, not only
 * the assertion. Registered for all tests through JUnit's extension auto-detection.
 */
public final class ProcessOutputOnFailure implements BeforeEachCallback, TestWatcher {
    static final int LAST_LINES = 120;

    @Override
    public void beforeEach(ExtensionContext context) {
        Cli.Background.STARTED.clear();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        for (Cli.Background b : Cli.Background.STARTED) {
            String[] lines = b.all.toString().split("\n");
            int from = Math.max(0, lines.length - LAST_LINES);
            StringBuilder out = new StringBuilder("---- " + context.getDisplayName() + " failed; output of '" + b.command + "'"
                    + (from > 0 ? " (last " + LAST_LINES + " of " + lines.length + " lines)" : "") + ":\n");
            for (int i = from; i < lines.length; i++) {
                out.append("| ").append(lines[i]).append('\n');
            }
            System.out.print(out);
        }
    }
}
