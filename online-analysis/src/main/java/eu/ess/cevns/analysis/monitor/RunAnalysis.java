package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.analysis.beam.BeamExposure;
import eu.ess.cevns.analysis.physics.Exposure;
import eu.ess.cevns.analysis.pulse.PulseFeatures;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.SettingValues;
import eu.ess.cevns.daq.store.RecordVisitor;
import eu.ess.cevns.daq.store.StoredWaveform;

import java.time.Instant;
import java.util.List;

/**
 * The analysis of one run, fed its records in order. Configuration comes from the run-start
 * record and changes from config-change records ({@link RunConfigReplay}), so live and replayed
 * analysis see the same thresholds and windows at the same point of the run. Each waveform is
 * processed and calibrated ({@link WaveformEvents}), then judged as an event ({@link #onEvent}, which
 * the combined analysis of several hosts also feeds): cut ({@link QualityCounters}),
 * classified by its pulse's beam state and its time since T0 ({@link EventClass}), counted
 * ({@link EventCounts}) and histogrammed ({@link EventHistograms}); each pulse adds to the exposure
 * ({@link BeamExposure}) and the rate history ({@link RateHistory}); the SM expectation comes from
 * {@link SmExpectation}. One thread; no allocation per waveform.
 */
public final class RunAnalysis implements RecordVisitor {
    private final double neutrinosPerFlavorPerProton;
    private final RunConfigReplay config = new RunConfigReplay();
    private final BeamExposure exposure = new BeamExposure();
    private final QualityCounters quality = new QualityCounters();
    private final EventCounts counts = new EventCounts();
    private final RateHistory history = new RateHistory();
    private EventHistograms histograms = new EventHistograms(0);
    private SmExpectation expectation;
    private int run = -1;
    private boolean stopped;
    private Instant startTime;
    private Instant stopTime;
    private boolean aborted;
    private long lastEventNs;
    private double lastKeVnr;
    private EventListener listener;
    private WaveformTap tap;

    /**
     * Receives every waveform the analysis accepted (above threshold, no pile-up or saturation),
     * classified as it was counted: the export's event list. Window: 1 on, 2 off, 3 beam-off sample,
     * 0 none (outside the windows or an UNKNOWN pulse).
     */
    public interface EventListener {
        void onEvent(long pulseT0Ns, long timeSinceT0Ns, int channelId, double keVee, double keVnr, double shape, int window,
                     int beamState);

        /** Every pulse record, as the analysis counted it. */
        default void onPulse(long t0Ns, double chargeUc, int beamState) {
        }

        /** Whether {@link #onEventSamples} should be called after each {@link #onEvent}. */
        default boolean wantsSamples() {
            return false;
        }

        /** The raw samples of the event just reported (valid during the call). */
        default void onEventSamples(short[] samples, int count) {
        }
    }

    /**
     * Sees every waveform the analysis processed, accepted or not, with what the analysis made of
     * it: the oscilloscope view of recent triggers. Called on the analysis thread; the samples
     * array is valid during the call only.
     */
    public interface WaveformTap {
        void onProcessed(int channelId, short[] samples, int count, int preTrigger, long pulseT0Ns, long timeSinceT0Ns,
                         int beamState, double keVnr, boolean pileUp, boolean saturated, boolean accepted);
    }

    /** @param neutrinosPerFlavorPerProton the source's r for the SM expectation (ESS: 0.3) */
    public RunAnalysis(double neutrinosPerFlavorPerProton) {
        this.neutrinosPerFlavorPerProton = neutrinosPerFlavorPerProton;
    }

    public RunAnalysis() {
        this(Exposure.ESS_R);
    }

    public RunAnalysis tap(WaveformTap t) {
        this.tap = t;
        return this;
    }

    public RunAnalysis listen(EventListener l) {
        this.listener = l;
        return this;
    }

    @Override
    public void onRunStart(int number, Instant start, String softwareVersion, String who, String comment, String configText) {
        run = number;
        startTime = start;
        config.start(configText);
        expectation = new SmExpectation(config.detector(), neutrinosPerFlavorPerProton);
        histograms = new EventHistograms(config.channelSlots());
    }

    @Override
    public void onConfigChange(Instant time, String who, String what, String oldValue, String newValue) {
        config.change(time, who, what, oldValue, newValue);
    }

    @Override
    public void onPulse(long t0Ns, double chargeUc, int beamState) {
        if (listener != null) {
            listener.onPulse(t0Ns, chargeUc, beamState);
        }
        if (config.windows() != null) {
            exposure.onPulse(beamState, chargeUc, config.windows());
            if (history.countPulse()) {
                history.add(exposure.pot(), counts.on(), counts.off(), exposure.alpha(), expected());
            }
        }
    }

    @Override
    public void onWaveform(StoredWaveform w) {
        WaveformEvents events = config.events();
        if (events == null || !events.process(w)) {
            return;
        }
        PulseFeatures f = events.features();
        int id = w.channelId();
        EventClass c = onEvent(id, w.pulseT0Ns(), events.timeSinceT0Ns(), events.keVee(), f.pileUp, f.saturated, f.tailFraction,
                w.beamState());
        StoredSamples samples = events.samples();
        if (tap != null) {
            tap.onProcessed(id, samples.array(), samples.count(), samples.preTrigger(), w.pulseT0Ns(), w.timeSinceT0Ns(),
                    w.beamState(), lastKeVnr, f.pileUp, f.saturated, c != null);
        }
        if (c != null && listener != null && listener.wantsSamples()) {
            listener.onEventSamples(samples.array(), samples.count());
        }
    }

    /**
     * One event whose pulse processing is done: from a stored waveform ({@link #onWaveform}), or
     * by the host that recorded it (the combined analysis of events streamed over Kafka). The
     * quality cuts, then its class by its pulse's beam state and its time since T0 against the
     * windows in force, the counts and the histograms.
     *
     * @param timeSinceT0Ns the event's trigger time since T0 ({@link WaveformEvents#timeSinceT0Ns()})
     * @return its class, or null if the run configures no such channel or a cut removed it
     */
    public EventClass onEvent(int channelId, long pulseT0Ns, long timeSinceT0Ns, double keVee, boolean pileUp, boolean saturated,
                              double tailFraction, int beamState) {
        if (config.processor(channelId) == null) {
            return null;
        }
        quality.countWaveform();
        double keVnr = config.scale().keVnr(keVee);
        lastKeVnr = keVnr;
        if (!quality.pass(pileUp, saturated, keVnr, config.thresholdKeVnr(channelId))) {
            return null;
        }
        double timeSinceT0Us = timeSinceT0Ns / 1000.0;
        lastEventNs = pulseT0Ns + timeSinceT0Ns;
        EventClass c = EventClass.of(beamState, timeSinceT0Us, config.windows());
        histograms.add(c, channelId, timeSinceT0Us, keVnr, tailFraction);
        counts.add(c);
        if (listener != null) {
            listener.onEvent(pulseT0Ns, timeSinceT0Ns, channelId, keVee, keVnr, tailFraction, c.exportCode(), beamState);
        }
        return c;
    }

    @Override
    public void onRunStop(Instant stop, boolean abortedRun, long wf, long pulses, long dropped, String who, String comment) {
        stopped = true;
        stopTime = stop;
        aborted = abortedRun;
    }

    /** The SM expectation for this run's exposure in the on window, each channel its own threshold and share of the mass. */
    public double expected() {
        return expectedFor(exposure.pot());
    }

    /** The SM expectation in the on window for {@code pot} protons on target, at the thresholds and windows in force. */
    public double expectedFor(double pot) {
        return expectation == null ? 0 : expectation.events(config.thresholdsKeVnr(), config.windows(), pot);
    }

    public AnalysisSummary summary() {
        DetectorConfig detector = config.detector();
        return new AnalysisSummary(run, stopped, lastEventNs, counts.snapshot(),
                AnalysisSummary.Excess.of(counts.on(), counts.off(), exposure.alpha(), expected(), config.limits()),
                AnalysisSummary.Exposure.of(exposure, detector == null ? Double.NaN : detector.massKg()),
                quality.snapshot(), histograms.snapshot(), history.points());
    }

    /** The thresholds and windows in force at this point of the run, as its records say. */
    public SettingValues settings() {
        return config.settings();
    }

    /** Nanoseconds between samples of channel {@code channelId}'s digitizer, NaN if unknown. */
    public double samplePeriodNs(int channelId) {
        return config.samplePeriodNs(channelId);
    }

    /** The run's configuration text as recorded at its start. */
    public String configText() {
        return config.text();
    }

    /** Every config change recorded in the run, as "time who what old -> new". */
    public List<String> configChanges() {
        return config.changes();
    }

    public Instant startTime() {
        return startTime;
    }

    /** Time of the run-stop record, or null if the run has none (still running, or lost in a crash). */
    public Instant stopTime() {
        return stopTime;
    }

    public boolean aborted() {
        return aborted;
    }
}
