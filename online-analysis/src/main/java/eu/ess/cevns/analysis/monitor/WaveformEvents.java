package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.analysis.calib.EnergyScale;
import eu.ess.cevns.analysis.pulse.PulseFeatures;
import eu.ess.cevns.analysis.pulse.PulseProcessor;
import eu.ess.cevns.config.ChannelConfig;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.daq.store.StoredWaveform;

import java.util.Arrays;

/**
 * What the analysis makes of a run's stored waveforms before it judges them: each channel's
 * digitizer's {@link PulseProcessor} (one per digitizer: its channels share the sampling rate and
 * ADC bits), then the channel's calibration to keVee ({@link EnergyScale}). The event's time is
 * its trigger time since T0 to the nanosecond: the readout's time plus the processor's trigger
 * offset, truncated, as the export's event list and the ESS event stream (ev44) carry it. Built
 * from a run's detector; used by {@link RunAnalysis} and by whatever passes the run's events on
 * (the Kafka publisher). One thread; no allocation per waveform.
 */
public final class WaveformEvents {
    private final EnergyScale scale;
    private final PulseProcessor[] processors;
    private final double[] samplePeriodNs;
    private final StoredSamples samples = new StoredSamples();
    private final PulseFeatures features = new PulseFeatures();
    private double keVee;
    private long timeSinceT0Ns;

    public WaveformEvents(DetectorConfig detector) {
        int maxId = 0;
        for (DigitizerConfig d : detector.digitizers()) {
            for (ChannelConfig ch : d.channels()) {
                maxId = Math.max(maxId, ch.id());
            }
        }
        processors = new PulseProcessor[maxId + 1];
        samplePeriodNs = new double[maxId + 1];
        Arrays.fill(samplePeriodNs, Double.NaN);
        PulseProcessor.TriggerMethod method = "leadingEdge".equals(detector.processing().triggerMethod())
                ? PulseProcessor.TriggerMethod.LEADING_EDGE : PulseProcessor.TriggerMethod.CONSTANT_FRACTION;
        for (DigitizerConfig d : detector.digitizers()) {
            PulseProcessor p = new PulseProcessor(method, detector.processing().cfdFraction(), detector.processing().leadingEdgeAdc(),
                    detector.processing().tailStartNs(), d.samplingRateMHz(), d.adcBits());
            for (ChannelConfig ch : d.channels()) {
                processors[ch.id()] = p;
                samplePeriodNs[ch.id()] = 1000.0 / d.samplingRateMHz();
            }
        }
        scale = new EnergyScale(detector);
    }

    /**
     * Processes {@code w} and calibrates it; false (and nothing processed) if the run configures no
     * such channel. The results stay until the next call.
     */
    public boolean process(StoredWaveform w) {
        PulseProcessor p = processor(w.channelId());
        if (p == null) {
            return false;
        }
        p.process(samples.copy(w), features);
        keVee = scale.keVee(w.channelId(), features.amplitudeAdc);
        timeSinceT0Ns = w.timeSinceT0Ns() + (long) features.triggerOffsetNs;
        return true;
    }

    /** The pulse processor of channel {@code channelId}, or null if the run configures no such channel. */
    public PulseProcessor processor(int channelId) {
        return channelId >= 0 && channelId < processors.length ? processors[channelId] : null;
    }

    /** Nanoseconds between samples of channel {@code channelId}'s digitizer, NaN if the run configures no such channel. */
    public double samplePeriodNs(int channelId) {
        return channelId >= 0 && channelId < samplePeriodNs.length ? samplePeriodNs[channelId] : Double.NaN;
    }

    /** The largest configured channel id plus one. */
    public int channelSlots() {
        return processors.length;
    }

    public EnergyScale scale() {
        return scale;
    }

    /** The last waveform's features (amplitude, trigger offset, pulse shape, pile-up, saturation). */
    public PulseFeatures features() {
        return features;
    }

    /** The last waveform's energy, keVee (NaN for a channel without calibration). */
    public double keVee() {
        return keVee;
    }

    /** The last waveform's trigger time since its pulse's T0, ns. */
    public long timeSinceT0Ns() {
        return timeSinceT0Ns;
    }

    /** The last waveform's samples (a reused array: the first {@code count} entries). */
    StoredSamples samples() {
        return samples;
    }
}
