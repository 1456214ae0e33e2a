package eu.ess.cevns.daq.epics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * core-pva's log as an operator should meet it. core-pva logs a warning "Skipping already
 * submitted Monitor Subscription" each time a PV changes again before its previous update left
 * for a client: the client (a display, an archiver) is slower than the PV, and gets the newest
 * value when it next reads, which is all a status PV needs. That is said once, at info, in those
 * words; the warnings themselves are dropped. Every other core-pva message passes.
 */
final class PvaLogFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(PvaLogFilter.class);
    private static final String SKIPPING = "Skipping already submitted";
    /** core-pva's logger ({@code PVASettings.logger}), held here so that the filter set on it is not lost with it. */
    private static final java.util.logging.Logger PVA = java.util.logging.Logger.getLogger("org.epics.pva");
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private final AtomicBoolean toldOnce = new AtomicBoolean();

    /** Sets the filter on core-pva's logger, once per JVM. */
    static void install() {
        if (INSTALLED.compareAndSet(false, true)) {
            PVA.setFilter(new PvaLogFilter());
        }
    }

    @Override
    public boolean isLoggable(LogRecord r) {
        String m = r.getMessage();
        if (m == null || !m.startsWith(SKIPPING)) {
            return true;
        }
        if (toldOnce.compareAndSet(false, true)) {
            LOG.info("a pvAccess client reads PVs slower than they change; it gets the newest value when it next reads "
                    + "(core-pva's '{}' warnings are not shown)", SKIPPING);
        }
        return false;
    }
}
