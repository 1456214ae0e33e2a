package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.analysis.pulse.PulseProcessor;
import eu.ess.cevns.daq.store.StoredWaveform;

/**
 * A stored waveform's samples copied once into a reused array: the processor reads each sample
 * several times, and array reads are much cheaper than reads through the queue's bytes. The array
 * grows to the longest record seen and is never shrunk, so steady state allocates nothing.
 */
final class StoredSamples implements PulseProcessor.Samples {
    private short[] samples = new short[1024];
    private int count;
    private int preTrigger;
    private int flags;

    StoredSamples copy(StoredWaveform w) {
        count = w.sampleCount();
        if (samples.length < count) {
            samples = new short[count];
        }
        w.copySamples(samples);
        preTrigger = w.preTrigger();
        flags = w.flags();
        return this;
    }

    /** The reused array: the first {@link #count()} entries are the last waveform copied. */
    short[] array() {
        return samples;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public int preTrigger() {
        return preTrigger;
    }

    @Override
    public int flags() {
        return flags;
    }

    @Override
    public short sample(int i) {
        return samples[i];
    }
}
