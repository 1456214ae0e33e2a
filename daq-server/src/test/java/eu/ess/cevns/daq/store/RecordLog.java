package eu.ess.cevns.daq.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link RecordVisitor} that keeps every record it is given as a value with every field, so a
 * test compares what a reader produced with what was written in one {@code assertEquals}.
 */
final class RecordLog implements RecordVisitor {
    record Start(int run, Instant start, String softwareVersion, String who, String comment, String config) {
    }

    record Wave(int source, int outputQueue, int fiber, int fen, int flags, int channel, int channelId, int sampleBits,
                int beamState, int preTrigger, long sequence, long pulseT0Ns, long timeSinceT0Ns, String samples) {
    }

    record Pulse(long t0Ns, double chargeUc, int beamState) {
    }

    record Change(Instant time, String who, String what, String oldValue, String newValue) {
    }

    record Alarm(Instant time, int severity, boolean raised, String name, String message) {
    }

    record Act(Instant time, int action, String name, String who, String reason, Instant shelvedUntil) {
    }

    record Stop(Instant stop, boolean aborted, long waveforms, long pulses, long dropped, String who, String comment) {
    }

    record Log(Instant time, String who, String text, List<String> tags) {
    }

    record Quality(Instant time, String who, String flag, String reason) {
    }

    record Unknown(int kind, int version, long length) {
    }

    final List<Object> records = new ArrayList<>();

    /** How a waveform's samples appear in a {@link Wave}. */
    static String samples(short... s) {
        return Arrays.toString(s);
    }

    @Override
    public void onRunStart(int run, Instant start, String softwareVersion, String who, String comment, String config) {
        records.add(new Start(run, start, softwareVersion, who, comment, config));
    }

    @Override
    public void onWaveform(StoredWaveform w) {
        short[] s = new short[w.sampleCount()];
        w.copySamples(s);
        for (int i = 0; i < s.length; i++) {
            if (w.sample(i) != s[i]) {
                throw new AssertionError("sample " + i + ": copySamples gave " + s[i] + ", sample(i) " + w.sample(i));
            }
        }
        records.add(new Wave(w.sourceId(), w.outputQueue(), w.fiber(), w.fen(), w.flags(), w.channel(), w.channelId(),
                w.sampleBits(), w.beamState(), w.preTrigger(), w.sequence(), w.pulseT0Ns(), w.timeSinceT0Ns(), samples(s)));
    }

    @Override
    public void onPulse(long t0Ns, double chargeUc, int beamState) {
        records.add(new Pulse(t0Ns, chargeUc, beamState));
    }

    @Override
    public void onConfigChange(Instant time, String who, String what, String oldValue, String newValue) {
        records.add(new Change(time, who, what, oldValue, newValue));
    }

    @Override
    public void onAlarm(Instant time, int severity, boolean raised, String name, String message) {
        records.add(new Alarm(time, severity, raised, name, message));
    }

    @Override
    public void onAlarmAction(Instant time, int action, String name, String who, String reason, Instant shelvedUntil) {
        records.add(new Act(time, action, name, who, reason, shelvedUntil));
    }

    @Override
    public void onRunStop(Instant stop, boolean aborted, long waveforms, long pulses, long dropped, String who, String comment) {
        records.add(new Stop(stop, aborted, waveforms, pulses, dropped, who, comment));
    }

    @Override
    public void onLogEntry(Instant time, String who, String text, List<String> tags) {
        records.add(new Log(time, who, text, tags));
    }

    @Override
    public void onRunQuality(Instant time, String who, String flag, String reason) {
        records.add(new Quality(time, who, flag, reason));
    }

    @Override
    public void onUnknown(int kind, int version, long length) {
        records.add(new Unknown(kind, version, length));
    }
}
