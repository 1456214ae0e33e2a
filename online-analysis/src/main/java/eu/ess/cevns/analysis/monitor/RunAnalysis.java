package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.analysis.stats.ExcessVerdict;
import eu.ess.cevns.config.AlarmLimits;
import eu.ess.cevns.config.RunConfigSnapshot;
import eu.ess.cevns.config.Setting;
import eu.ess.cevns.config.SettingValues;
import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.analysis.beam.BeamExposure;
import eu.ess.cevns.analysis.calib.EnergyScale;
import eu.ess.cevns.analysis.physics.Exposure;
import eu.ess.cevns.analysis.physics.ExpectedRate;
import eu.ess.cevns.analysis.pulse.PulseFeatures;
import eu.ess.cevns.analysis.pulse.PulseProcessor;
import eu.ess.cevns.analysis.stats.Interval;
import eu.ess.cevns.analysis.stats.OnOff;
import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.ChannelConfig;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.daq.store.RecordVisitor;
import eu.ess.cevns.daq.store.StoredWaveform;
import eu.ess.cevns.daq.timing.BeamState;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The analysis of one run, fed its records in order. Configuration comes from the run-start
 * record and changes from config-change records, so live and replayed analysis see the same
 * thresholds and windows at the same point of the run. Each waveform is processed
 * ({@link PulseProcessor}), calibrated ({@link EnergyScale}), cut at its channel's threshold in
 * keVnr, pile-up and saturation removed, and counted by its pulse's beam state and its time since
 * T0: on window of an ON pulse (signal + background), off window of an ON pulse (background),
 * on window of an OFF pulse (beam-off background). One thread; no allocation per waveform.
 */
public final class RunAnalysis implements RecordVisitor {
    public static final int ENERGY_BINS = 50;
    public static final double ENERGY_MAX_KEVNR = 50;
    public static final int TIME_BINS = 200;
    /** Pulse-shape (tail fraction) bins of the shape-vs-energy histogram; energy bins as {@link #ENERGY_BINS}. */
    public static final int SHAPE_BINS = 20;
    /**
     * Pulses per rate-history point at the start of a run: ten seconds of beam. When the history
     * holds {@link #HISTORY_MAX} points every other one is dropped and the spacing doubles, so a
     * long run keeps its whole story at coarser steps (and a replay drops the same points).
     */
    public static final int HISTORY_PULSES = 14 * 10;
    private static final int HISTORY_MAX = 720;
    private long historyEvery = HISTORY_PULSES;

    private final double neutrinosPerFlavorPerProton;
    private final BeamExposure exposure = new BeamExposure();
    private final PulseFeatures features = new PulseFeatures();
    private final StoredSamples samples = new StoredSamples();
    private final long[] energyOn = new long[ENERGY_BINS];
    private final long[] energyOff = new long[ENERGY_BINS];
    private final long[] timeHist = new long[TIME_BINS];
    private final Map<String, Double> expectedPerPot = new HashMap<>();
    private int run = -1;
    private boolean stopped;
    private DetectorConfig detector;
    private BeamWindows windows;
    private SettingValues settings;
    private AlarmLimits limits = AlarmLimits.DEFAULT;
    private EnergyScale scale;
    private ExpectedRate rate;
    private PulseProcessor[] processors = new PulseProcessor[0];
    private double[] thresholds = new double[0];
    private int channels;
    private long on;
    private long off;
    private long beamOff;
    private long unknown;
    private long waveforms;
    private long belowThreshold;
    private long pileUp;
    private long saturated;
    private long lastEventNs;
    private long[] channelOn = new long[0];
    private long[] channelEnergy = new long[0];
    private WaveformTap tap;
    private final long[] shapeVsEnergy = new long[SHAPE_BINS * ENERGY_BINS];
    private final java.util.ArrayDeque<AnalysisSummary.HistoryPoint> history = new java.util.ArrayDeque<>();
    private long pulsesSeen;
    private EventListener listener;
    private String configText = "";
    private final java.util.List<String> changes = new java.util.ArrayList<>();
    private Instant startTime;
    private Instant stopTime;
    private boolean aborted;

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

    public RunAnalysis tap(WaveformTap t) {
        this.tap = t;
        return this;
    }

    /** Nanoseconds between samples of channel {@code channelId}'s digitizer, NaN if unknown. */
    public double samplePeriodNs(int channelId) {
        DetectorConfig d = detector;
        if (d != null) {
            for (DigitizerConfig g : d.digitizers()) {
                for (ChannelConfig c : g.channels()) {
                    if (c.id() == channelId) {
                        return 1000.0 / g.samplingRateMHz();
                    }
                }
            }
        }
        return Double.NaN;
    }

    public RunAnalysis listen(EventListener l) {
        this.listener = l;
        return this;
    }

    /** The run's configuration text as recorded at its start. */
    public String configText() {
        return configText;
    }

    /** Every config change recorded in the run, as "time who what old -> new". */
    public java.util.List<String> configChanges() {
        return java.util.List.copyOf(changes);
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

    /** @param neutrinosPerFlavorPerProton the source's r for the SM expectation (ESS: 0.3) */
    public RunAnalysis(double neutrinosPerFlavorPerProton) {
        this.neutrinosPerFlavorPerProton = neutrinosPerFlavorPerProton;
    }

    public RunAnalysis() {
        this(Exposure.ESS_R);
    }

    @Override
    public void onRunStart(int number, Instant start, String softwareVersion, String who, String comment, String config) {
        run = number;
        startTime = start;
        configText = config;
        RunConfigSnapshot c = RunConfigSnapshot.parse(config);
        detector = c.detector();
        windows = c.windows();
        limits = c.alarms();
        settings = SettingValues.of(detector, windows);
        scale = new EnergyScale(detector);
        rate = new ExpectedRate(detector);
        int maxId = 0;
        for (DigitizerConfig d : detector.digitizers()) {
            for (ChannelConfig ch : d.channels()) {
                maxId = Math.max(maxId, ch.id());
            }
        }
        processors = new PulseProcessor[maxId + 1];
        thresholds = new double[maxId + 1];
        channelOn = new long[maxId + 1];
        channelEnergy = new long[(maxId + 1) * ENERGY_BINS];
        channels = 0;
        PulseProcessor.TriggerMethod method = "leadingEdge".equals(detector.processing().triggerMethod())
                ? PulseProcessor.TriggerMethod.LEADING_EDGE : PulseProcessor.TriggerMethod.CONSTANT_FRACTION;
        for (DigitizerConfig d : detector.digitizers()) {
            PulseProcessor p = new PulseProcessor(method, detector.processing().cfdFraction(), detector.processing().leadingEdgeAdc(),
                    detector.processing().tailStartNs(), d.samplingRateMHz(), d.adcBits());
            for (ChannelConfig ch : d.channels()) {
                processors[ch.id()] = p;
                thresholds[ch.id()] = ch.thresholdKeVnr();
                if (ch.enabled()) {
                    channels++;
                }
            }
        }
    }

    @Override
    public void onConfigChange(Instant time, String who, String what, String oldValue, String newValue) {
        changes.add(time + " " + who + " " + what + " " + oldValue + " -> " + newValue);
        Setting setting = Setting.parse(what).orElse(null);
        if (setting == null || settings == null) {
            return;
        }
        double v;
        try {
            v = Double.parseDouble(newValue);
        } catch (NumberFormatException e) {
            return;
        }
        settings = setting.applyTo(settings, v);
        windows = settings.windows();
        if (setting instanceof Setting.Threshold t && t.channelId() < thresholds.length) {
            thresholds[t.channelId()] = v;
        }
    }

    /** The thresholds and windows in force at this point of the run, as its records say. */
    public SettingValues settings() {
        return settings;
    }

    @Override
    public void onPulse(long t0Ns, double chargeUc, int beamState) {
        if (listener != null) {
            listener.onPulse(t0Ns, chargeUc, beamState);
        }
        if (windows != null) {
            exposure.onPulse(beamState, chargeUc, windows);
            if (++pulsesSeen % historyEvery == 0) {
                addHistoryPoint();
            }
        }
    }

    /** The run so far, recorded once a minute of pulses: a rate history that replays identically. */
    private void addHistoryPoint() {
        double alpha = exposure.alpha();
        OnOff m = Double.isNaN(alpha) ? null : new OnOff(on, off, alpha);
        history.addLast(new AnalysisSummary.HistoryPoint(pulsesSeen, exposure.pot(), on, off, alpha,
                m == null ? Double.NaN : m.excess(), m == null ? Double.NaN : m.excessError(), expected()));
        if (history.size() >= HISTORY_MAX) {
            java.util.List<AnalysisSummary.HistoryPoint> kept = new java.util.ArrayList<>();
            int i = 0;
            for (AnalysisSummary.HistoryPoint p : history) {
                if (i++ % 2 == 1) {
                    kept.add(p);
                }
            }
            history.clear();
            history.addAll(kept);
            historyEvery *= 2;
        }
    }

    @Override
    public void onWaveform(StoredWaveform w) {
        int id = w.channelId();
        if (processors == null || id >= processors.length || processors[id] == null) {
            return;
        }
        waveforms++;
        processors[id].process(samples.copy(w), features);
        // once per waveform, for the tap and the threshold alike
        double keVnr = scale.keVnr(scale.keVee(id, features.amplitudeAdc));
        if (tap != null) {
            tap.onProcessed(id, samples.s, samples.count, samples.pre, w.pulseT0Ns(), w.timeSinceT0Ns(), w.beamState(), keVnr,
                    features.pileUp, features.saturated, !features.pileUp && !features.saturated && keVnr >= thresholds[id]);
        }
        if (features.pileUp) {
            pileUp++;
            return;
        }
        if (features.saturated) {
            saturated++;
            return;
        }
        if (!(keVnr >= thresholds[id])) {
            belowThreshold++;
            return;
        }
        double tUs = (w.timeSinceT0Ns() + features.triggerOffsetNs) / 1000.0;
        lastEventNs = w.pulseT0Ns() + w.timeSinceT0Ns();
        int tBin = (int) (tUs / EssPulse.PERIOD_US * TIME_BINS);
        if (tBin >= 0 && tBin < TIME_BINS) {
            timeHist[tBin]++;
        }
        int eBin = (int) (keVnr / ENERGY_MAX_KEVNR * ENERGY_BINS);
        BeamState state = BeamState.of(w.beamState());
        boolean inOn = tUs >= windows.onStartUs() && tUs < windows.onEndUs();
        boolean inOff = tUs >= windows.offStartUs() && tUs < windows.offEndUs();
        if (eBin < ENERGY_BINS) {
            channelEnergy[id * ENERGY_BINS + eBin]++;
            int sBin = Math.min(SHAPE_BINS - 1, (int) (features.tailFraction * SHAPE_BINS));
            shapeVsEnergy[sBin * ENERGY_BINS + eBin]++;
        }
        if (listener != null) {
            int window = state == BeamState.ON ? (inOn ? 1 : inOff ? 2 : 0) : state == BeamState.OFF && inOn ? 3 : 0;
            listener.onEvent(w.pulseT0Ns(), w.timeSinceT0Ns() + (long) features.triggerOffsetNs, id,
                    scale.keVee(id, features.amplitudeAdc), keVnr, features.tailFraction, window, w.beamState());
            if (listener.wantsSamples()) {
                listener.onEventSamples(samples.s, samples.count);
            }
        }
        if (state == BeamState.ON) {
            if (inOn) {
                on++;
                channelOn[id]++;
                if (eBin < ENERGY_BINS) {
                    energyOn[eBin]++;
                }
            } else if (inOff) {
                off++;
                if (eBin < ENERGY_BINS) {
                    energyOff[eBin]++;
                }
            }
        } else if (state == BeamState.OFF) {
            if (inOn) {
                beamOff++;
            }
        } else {
            unknown++;
        }
    }

    @Override
    public void onRunStop(Instant stop, boolean abortedRun, long wf, long pulses, long dropped, String who, String comment) {
        stopped = true;
        stopTime = stop;
        aborted = abortedRun;
    }

    /** The SM expectation for this run's exposure in the on window, each channel its own threshold and share of the mass. */
    public double expected() {
        if (rate == null || channels == 0 || exposure.pot() == 0) {
            return 0;
        }
        double sum = 0;
        for (DigitizerConfig d : detector.digitizers()) {
            for (ChannelConfig ch : d.channels()) {
                if (!ch.enabled()) {
                    continue;
                }
                String key = thresholds[ch.id()] + "/" + windows.onStartUs() + "/" + windows.onEndUs();
                double perPot = expectedPerPot.computeIfAbsent(key, k -> rate.eventsInWindow(thresholds[ch.id()],
                        new Exposure(1, neutrinosPerFlavorPerProton, detector.distanceM()), windows.onStartUs(), windows.onEndUs()));
                sum += perPot / channels;
            }
        }
        return sum * exposure.pot();
    }

    public AnalysisSummary summary() {
        double alpha = exposure.alpha();
        OnOff m = Double.isNaN(alpha) ? null : new OnOff(on, off, alpha);
        Interval i = m == null ? null : m.interval(0.6827);
        double expected = expected();
        ExcessVerdict verdict = m == null ? ExcessVerdict.WAITING : ExcessVerdict.of(m.excess(), m.excessError(), expected, limits);
        return new AnalysisSummary(run, stopped, on, off, beamOff, unknown,
                m == null ? Double.NaN : alpha, m == null ? Double.NaN : m.excess(), m == null ? Double.NaN : m.excessError(),
                m == null ? Double.NaN : m.liMaSignificance(), i == null ? Double.NaN : i.lower(), i == null ? Double.NaN : i.upper(),
                expected, exposure.pot(), exposure.onLiveSeconds(), exposure.offLiveSeconds(), exposure.beamOffLiveSeconds(),
                exposure.pulsesOn(), exposure.pulsesOff(), exposure.pulsesUnknown(), waveforms, belowThreshold, pileUp, saturated,
                lastEventNs, energyOn.clone(), energyOff.clone(), timeHist.clone(), detector == null ? Double.NaN : detector.massKg(),
                channelOn.clone(), shapeVsEnergy.clone(), java.util.List.copyOf(history), channelEnergy.clone(), verdict);
    }

    /**
     * A stored waveform's samples copied once into a reused array: the processor reads each sample
     * several times, and array reads are much cheaper than reads through the queue's bytes.
     */
    private static final class StoredSamples implements PulseProcessor.Samples {
        private short[] s = new short[1024];
        private int count;
        private int pre;
        private int flags;

        StoredSamples copy(StoredWaveform w) {
            count = w.sampleCount();
            if (s.length < count) {
                s = new short[count];
            }
            w.copySamples(s);
            pre = w.preTrigger();
            flags = w.flags();
            return this;
        }

        @Override
        public int count() {
            return count;
        }

        @Override
        public int preTrigger() {
            return pre;
        }

        @Override
        public int flags() {
            return flags;
        }

        @Override
        public short sample(int i) {
            return s[i];
        }
    }
}
