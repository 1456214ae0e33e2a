package eu.ess.cevns.analysis.monitor;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.config.AnalysisSettings;
import eu.ess.cevns.config.ExpectationInputs;
import eu.ess.cevns.daq.ThreadNice;
import eu.ess.cevns.daq.http.ApiRequest;
import eu.ess.cevns.daq.http.ApiResponse;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Tails the current run with a {@link RunAnalysis} on a thread of its own, and publishes its summary
 * four times a second for the views ({@link AnalysisExtension} attaches it to the server: the
 * {@code analysis} section of {@code /api/status}, {@code /api/analysis}). When a new run starts it
 * starts afresh; a stopped run keeps its final summary until then, and that final summary (read up
 * to the run's stop record, fitted) goes once to whoever listens for run ends. The thread runs at a
 * raised nice value (site {@code analysis.nice}), so that under CPU pressure the readout and store
 * threads go first.
 * <p>
 * It reads in batches of at most {@value #BATCH} records and looks up between them, so a long
 * backlog is reported while it is worked off, and it sleeps only when it has read everything. The
 * lag is measured against the store, never the wall clock: how far (in data time) the newest
 * analysed waveform trails the newest stored one, and how many records are stored and not yet
 * analysed; both 0 when caught up, so a silent detector shows no lag.
 */
public final class LiveAnalysis implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveAnalysis.class);
    private static final long POLL_MS = 100;
    /** Records read before the analysis looks up: 0.1–0.2 s of work at the rates pulse processing reaches. */
    static final long BATCH = 20_000;
    /** How often the summary (and the lag) is published while records keep coming. */
    private static final long PUBLISH_MS = 250;
    /**
     * Milliseconds of wall clock between likelihood fits (and reach updates): the fit reads the
     * histograms (tens of ms), so every few seconds keeps the page's μ fresh at a negligible share of
     * the analysis thread; the reach's spectra are computed once per configuration and then scaled.
     */
    static final long FIT_EVERY_MS = 5000;

    private final RunStore store;
    private final IntSupplier currentRun;
    private final ExpectationInputs override;
    private final int nice;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile AnalysisSummary summary;
    /** How far the analysis trails the store, published together (NaN and -1 before a run). */
    private volatile Lag lag = Lag.UNKNOWN;
    private volatile RunAnalysis current;
    private final ScopeBuffer scope = new ScopeBuffer();
    private volatile Consumer<AnalysisSummary> onRunEnd = s -> { };

    /** How far the analysis trails the store: data time in ms, and records not yet analysed. */
    record Lag(double ms, long backlog) {
        static final Lag UNKNOWN = new Lag(Double.NaN, -1);
        static final Lag NONE = new Lag(0, 0);
    }

    /** At the default nice value ({@link AnalysisSettings#DEFAULT_NICE}). */
    public LiveAnalysis(RunStore store, IntSupplier currentRun, ExpectationInputs override) {
        this(store, currentRun, override, AnalysisSettings.DEFAULT_NICE);
    }

    /**
     * @param override expectation inputs to use instead of each run's (null: the run's, as a replay does)
     * @param nice     the analysis thread's nice value (0..19)
     */
    public LiveAnalysis(RunStore store, IntSupplier currentRun, ExpectationInputs override, int nice) {
        this.store = store;
        this.currentRun = currentRun;
        this.override = override;
        this.nice = nice;
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
        if (nice > 0) {
            ThreadNice.set(nice, "the live analysis");
        }
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
                long read = 0;
                if (reader != null) {
                    read = reader.drain(analysis, BATCH);
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
                    if (stopped || now - lastPublish >= PUBLISH_MS) {
                        AnalysisSummary s = analysis.summary();
                        if (ended) {
                            // before the final summary is published: whoever waits for it finds the run's record written
                            onRunEnd.accept(s);
                        }
                        summary = s;
                        lastPublish = now;
                        lag = stopped || read == 0 ? Lag.NONE : lag(reader, analysis);
                    } else if (read == 0) {
                        // the tailer found nothing new: nothing stored waits (and an idle poll reads no more than that)
                        lag = Lag.NONE;
                    } else if (read < BATCH) {
                        // caught up with what was there: say so at once, not at the next publication
                        lag = lag(reader, analysis);
                    }
                    if (stopped) {
                        // a stopped run is read to its end: keep no file of it mapped, so deleting it frees the space
                        reader.close();
                        reader = null;
                    }
                }
                if (read < BATCH) {
                    Thread.sleep(POLL_MS);
                }
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

    /**
     * How far {@code analysis} trails the store {@code reader} reads: the records not yet read, and
     * the data time between the newest stored waveform and the newest analysed one (from the run's
     * start if none is analysed yet); 0 when nothing waits.
     */
    static Lag lag(RunReader reader, RunAnalysis analysis) {
        long backlog = reader.backlog();
        if (backlog == 0) {
            return Lag.NONE;
        }
        long newest = reader.newestWaveformNs();
        long analysed = analysis.lastWaveformNs();
        if (analysed == 0 && analysis.startTime() != null) {
            Instant start = analysis.startTime();
            analysed = start.getEpochSecond() * 1_000_000_000L + start.getNano();
        }
        double ms = newest < 0 || analysed == 0 ? 0 : Math.max(0, newest - analysed) / 1e6;
        return new Lag(ms, backlog);
    }

    /** The latest summary, or null before the first run. */
    public AnalysisSummary summary() {
        return summary;
    }

    /** How far the analysis trails the store in data time, ms: 0 when caught up, NaN before a run. */
    public double lagMs() {
        return lag.ms();
    }

    /** Records stored and not yet analysed: 0 when caught up, -1 before a run. */
    public long backlog() {
        return lag.backlog();
    }

    /** The lag and backlog as one status value, published together. */
    public AnalysisStatus status() {
        Lag l = lag;
        return new AnalysisStatus(summary, l.ms(), l.backlog());
    }

    /** What {@code /api/analysis} answers (and the dashboard's analysis events carry). */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        Lag l = lag;
        AnalysisJson.full(summary, l.ms(), l.backlog(), o);
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
