package eu.ess.cevns.daq.readout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test sink that keeps a copy of every waveform it is given. */
final class Received implements WaveformSink {
    record Copy(int sourceId, int outputQueue, long sequence, int fiber, int fen, int channel, int channelId, int flags,
                int bits, int pre, long t0Ns, long triggerNs, short[] samples) {
    }

    final List<Copy> all = new CopyOnWriteArrayList<>();

    @Override
    public void onWaveform(Waveform w) {
        short[] s = new short[w.sampleCount()];
        for (int i = 0; i < s.length; i++) {
            s[i] = w.sample(i);
        }
        all.add(new Copy(w.sourceId(), w.outputQueue(), w.sequence(), w.fiber(), w.fen(), w.channel(), w.channelId(),
                w.flags(), w.sampleBits(), w.preTrigger(), w.pulseT0Ns(), w.triggerTimeNs(), s));
    }
}
