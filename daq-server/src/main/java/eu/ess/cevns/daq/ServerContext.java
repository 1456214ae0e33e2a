package eu.ess.cevns.daq;

import com.fasterxml.jackson.databind.JsonNode;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.access.Role;
import eu.ess.cevns.daq.alarm.AlarmRule;
import eu.ess.cevns.daq.alarm.AlarmTransition;
import eu.ess.cevns.daq.control.WriteGuard;
import eu.ess.cevns.daq.epics.StatusPv;
import eu.ess.cevns.daq.history.HistorySeries;
import eu.ess.cevns.daq.http.ApiHandler;
import eu.ess.cevns.daq.status.StatusPart;
import eu.ess.cevns.daq.status.StatusSnapshot;
import eu.ess.cevns.daq.store.RunStore;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a {@link ServerExtension} may use and add: the site and the run store (to read runs), the
 * current run, the status, and the server's views: a status part under its own key, reads and writes (each write naming the role it needs), an
 * event stream for the page, alarm rules judged with the server's, status PVs, series of the
 * status history, and meters. Valid during {@link ServerExtension#attach}; what it returns may be kept.
 */
public interface ServerContext {
    SiteConfig site();

    /** The runs on the data root, for reading. */
    RunStore store();

    /** The number of the current (or last) run; empty before the first. */
    OptionalInt currentRun();

    /** The server's status as the last second sampled it. */
    StatusSnapshot status();

    /** Adds a part to every status snapshot and to {@code /api/status} under its name. */
    void addStatusPart(StatusPart<?> part);

    /**
     * Adds a read (GET) to the server's table (a path template as {@code /api/runs/{n}}); it passes
     * the server's read check (open, or an account when the site closes reads). Any other method
     * is refused here: writes go through {@link #addWrite}.
     */
    void addRoute(String method, String pathTemplate, ApiHandler handler);

    /**
     * Adds a write behind the server's one {@link WriteGuard}: only callers whose role covers
     * {@code role} reach {@code handler}, with a JSON object body of the fields {@code body} names
     * and the account name to record.
     */
    void addWrite(String method, String pathTemplate, Role role, WriteGuard.Body body, WriteGuard.WriteHandler handler);

    /** Adds a server-sent event stream of the page: {@code source} sent every {@code everySeconds}. */
    void addEvents(String name, Supplier<JsonNode> source, int everySeconds);

    /** Adds an alarm rule, judged each second with the server's own. */
    void addAlarmRule(AlarmRule rule);

    /** Tells {@code listener} of every alarm raised and cleared. */
    void onAlarmTransition(Consumer<AlarmTransition> listener);

    /** Adds a status PV (published under the server's prefix). */
    void addStatusPv(StatusPv pv);

    /**
     * Adds a series to the server's status history ({@code /api/history}), sampled from each
     * second's snapshot (typically from the extension's own status part) and kept on disk with the
     * server's; its name must be new.
     */
    void addHistorySeries(HistorySeries series);

    /** Where meters go ({@code /metrics}). */
    MeterRegistry meters();
}
