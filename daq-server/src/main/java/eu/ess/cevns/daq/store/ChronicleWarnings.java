package eu.ess.cevns.daq.store;

import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.core.onoes.ExceptionHandler;
import net.openhft.chronicle.core.onoes.Slf4jExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Chronicle Queue's warnings as an operator should meet them. One means nothing to an operator:
 * "Forcing queue to be readOnly", which Chronicle logs when a reader cannot open a run's metadata
 * file for writing (another account's run folder, or the server holding it): reading is all a
 * reader does, so it is said once, at info, in those words, and otherwise logged at debug. Every
 * other warning goes on to Chronicle's own handler unchanged.
 */
final class ChronicleWarnings implements ExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleWarnings.class);
    private static final String READ_ONLY = "Forcing queue to be readOnly";
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private final ExceptionHandler next;
    private final AtomicBoolean toldOnce = new AtomicBoolean();

    private ChronicleWarnings(ExceptionHandler next) {
        this.next = next;
    }

    /** Puts the filter in front of Chronicle's default warning handler, once per JVM. */
    static void install() {
        if (INSTALLED.compareAndSet(false, true)) {
            Jvm.setWarnExceptionHandler(new ChronicleWarnings(Slf4jExceptionHandler.WARN));
        }
    }

    @Override
    public void on(Class<?> clazz, String message, Throwable thrown) {
        if (!quiet(message)) {
            next.on(clazz, message, thrown);
        }
    }

    @Override
    public void on(Logger logger, String message, Throwable thrown) {
        if (!quiet(message)) {
            next.on(logger, message, thrown);
        }
    }

    private boolean quiet(String message) {
        if (message == null || !message.startsWith(READ_ONLY)) {
            return false;
        }
        if (toldOnce.compareAndSet(false, true)) {
            LOG.info("reading runs read-only (this account cannot write their metadata, or the server holds it): "
                    + "reading is all this needs. Chronicle's '{}' notes are logged at debug from now on", READ_ONLY);
        }
        LOG.debug("{}", message);
        return true;
    }
}
