package eu.ess.cevns.kafka.publish;

import eu.ess.cevns.config.KafkaSettings;
import eu.ess.cevns.daq.alarm.AlarmTransition;
import eu.ess.cevns.daq.status.StatusSnapshot;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The publisher's thread: makes sure the topics exist (before any run's job is sent), then
 * publishes the runs it owes one after the other ({@link RunsToPublish}, {@link RunPublisher}),
 * tailing the current one; persists its position in the run about once a second and when it
 * stops; sends the live messages; and measures how far behind the store it is. When Kafka gives up
 * on a message it writes its position, drops the producer and starts again from there: nothing
 * stored is lost, some messages may go twice. Ingest never waits for it.
 */
final class PublisherLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(PublisherLoop.class);
    private static final int BATCH = 4096;
    private static final long PERSIST_MS = 1000;
    private static final long RETRY_MS = 2000;
    private static final int WINDOW = 1 << 16;
    /** How long after a pulse its last waveform can still reach the store (the join's wait, and then some). */
    private static final long IDLE_HORIZON_NS = 5_000_000_000L;

    private final PublisherSetup setup;
    private final KafkaSettings k;
    private final RunStore store;
    private final Supplier<StatusSnapshot> status;
    private final PublisherCounters counters;
    private final LiveMessages live;
    private volatile boolean running = true;
    private volatile PublisherStatus published;
    private final RunsToPublish runs;
    private boolean topicsReady;
    private Sender sender;
    private RunPublisher session;
    private RunReader reader;
    private long lastPersistMs;
    private final long firstTryMs = System.currentTimeMillis();
    /** Data time the publisher is behind from (ns); MAX when it is not behind. Survives a rewind. */
    private long behindFromNs = Long.MAX_VALUE;
    private String state = "connecting";
    private int lastBatch;
    /** The run being published, kept across a rewind (the session is made again). */
    private int currentRun = -1;

    PublisherLoop(PublisherSetup setup, RunStore store, Supplier<StatusSnapshot> status, PublisherCounters counters,
                  Queue<AlarmTransition> alarms) {
        this.setup = setup;
        this.k = setup.kafka();
        this.store = store;
        this.status = status;
        this.counters = counters;
        this.live = new LiveMessages(setup, alarms);
        // decided now, as the extension attaches: before the server listens no run can start, so a run
        // started and stopped while Kafka is still unreachable is owed, not taken for an old one
        this.runs = new RunsToPublish(store);
        this.published = snapshot(0);
    }

    /** The publisher as it stands (any thread). */
    PublisherStatus status() {
        return published;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running && !Thread.currentThread().isInterrupted()) {
            try {
                if (!step()) {
                    Thread.sleep(5);
                }
            } catch (InterruptedException | PublisherStopped e) {
                break;
            } catch (DeliveryFailed e) {
                rewind("Kafka did not take a message: " + e.getMessage());
            } catch (RuntimeException e) {
                rewind(e.toString());
                pause(RETRY_MS);
            }
        }
        finish();
    }

    /** One turn; true if it did work (no pause needed). */
    private boolean step() throws InterruptedException {
        long now = System.currentTimeMillis();
        if (!topicsReady) {
            publishStatus(now);
            ensureTopics();
            if (!topicsReady) {
                state = "unreachable";
                publishStatus(now);
                pause(RETRY_MS);
                return false;
            }
        }
        if (sender == null) {
            sender = new Sender(new KafkaProducer<>(KafkaClients.producer(k, setup.serviceId()), new StringSerializer(),
                    new ByteArraySerializer()), new DeliveryWindow(WINDOW), counters);
        }
        if (session == null) {
            open();
        }
        int n = session == null ? 0 : session.publish(BATCH);
        lastBatch = n;
        if (session != null && n == 0) {
            session.idle(now * 1_000_000L - IDLE_HORIZON_NS);
            if (session.stopped()) {
                PublishPosition p = session.position(session.run());
                if (p.complete()) {
                    persist(p);
                    counters.runsCompleted.incrementAndGet();
                    LOG.info("run {} published to Kafka to its end", p.run());
                    runs.finished(p.run());
                    closeSession();
                    currentRun = -1;
                }
            }
        }
        if (now - lastPersistMs >= PERSIST_MS && session != null) {
            persist(session.position(session.run()));
        }
        measureLag();
        publishStatus(now);
        state = session == null ? "waiting" : published.lagS() > k.lagAlarmS() ? "behind" : "publishing";
        live.send(sender, now, status.get(), published);
        return n > 0;
    }

    private void open() throws InterruptedException {
        OptionalInt next = runs.next();
        if (next.isEmpty()) {
            return;
        }
        int run = next.getAsInt();
        PublishPosition p = PublishPosition.read(store.runDir(run)).orElse(PublishPosition.start(run));
        if (p.complete()) {
            runs.finished(run);
            return;
        }
        currentRun = run;
        reader = store.openReader(run);
        session = new RunPublisher(setup, sender, reader, counters, p.nextMessageId());
        session.resumeAt(p);
        persist(p);
        LOG.info("publishing run {} to Kafka {}", run, p.atStart() ? "from its start" : "from store index " + p.index());
    }

    private void ensureTopics() {
        List<NewTopic> wanted = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (k.publishes(KafkaSettings.Stream.DETECTOR)) {
            names.add(k.detectorTopic());
        }
        if (k.publishes(KafkaSettings.Stream.SAMPLES)) {
            names.add(k.samplesTopic());
        }
        if (k.publishes(KafkaSettings.Stream.BEAM)) {
            names.add(k.beamTopic());
        }
        if (k.publishes(KafkaSettings.Stream.DAQ)) {
            names.add(k.daqTopic());
        }
        if (k.publishes(KafkaSettings.Stream.RUN_CONTROL)) {
            names.add(k.jobPool());
            names.add(k.control());
        }
        for (String t : names) {
            wanted.add(new NewTopic(t, k.partitions(), (short) k.replicationFactor()));
        }
        try (Admin admin = Admin.create(KafkaClients.admin(k, setup.serviceId()))) {
            for (NewTopic t : wanted) {
                try {
                    admin.createTopics(List.of(t)).all().get();
                    LOG.info("created Kafka topic {}", t.name());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            topicsReady = true;
        } catch (ExecutionException e) {
            counters.lastError = "cannot make the topics on " + k.brokers() + ": " + e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            counters.lastError = "cannot reach Kafka at " + k.brokers() + ": " + e.getMessage();
        }
    }

    /** Kafka failed us: remember where we are, drop the producer and read again from there. */
    private void rewind(String why) {
        counters.lastError = why;
        counters.rewinds.incrementAndGet();
        LOG.warn("Kafka publisher starts again from its position: {}", why);
        if (session != null) {
            try {
                persist(session.position(session.run()));
            } catch (RuntimeException e) {
                LOG.warn("cannot persist the publisher's position: {}", e.toString());
            }
        }
        closeSession();
        if (sender != null) {
            sender.close(Duration.ZERO);
            sender = null;
        }
        state = "behind";
        publishStatus(System.currentTimeMillis());
    }

    private void closeSession() {
        if (reader != null) {
            reader.close();
        }
        reader = null;
        session = null;
    }

    private void persist(PublishPosition p) {
        try {
            p.write(store.runDir(p.run()));
            lastPersistMs = System.currentTimeMillis();
        } catch (IOException e) {
            counters.lastError = "cannot write the publisher's position in run " + p.run() + ": " + e.getMessage();
        }
    }

    /** Stopping: what is in flight gets a moment to be acknowledged, then the position is written. */
    private void finish() {
        if (session != null && sender != null) {
            sender.flush(Duration.ofSeconds(3));
            persist(session.position(session.run()));
        }
        closeSession();
        if (sender != null) {
            sender.close(Duration.ofSeconds(1));
        }
    }

    private void publishStatus(long nowMs) {
        published = snapshot(nowMs);
    }

    private PublisherStatus snapshot(long nowMs) {
        double lagS;
        if (behindFromNs != Long.MAX_VALUE) {
            lagS = Math.max(0, (nowMs * 1_000_000L - behindFromNs) / 1e9);
        } else if (!topicsReady && currentRun < 0 && runs.next().isPresent()) {
            // never reached Kafka and a run is owed: behind since the first try
            lagS = Math.max(0, (nowMs - firstTryMs) / 1000.0);
        } else {
            lagS = 0;
        }
        return new PublisherStatus(state, currentRun, lagS, counters.messages.get(), counters.bytes.get(),
                counters.events.get(), counters.pulses.get(), counters.samples.get(), counters.rewinds.get(), counters.liveErrors.get(),
                counters.runsCompleted.get(), counters.lastError);
    }

    /**
     * After a turn that read and sent: behind by the oldest thing Kafka has not acknowledged, else
     * by what is being read, else not at all. A turn that failed before (Kafka away, a rewind)
     * leaves it where it was, so the lag keeps growing while nothing gets through.
     */
    private void measureLag() {
        if (session == null) {
            behindFromNs = Long.MAX_VALUE;
            return;
        }
        long owed = session.oldestOwedNs();
        behindFromNs = owed != Long.MAX_VALUE ? owed : lastBatch > 0 ? session.lastRecordTimeNs() : Long.MAX_VALUE;
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
