package eu.ess.cevns.kafka.publish;

import eu.ess.cevns.config.KafkaSettings;

/**
 * Which raw waveforms go to the samples topic: every {@code prescale}-th of those of the listed
 * channels (all if none are listed) at or above the minimum energy. Publishing every waveform
 * cannot keep up with ingest (a local broker takes some tens of thousands of waveforms a second,
 * ingest some hundreds of thousands), hence the prescale.
 */
final class SampleSelector {
    private final int prescale;
    private final boolean[] channel;
    private final double minKeVee;
    private long passed;

    SampleSelector(KafkaSettings.Samples s) {
        this.prescale = s.prescale();
        this.minKeVee = s.minKeVee();
        if (s.channels().isEmpty()) {
            channel = null;
        } else {
            int max = s.channels().stream().mapToInt(Integer::intValue).max().orElse(0);
            channel = new boolean[max + 1];
            for (int c : s.channels()) {
                channel[c] = true;
            }
        }
    }

    /** Whether the waveform of {@code channelId} with {@code keVee} is published. */
    boolean take(int channelId, double keVee) {
        if (channel != null && (channelId >= channel.length || !channel[channelId])) {
            return false;
        }
        if (minKeVee > 0 && !(keVee >= minKeVee)) {
            return false;
        }
        return passed++ % prescale == 0;
    }
}
