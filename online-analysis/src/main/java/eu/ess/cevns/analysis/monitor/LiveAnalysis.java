package eu.ess.cevns.analysis.monitor;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.config.ExpectationInputs;
import eu.ess.cevns.daq.http.ApiRequest;
import eu.ess.cevns.daq.http.ApiResponse;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Tails the current run with a {@link RunAnalysis} on a thread of its own, a few times a second,
 * and publishes its summary at least once a second for the server's views ({@link AnalysisExtension}
 * attaches it: the {@code analysis} section of {@code /api/status}, {@code /api/analysis}). When a new run starts
 * it starts afresh; a stopped run keeps its final summary until then, and that final summary (read
 * up to the run's stop record, fitted) goes once to whoever listens for run ends. The lag is how far
 * the analysis trails the newest event it has seen, in wall-clock terms.
 */
public final class LiveAnalysis implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveAnalysis.class);
    private static final long POLL_MS = 100;
    /**
     * Milliseconds of wall clock between likelihood fits (and reach updates): the fit reads the
     * histograms (tens of ms), so every few seconds keeps the page's μ fresh at a negligible share of
     * the analysis thread; the reach's spectra are computed once per configuration and then scaled.
     */
    static final long FIT_EVERY_MS = 5000;

    private final RunStore store;
    private final IntSupplier currentRun;
    private final ExpectationInputs override;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile AnalysisSummary summary;
    private volatile double lagMs = Double.NaN;
    private volatile RunAnalysis current;
    private final ScopeBuffer scope = new ScopeBuffer();
    private volatile Consumer<AnalysisSummary> onRunEnd = s -> { };

    /** @param override expectation inputs to use instead of each run's (null: the run's, as a replay does) */
    public LiveAnalysis(RunStore store, IntSupplier currentRun, ExpectationInputs override) {
        this.store = store;
        this.currentRun = currentRun;
        this.override = override;
        this.thread = new Thread(this::loop, "live-analysis");
        this.thread.setDaemon(true);
    }

    /** Tells {@code listener} each run's final summary, once, on the analysis thread (before {@link #start}). */
    public LiveAnalysis onRunEnd(Consumer<AnalysisSummary> listener) {
        this.onRunEnd = listener;
        return this;
    }

    public LiveAnalysis start() {
        thread.start();
        return this;
    }

    private void loop() {
        int analysing = -1;
        RunReader reader = null;
        RunAnalysis analysis = null;
        long lastPublish = 0;
        long lastFit = 0;
        boolean fittedAtStop = false;
        while (running) {
            try {
                int run = currentRun.getAsInt();
                if (run > 0 && run != analysing && store.run(run).isPresent()) {
                    if (reader != null) {
                        reader.close();
                    }
                    reader = store.openReader(run);
                    scope.clear();
                    analysis = new RunAnalysis(override).tap(scope);
                    current = analysis;
                    analysing = run;
                    fittedAtStop = false;
                    lastFit = 0;
                }
                if (reader != null) {
                    reader.drain(analysis);
                    long now = System.currentTimeMillis();
                    boolean stopped = analysis.stopped();
                    // the fit runs here, on this thread, off the per-waveform path; once more after the run's
                    // last record, so that the final summary's fit is the one a replay computes
                    boolean ended = false;
                    if ((now - lastFit >= FIT_EVERY_MS && !fittedAtStop) || (stopped && !fittedAtStop)) {
                        analysis.fit();
                        analysis.reach();
                        lastFit = now;
                        fittedAtStop = stopped;
                        ended = stopped;
                        lastPublish = 0;
                    }
                    if (stopped || now - lastPublish >= 250) {
                        AnalysisSummary s = analysis.summary();
                        if (ended) {
                            // before the final summary is published: whoever waits for it finds the run's record written
                            onRunEnd.accept(s);
                        }
                        summary = s;
                        lagMs = s.lastEventNs() > 0 && !s.stopped() ? Math.max(0, now - s.lastEventNs() / 1_000_000.0) : 0;
                        lastPublish = now;
                    }
                    if (stopped) {
                        // a stopped run is read to its end: keep no file of it mapped, so deleting it frees the space
                        reader.close();
                        reader = null;
                    }
                }
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException | InternalError e) {
                // InternalError: a memory-mapped read faulted (SIGBUS on a full tmpfs); the run stays readable up to there
                LOG.warn("live analysis: {}", e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    break;
                }
            }
        }
        if (reader != null) {
            reader.close();
        }
    }

    /** The latest summary, or null before the first run. */
    public AnalysisSummary summary() {
        return summary;
    }

    public double lagMs() {
        return lagMs;
    }

    /** What {@code /api/analysis} answers (and the dashboard's analysis events carry). */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        AnalysisJson.full(summary, lagMs, o);
        RunAnalysis a = current;
        ArrayNode changes = o.putArray("configChanges");
        ArrayNode acts = o.putArray("alarmActs");
        if (a != null) {
            // read back from the run's own records: what the page shows is what the run file holds
            for (String c : a.configChanges()) {
                changes.add(c);
            }
            for (String c : a.alarmActs()) {
                acts.add(c);
            }
        }
        return o;
    }

    /**
     * {@code GET /api/waveforms?channel=N&count=K}: the channel's latest processed waveforms
     * (at most {@link ScopeBuffer#TRACES}, newest first) with energy and verdict.
     */
    public ApiResponse waveforms(ApiRequest request) {
        int channel;
        int count;
        try {
            channel = Integer.parseInt(request.queryParam("channel", ""));
        } catch (NumberFormatException e) {
            return ApiResponse.error(400, "channel must be a whole number, e.g. /api/waveforms?channel=0", "channel");
        }
        try {
            count = Integer.parseInt(request.queryParam("count", "8"));
        } catch (NumberFormatException e) {
            return ApiResponse.error(400, "count must be a whole number 1.." + ScopeBuffer.TRACES, "count");
        }
        if (count < 1 || count > ScopeBuffer.TRACES) {
            return ApiResponse.error(400, "count must be 1.." + ScopeBuffer.TRACES + ", got " + count, "count");
        }
        RunAnalysis a = current;
        double period = a == null ? Double.NaN : a.samplePeriodNs(channel);
        if (a != null && Double.isNaN(period)) {
            return ApiResponse.error(404, "no channel " + channel + " in the run's detector configuration", "channel");
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("channel", channel);
        o.put("run", summary == null ? -1 : summary.run());
        if (Double.isNaN(period)) {
            o.putNull("samplePeriodNs");
        } else {
            o.put("samplePeriodNs", period);
        }
        scope.write(channel, count, o.putArray("traces"));
        return ApiResponse.ok(o);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
