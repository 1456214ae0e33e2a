package eu.ess.cevns.daq.status;

import eu.ess.cevns.config.ChannelConfig;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.config.SettingValues;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.IntToLongFunction;
import java.util.function.LongSupplier;

/**
 * Per-channel activity for the shift crew: waveforms per second of each configured channel (over
 * the last ~5 s) and how long each has been silent, from the store writer's per-channel counts.
 * Sampled whenever asked, at most once a second; the status is sampled every second, so silence
 * is known to within a second.
 */
public final class ChannelActivity {
    private static final long RATE_WINDOW_MS = 5_000;

    private record Sample(long timeMs, long[] counts) {
    }

    private final int[] ids;
    private final String[] digitizers;
    private final IntToLongFunction waveforms;
    private final LongSupplier clockMs;
    private final long[] lastCount;
    private final long[] lastChangeMs;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private double[] rateHz;

    public ChannelActivity(DetectorConfig detector, IntToLongFunction waveformsByChannelId, LongSupplier clockMs) {
        List<Integer> idList = new ArrayList<>();
        List<String> digitizerList = new ArrayList<>();
        for (DigitizerConfig d : detector.digitizers()) {
            for (ChannelConfig c : d.channels()) {
                if (c.enabled()) {
                    idList.add(c.id());
                    digitizerList.add(d.name());
                }
            }
        }
        int n = idList.size();
        ids = idList.stream().mapToInt(Integer::intValue).toArray();
        digitizers = digitizerList.toArray(new String[0]);
        this.waveforms = waveformsByChannelId;
        this.clockMs = clockMs;
        lastCount = new long[n];
        lastChangeMs = new long[n];
        rateHz = new double[n];
        long now = clockMs.getAsLong();
        for (int k = 0; k < n; k++) {
            lastCount[k] = waveforms.applyAsLong(ids[k]);
            lastChangeMs[k] = now;
        }
    }

    private synchronized void sample() {
        long now = clockMs.getAsLong();
        Sample newest = samples.peekLast();
        if (newest != null && now - newest.timeMs() < 1000) {
            return;
        }
        long[] counts = new long[ids.length];
        for (int k = 0; k < ids.length; k++) {
            counts[k] = waveforms.applyAsLong(ids[k]);
            if (counts[k] != lastCount[k]) {
                lastCount[k] = counts[k];
                lastChangeMs[k] = now;
            }
        }
        samples.addLast(new Sample(now, counts));
        while (samples.size() > 2 && samples.peekFirst().timeMs() < now - RATE_WINDOW_MS) {
            samples.removeFirst();
        }
        Sample first = samples.peekFirst();
        double dt = (now - first.timeMs()) / 1000.0;
        double[] r = new double[ids.length];
        for (int k = 0; k < ids.length; k++) {
            r[k] = dt > 0 ? (counts[k] - first.counts()[k]) / dt : 0;
        }
        rateHz = r;
    }

    /** Each enabled channel as it is now: waveforms since start, rate, seconds silent, and its threshold in {@code settings}. */
    public synchronized List<StatusSnapshot.Channel> channels(SettingValues settings) {
        sample();
        long now = clockMs.getAsLong();
        List<StatusSnapshot.Channel> out = new ArrayList<>(ids.length);
        for (int k = 0; k < ids.length; k++) {
            out.add(new StatusSnapshot.Channel(ids[k], digitizers[k], lastCount[k], rateHz[k], (now - lastChangeMs[k]) / 1000.0,
                    settings.threshold(ids[k])));
        }
        return out;
    }
}
