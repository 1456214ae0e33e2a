package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.analysis.beam.BeamExposure;
import eu.ess.cevns.analysis.pulse.PulseFeatures;
import eu.ess.cevns.analysis.physics.Reach;
import eu.ess.cevns.analysis.stats.SignalFit;
import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.ExpectationInputs;
import eu.ess.cevns.config.SettingValues;
import eu.ess.cevns.daq.store.RecordVisitor;
import eu.ess.cevns.daq.store.StoredWaveform;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The analysis of one run, fed its records in order. Configuration comes from the run-start
 * record and changes from config-change records ({@link RunConfigReplay}), so live and replayed
 * analysis see the same thresholds and windows at the same point of the run. Each waveform is
 * processed and calibrated ({@link WaveformEvents}), then judged as an event ({@link #onEvent}, which
 * the combined analysis of several hosts also feeds): cut ({@link QualityCounters}),
 * classified by its pulse's beam state and its time since T0 ({@link EventClass}), counted
 * ({@link EventCounts}) and histogrammed ({@link EventHistograms}); each pulse adds to the exposure
 * ({@link BeamExposure}) and the rate history ({@link RateHistory}); the beam-correlated expectation
 * (CEvNS and beam-related neutrons) comes from {@link BeamExpectation}, with the inputs the run
 * recorded ({@link ExpectationInputs}: r and the boost), the defaults for a run that recorded none,
 * or those it is given. One thread; no allocation per waveform.
 */
public final class RunAnalysis implements RecordVisitor {
    /** The expectation inputs given instead of the run's, or null to use the run's. */
    private final ExpectationInputs override;
    private ExpectationInputs inputs = ExpectationInputs.DEFAULT;
    private final RunConfigReplay config = new RunConfigReplay();
    private final AlarmActLog alarmActs = new AlarmActLog();
    private final BeamExposure exposure = new BeamExposure();
    private final QualityCounters quality = new QualityCounters();
    private final EventCounts counts = new EventCounts();
    private final RateHistory history = new RateHistory();
    private EventHistograms histograms = new EventHistograms(0);
    private BeamExpectation expectation;
    private int run = -1;
    private boolean stopped;
    private Instant startTime;
    private Instant stopTime;
    private boolean aborted;
    private long lastEventNs;
    /** Time of the newest waveform read (accepted or not): how far the analysis has got in the run. */
    private long lastWaveformNs;
    private double lastKeVnr;
    private EventListener listener;
    private WaveformTap tap;
    private SignalFit.Result fit = SignalFit.Result.NONE;
    private final RunReach reach = new RunReach();

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

    /**
     * An analysis whose expectation uses {@code override} instead of what the run recorded (the
     * command line's {@code --r}); null to use the run's inputs.
     */
    public RunAnalysis(ExpectationInputs override) {
        this.override = override;
    }

    /** An analysis whose expectation uses r = {@code neutrinosPerFlavorPerProton} and no boost, whatever the run recorded. */
    public RunAnalysis(double neutrinosPerFlavorPerProton) {
        this(new ExpectationInputs(neutrinosPerFlavorPerProton, 1));
    }

    /** An analysis with the expectation inputs the run recorded (the defaults for a run that recorded none). */
    public RunAnalysis() {
        this((ExpectationInputs) null);
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
        inputs = override != null ? override : config.expectation() != null ? config.expectation() : ExpectationInputs.DEFAULT;
        expectation = new BeamExpectation(config.detector(), inputs);
        histograms = new EventHistograms(config.channelSlots());
    }

    @Override
    public void onConfigChange(Instant time, String who, String what, String oldValue, String newValue) {
        config.change(time, who, what, oldValue, newValue);
    }

    @Override
    public void onAlarmAction(Instant time, int action, String name, String who, String reason, Instant shelvedUntil) {
        alarmActs.add(time, action, name, who, reason, shelvedUntil);
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
        lastWaveformNs = w.pulseT0Ns() + w.timeSinceT0Ns();
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

    /**
     * The beam-correlated expectation (CEvNS + beam-related neutrons) for this run's exposure in the
     * on window, each channel its own threshold and share of the mass.
     */
    public double expected() {
        return expectationNow().total();
    }

    /**
     * The beam-correlated expectation in the on window for {@code pot} protons on target, at the
     * thresholds and windows in force (the combined analysis' joint exposure).
     */
    public double expectedFor(double pot) {
        return expectation == null ? 0 : expectation.value(config.thresholdsKeVnr(), config.windows(), pot).total();
    }

    private BeamExpectation.Value expectationNow() {
        return expectation == null ? BeamExpectation.Value.NONE
                : expectation.value(config.thresholdsKeVnr(), config.windows(), exposure.pot());
    }

    public AnalysisSummary summary() {
        DetectorConfig detector = config.detector();
        BeamExpectation.Value e = expectationNow();
        return new AnalysisSummary(run, stopped, lastEventNs, counts.snapshot(),
                AnalysisSummary.Excess.of(counts.on(), counts.off(), exposure.alpha(), e.total(), e.syst(), config.limits()),
                AnalysisSummary.Exposure.of(exposure, detector == null ? Double.NaN : detector.massKg()),
                quality.snapshot(), histograms.snapshot(), history.points(),
                new AnalysisSummary.Expectation(e.cevns(), e.brn(), e.syst(), inputs.neutrinosPerFlavorPerProton(), inputs.boost()), fit,
                reach.result());
    }

    /**
     * What the run's exposure so far means for the neutron radius and NSI ({@link Reach}, the
     * default statistics: binned with systematics, the run's steady background), without the grid;
     * kept for the summaries that follow. The spectra are computed once per set of thresholds and on
     * window (a second or so), then scaled: the live analysis calls it with the fit.
     */
    public Reach.Result reach() {
        if (expectation == null || !(exposure.pot() > 0)) {
            return reach.result();
        }
        return reach.update(reachInput(true, false, REACH_CL, REACH_RANGE));
    }

    /** The confidence level of the run's NSI region (90 %, as Baxter et al. 2020 draw it) and the range of ε it scans. */
    public static final double REACH_CL = 0.90;
    public static final double REACH_RANGE = 1.0;

    /** The reach input of this run so far ({@link RunReach#input}). */
    public Reach.Input reachInput(boolean systematics, boolean counting, double cl, double range) {
        return RunReach.input(config, exposure, histograms.snapshot().energyOff(), inputs, systematics, counting, cl, range);
    }

    /**
     * Fits the signal strength to the run as it stands ({@link SignalFit}) and keeps the result for
     * the summaries that follow. Tens of milliseconds: the live analysis calls it every few seconds
     * and at the end of a run, never per waveform; a replay calls it once at the end.
     */
    public SignalFit.Result fit() {
        fit = expectation == null ? SignalFit.Result.NONE : SignalFit.fit(fitData());
        return fit;
    }

    /** What the fit reads: the energy histograms, the exposure ratios and the expectation per bin with its uncertainties. */
    public SignalFit.Data fitData() {
        AnalysisSummary.Histograms h = histograms.snapshot();
        double[] edges = EventHistograms.energyEdgesKeVnr();
        BeamExpectation.Binned b = expectation.binned(config.thresholdsKeVnr(), config.windows(), exposure.pot(), edges);
        BeamExpectation.Value v = expectationNow();
        double offLive = exposure.offLiveSeconds();
        return new SignalFit.Data(h.energyOn(), h.energyOff(), h.energyBeamOff(), b.cevns(), b.brn(),
                exposure.alpha(), offLive > 0 ? exposure.beamOffLiveSeconds() / offLive : 0,
                v.cevns() > 0 ? v.cevnsSyst() / v.cevns() : 0, expectation.brnUncertainty());
    }

    /** The expectation inputs in use: the override, the run's, or the defaults. */
    public ExpectationInputs expectationInputs() {
        return inputs;
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

    /** The acts on alarms recorded in the run (the last {@value AlarmActLog#MAX_ACTS}), as "time who action name [until T][: reason]". */
    public List<String> alarmActs() {
        return alarmActs.lines();
    }

    /** Every config change recorded in the run, field by field. */
    public List<ConfigChange> configChangeRecords() {
        return config.changeRecords();
    }

    /** The detector as the run recorded it at its start (null before the run-start record). */
    public DetectorConfig detector() {
        return config.detector();
    }

    /** The on and off windows in force now (at the end of a replay: at the end of the run). */
    public BeamWindows windows() {
        return config.windows();
    }

    /** Each channel's threshold in force now, by channel id (a copy). */
    public double[] thresholdsKeVnr() {
        return config.thresholdsKeVnr().clone();
    }

    /**
     * The expectation of a selection of the run: the enabled channels among {@code channels} (empty:
     * all), recoils in [minKeVnr, maxKeVnr], at the run's exposure: CEvNS, BRN and the systematic
     * error, as the run's expectation computes them (the quenching and threshold terms only where the
     * range starts at a channel's threshold), and the selected channels' share of the target mass.
     */
    public AnalysisSummary.Expectation expectedFor(Set<Integer> channels, double minKeVnr, double maxKeVnr) {
        if (expectation == null) {
            return AnalysisSummary.Expectation.NONE;
        }
        BeamExpectation.Value v = expectation.value(config.thresholdsKeVnr(), config.windows(), exposure.pot(),
                id -> channels.isEmpty() || channels.contains(id), minKeVnr, maxKeVnr);
        return new AnalysisSummary.Expectation(v.cevns(), v.brn(), v.syst(), inputs.neutrinosPerFlavorPerProton(), inputs.boost());
    }

    /** The share of the target mass behind the enabled channels among {@code channels} (empty: all). */
    public double massShare(Set<Integer> channels) {
        return expectation == null ? Double.NaN : expectation.share(id -> channels.isEmpty() || channels.contains(id));
    }

    public Instant startTime() {
        return startTime;
    }

    /** Time (pulse T0 + time since T0, ns) of the newest waveform read, accepted or not; 0 before the first. */
    public long lastWaveformNs() {
        return lastWaveformNs;
    }

    /** Time of the run-stop record, or null if the run has none (still running, or lost in a crash). */
    public Instant stopTime() {
        return stopTime;
    }

    /** Whether the run-stop record has been read. */
    public boolean stopped() {
        return stopped;
    }

    public boolean aborted() {
        return aborted;
    }
}
