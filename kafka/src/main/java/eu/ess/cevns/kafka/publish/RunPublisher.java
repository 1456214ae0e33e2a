package eu.ess.cevns.kafka.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.analysis.monitor.WaveformEvents;
import eu.ess.cevns.analysis.pulse.PulseFeatures;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.KafkaSettings;
import eu.ess.cevns.config.RunConfigSnapshot;
import eu.ess.cevns.config.Setting;
import eu.ess.cevns.config.SettingValues;
import eu.ess.cevns.daq.store.RecordVisitor;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.StoredWaveform;
import eu.ess.cevns.daq.timing.BeamState;
import eu.ess.cevns.kafka.EventFlags;
import eu.ess.cevns.kafka.SourceNames;
import eu.ess.cevns.kafka.schema.ArrayData;
import eu.ess.cevns.kafka.schema.EventData;
import eu.ess.cevns.kafka.schema.LogData;
import eu.ess.cevns.kafka.schema.RunStart;
import eu.ess.cevns.kafka.schema.RunStop;

import java.time.Instant;
import java.util.Optional;

/**
 * Publishes one run's records, read in store order from its {@link RunReader}: at the run start
 * a pl72 (to the detector topic, for consumers, and to the file-writer's job pool) and the
 * settings in force; per pulse record the pulse's beam decision on the detector topic (and, from
 * the designated host, the proton charge and beam state on the beam topic); per waveform an event
 * (pulse processing and calibration as the analysis does them, {@link WaveformEvents}) gathered
 * by pulse ({@link PulseAssembler}) into one ev44 and its se00 energies, shapes and flags, plus the
 * raw samples when selected; per change of a live setting an f144 (the pulses' events so far go
 * out first, so a consumer applies the setting where the store has it); at the run stop a 6s4t
 * (detector topic and the job's control topic). Every message is sent through the
 * {@link Sender} with the index of the record it came from. One thread; no allocation per
 * waveform beyond what the Kafka client does per message.
 */
final class RunPublisher implements RecordVisitor, PulseAssembler.Emitter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PublisherSetup setup;
    private final KafkaSettings k;
    private final SourceNames names;
    private final Sender sender;
    private final RunReader reader;
    private final PublisherCounters counters;
    private final PulseAssembler pulses;
    private final SampleSelector samples;
    private final EventData.Writer ev44 = new EventData.Writer(1 << 17);
    private final ArrayData.Writer se00 = new ArrayData.Writer(1 << 18);
    private final LogData.Writer f144 = new LogData.Writer();
    private final long[] eventTimes = new long[EventData.MAX_EVENTS];
    private long nextMessageId;
    /** True while the run-start record is read again only to restore what the run's later records need. */
    private boolean muted;
    private WaveformEvents events;
    private DetectorConfig detector;
    private int run = -1;
    private RunJob job;
    private boolean stopped;
    private long lastRecordTimeNs;

    RunPublisher(PublisherSetup setup, Sender sender, RunReader reader, PublisherCounters counters, long nextMessageId) {
        this.setup = setup;
        this.k = setup.kafka();
        this.names = setup.names();
        this.sender = sender;
        this.reader = reader;
        this.counters = counters;
        this.nextMessageId = nextMessageId;
        this.pulses = new PulseAssembler(k.pulseCloseAfter(), this);
        this.samples = new SampleSelector(k.samples());
    }

    /**
     * Goes back to position {@code p}: reads the run-start record again (without publishing) for
     * the run's configuration, then moves to where publishing resumes.
     */
    void resumeAt(PublishPosition p) {
        if (p.atStart()) {
            return;
        }
        muted = true;
        try {
            reader.next(this);
        } finally {
            muted = false;
        }
        if (!reader.moveTo(p.index())) {
            throw new IllegalStateException("run " + p.run() + " has no record at index " + p.index() + " (its position file does not belong to it)");
        }
        if (p.after()) {
            reader.next(new RecordVisitor() { });
        }
    }

    /** Reads and publishes up to {@code max} records; returns how many there were (0: at the end of what is stored). */
    int publish(int max) {
        int n = 0;
        while (n < max && reader.next(this)) {
            n++;
        }
        return n;
    }

    /** The store has nothing new: pulses whose events cannot come any more are handed on ({@code olderThanNs}: wall-clock horizon). */
    void idle(long olderThanNs) throws InterruptedException {
        pulses.finishBefore(olderThanNs);
    }

    boolean stopped() {
        return stopped;
    }

    int run() {
        return run;
    }

    long nextMessageId() {
        return nextMessageId;
    }

    /** Where a restart would have to read again from: the position to persist now. */
    PublishPosition position(int runNumber) {
        long owed = Math.min(sender.window().lowestPendingIndex(), pulses.owesFromIndex());
        long last = reader.lastIndex();
        if (owed == Long.MAX_VALUE) {
            return last < 0 ? PublishPosition.start(runNumber)
                    : new PublishPosition(runNumber, last, true, stopped && pulses.openPulses() == 0, nextMessageId);
        }
        return new PublishPosition(runNumber, owed, false, false, nextMessageId);
    }

    /** The data time of the oldest thing not yet acknowledged by Kafka (an open pulse's T0 included), ns; MAX if none. */
    long oldestOwedNs() {
        return Math.min(sender.window().oldestPendingTimeNs(), pulses.oldestOwingT0Ns());
    }

    /** The data time of the last record read, ns. */
    long lastRecordTimeNs() {
        return lastRecordTimeNs;
    }

    private long index() {
        return reader.lastIndex();
    }

    private void send(String topic, String key, long dataTimeNs, byte[] value) {
        try {
            sender.send(topic, names.events(), key, dataTimeNs, value, index());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublisherStopped();
        }
    }

    private void sendKeyed(String topic, String key, long dataTimeNs, byte[] value) {
        try {
            sender.send(topic, null, key, dataTimeNs, value, index());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublisherStopped();
        }
    }

    @Override
    public void onRunStart(int number, Instant start, String softwareVersion, String who, String comment, String config) {
        run = number;
        long startNs = epochNs(start);
        lastRecordTimeNs = startNs;
        RunConfigSnapshot snapshot = RunConfigSnapshot.parse(config);
        detector = snapshot.detector();
        events = new WaveformEvents(detector);
        job = RunJob.of(setup.serviceId(), names.source(), number, startNs, k.filename());
        if (muted) {
            return;
        }
        ObjectNode meta = JSON.createObjectNode();
        meta.put("run", number);
        meta.put("source", names.source());
        meta.put("detector", detector.name());
        meta.put("host", setup.hostName());
        meta.put("serviceId", setup.serviceId());
        meta.put("who", who);
        meta.put("comment", comment);
        meta.put("software", softwareVersion);
        meta.put("configuration", config);
        String nexus = NexusStructure.of(detector, k, names, setup.beamPvs(), setup.pvaPrefix(), setup.serviceId(), setup.logs(), number)
                .toString();
        byte[] pl72 = new RunStart(startNs / 1_000_000, 0, job.runName(), "", nexus, job.jobId(), "", job.filename(), meta.toString(),
                k.control()).encode();
        if (k.publishes(KafkaSettings.Stream.DETECTOR)) {
            send(k.detectorTopic(), names.events(), startNs, pl72);
            SettingValues initial = SettingValues.of(detector, snapshot.windows());
            for (Setting s : Setting.all(detector)) {
                send(k.detectorTopic(), names.setting(s.pvName()), startNs,
                        f144.writeDouble(names.setting(s.pvName()), startNs, s.valueIn(initial)));
            }
        }
        if (k.publishes(KafkaSettings.Stream.RUN_CONTROL)) {
            sendKeyed(k.jobPool(), names.events(), startNs, pl72);
        }
    }

    @Override
    public void onPulse(long t0Ns, double chargeUc, int beamState) {
        lastRecordTimeNs = t0Ns;
        if (events == null) {
            return;
        }
        if (k.publishes(KafkaSettings.Stream.DETECTOR)) {
            send(k.detectorTopic(), names.beamState(), t0Ns, f144.writeByte(names.beamState(), t0Ns, beamState));
            send(k.detectorTopic(), names.protonCharge(), t0Ns, f144.writeDouble(names.protonCharge(), t0Ns, chargeUc));
            try {
                pulses.onPulseRecord(t0Ns, index());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublisherStopped();
            }
        }
        if (k.publishes(KafkaSettings.Stream.BEAM)) {
            String state = setup.pvaPrefix() + "BeamState";
            sendKeyed(k.beamTopic(), state, t0Ns, f144.writeByte(state, t0Ns, BeamState.of(beamState).ordinal()));
            if (!Double.isNaN(chargeUc)) {
                String charge = setup.beamPvs().protonCharge();
                sendKeyed(k.beamTopic(), charge, t0Ns, f144.writeDouble(charge, t0Ns, chargeUc));
            }
        }
        counters.pulses.lazySet(counters.pulses.get() + 1);
    }

    @Override
    public void onWaveform(StoredWaveform w) {
        if (events == null || !events.process(w)) {
            return;
        }
        long t0 = w.pulseT0Ns();
        long tof = events.timeSinceT0Ns();
        lastRecordTimeNs = t0 + tof;
        PulseFeatures f = events.features();
        if (k.publishes(KafkaSettings.Stream.DETECTOR)) {
            try {
                pulses.onEvent(t0, index(), (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, tof)), w.channelId(),
                        events.keVee(), (float) f.tailFraction, EventFlags.of(f.pileUp, f.saturated, w.beamState()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublisherStopped();
            }
        }
        if (k.publishes(KafkaSettings.Stream.SAMPLES) && samples.take(w.channelId(), events.keVee())) {
            publishSamples(w);
        }
    }

    private short[] sampleBuffer = new short[1024];

    private void publishSamples(StoredWaveform w) {
        int n = w.sampleCount();
        if (sampleBuffer.length < n) {
            sampleBuffer = new short[n];
        }
        w.copySamples(sampleBuffer);
        double periodNs = events.samplePeriodNs(w.channelId());
        long firstNs = w.pulseT0Ns() + w.timeSinceT0Ns() - Math.round(w.preTrigger() * periodNs);
        String source = names.samples(w.channelId());
        byte[] m = se00.write(source, w.channelId(), firstNs, periodNs, ArrayData.Location.START, counters.samples.get(), null, 0, -1,
                ArrayData.ValueType.INT16, sampleBuffer, 0, n);
        sendKeyed(k.samplesTopic(), source, firstNs, m);
        counters.samples.lazySet(counters.samples.get() + 1);
    }

    @Override
    public void onConfigChange(Instant time, String who, String what, String oldValue, String newValue) {
        long t = epochNs(time);
        lastRecordTimeNs = t;
        Optional<Setting> setting = Setting.parse(what);
        if (events == null || setting.isEmpty() || !k.publishes(KafkaSettings.Stream.DETECTOR)) {
            return;
        }
        double v;
        try {
            v = Double.parseDouble(newValue);
        } catch (NumberFormatException e) {
            return;
        }
        try {
            // the events stored before the change go out before it: a consumer applies it where the store has it
            pulses.flushAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublisherStopped();
        }
        String source = names.setting(setting.get().pvName());
        send(k.detectorTopic(), source, t, f144.writeDouble(source, t, v));
    }

    @Override
    public void onRunStop(Instant stop, boolean aborted, long waveforms, long pulseCount, long dropped, String who, String comment) {
        long t = epochNs(stop);
        lastRecordTimeNs = t;
        try {
            pulses.finishAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublisherStopped();
        }
        stopped = true;
        if (job == null) {
            return;
        }
        byte[] stopMessage = new RunStop(t / 1_000_000, job.runName(), job.jobId(), "", job.stopCommandId()).encode();
        if (k.publishes(KafkaSettings.Stream.DETECTOR)) {
            send(k.detectorTopic(), names.events(), t, stopMessage);
        }
        if (k.publishes(KafkaSettings.Stream.RUN_CONTROL)) {
            sendKeyed(k.control(), names.events(), t, stopMessage);
        }
    }

    /** One pulse's events: an ev44 and, in the same order and with the same message id, the se00 energies, shapes and flags. */
    @Override
    public void emit(PulseAssembler.Pulse p, int count) throws InterruptedException {
        long t0 = p.t0Ns;
        long id = nextMessageId++;
        String topic = k.detectorTopic();
        sender.send(topic, names.events(), names.events(), t0, ev44.writePulse(names.events(), id, t0, p.timeOfFlightNs, p.channelId, 0, count),
                p.owesFromIndex == Long.MAX_VALUE ? index() : p.owesFromIndex);
        long owed = p.owesFromIndex == Long.MAX_VALUE ? index() : p.owesFromIndex;
        for (int i = 0; i < count; i++) {
            eventTimes[i] = t0 + p.timeOfFlightNs[i];
        }
        sender.send(topic, names.events(), names.energy(), t0, se00.write(names.energy(), -1, t0, 0, ArrayData.Location.UNKNOWN, id,
                eventTimes, 0, count, ArrayData.ValueType.DOUBLE, p.keVee, 0, count), owed);
        sender.send(topic, names.events(), names.shape(), t0, se00.write(names.shape(), -1, t0, 0, ArrayData.Location.UNKNOWN, id,
                eventTimes, 0, count, ArrayData.ValueType.FLOAT, p.shape, 0, count), owed);
        sender.send(topic, names.events(), names.flags(), t0, se00.write(names.flags(), -1, t0, 0, ArrayData.Location.UNKNOWN, id,
                eventTimes, 0, count, ArrayData.ValueType.UINT8, p.flags, 0, count), owed);
        counters.events.lazySet(counters.events.get() + count);
    }

    private static long epochNs(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
