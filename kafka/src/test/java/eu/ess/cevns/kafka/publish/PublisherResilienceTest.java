package eu.ess.cevns.kafka.publish;

import eu.ess.cevns.analysis.monitor.WaveformEvents;
import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.config.KafkaSettings;
import eu.ess.cevns.config.RunConfigSnapshot;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.Await;
import eu.ess.cevns.daq.DaqServer;
import eu.ess.cevns.daq.TestSites;
import eu.ess.cevns.daq.alarm.AlarmTransition;
import eu.ess.cevns.daq.store.RecordVisitor;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
import eu.ess.cevns.daq.store.StoredWaveform;
import eu.ess.cevns.kafka.LocalKafka;
import eu.ess.cevns.kafka.TopicContent;
import eu.ess.cevns.kafka.schema.AlarmMessage;
import eu.ess.cevns.kafka.schema.EventData;
import eu.ess.cevns.sim.DigitizerSimulator;
import eu.ess.cevns.sim.SimulatorSettings;
import eu.ess.cevns.sim.Transmission;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing stored is lost when the publisher or Kafka goes away in the middle of a run: after the
 * host restarts (killed with SIGKILL) or the broker comes back, every stored waveform of the run is
 * on the detector topic as an ev44 event (the same pulse, channel and time), some perhaps twice.
 * With the broker away the publisher falls behind, the lag alarm is raised (and reaches the daq
 * topic once Kafka is back), and it clears once the publisher has caught up. (A killed host has
 * nothing new stored while it is down: its restarted publisher catches up within a second, too
 * fast for the once-a-second alarm evaluation to see it behind.)
 */
class PublisherResilienceTest {

    /** Every stored waveform of run 1 as (T0, channel id, trigger time since T0): what its ev44 event must carry. */
    private static Map<List<Long>, Integer> storedEvents(Path data) {
        Map<List<Long>, Integer> out = new HashMap<>();
        try (RunReader r = new RunStore(data).openReader(1)) {
            r.drain(new RecordVisitor() {
                WaveformEvents events;

                @Override
                public void onRunStart(int run, Instant start, String sw, String who, String comment, String config) {
                    events = new WaveformEvents(RunConfigSnapshot.parse(config).detector());
                }

                @Override
                public void onWaveform(StoredWaveform w) {
                    if (events.process(w)) {
                        out.merge(List.of(w.pulseT0Ns(), (long) w.channelId(), events.timeSinceT0Ns()), 1, Integer::sum);
                    }
                }
            });
        }
        return out;
    }

    /** The ev44 events of {@code source} on {@code topic}, counted. */
    private static Map<List<Long>, Integer> publishedEvents(String topic, String source) {
        Map<List<Long>, Integer> out = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : TopicContent.of(TopicContent.read(LocalKafka.get().bootstrap(), topic), EventData.ID)) {
            EventData e = EventData.decode(ByteBuffer.wrap(r.value()));
            if (!e.sourceName().equals(source)) {
                continue;
            }
            for (int j = 0; j < e.referenceTime().length; j++) {
                int to = j + 1 < e.referenceTime().length ? e.referenceTimeIndex()[j + 1] : e.events();
                for (int i = e.referenceTimeIndex()[j]; i < to; i++) {
                    out.merge(List.of(e.referenceTime()[j], (long) e.pixelId()[i], (long) e.timeOfFlight()[i]), 1, Integer::sum);
                }
            }
        }
        return out;
    }

    /** Every stored event is published at least once, and nothing else is. Returns the duplicates. */
    private static long assertAllPublished(Map<List<Long>, Integer> stored, Map<List<Long>, Integer> published) {
        long storedCount = stored.values().stream().mapToLong(Integer::longValue).sum();
        long publishedCount = published.values().stream().mapToLong(Integer::longValue).sum();
        assertTrue(storedCount > 1000, "the run stored enough to be interrupted in the middle: " + storedCount);
        List<List<Long>> missing = new ArrayList<>();
        stored.forEach((k, n) -> {
            if (published.getOrDefault(k, 0) < n) {
                missing.add(k);
            }
        });
        assertEquals(List.of(), missing.subList(0, Math.min(10, missing.size())), missing.size() + " of " + storedCount
                + " stored events are not on the topic");
        assertEquals(stored.keySet(), published.keySet(), "no event that was not stored");
        System.out.printf("resilience: %d stored events, %d published (%d duplicates)%n", storedCount, publishedCount,
                publishedCount - storedCount);
        return publishedCount - storedCount;
    }

    private static boolean lagAlarmOnTheDaqTopic(String topic) {
        return TopicContent.of(TopicContent.read(LocalKafka.get().bootstrap(), topic), AlarmMessage.ID).stream()
                .map(r -> AlarmMessage.decode(ByteBuffer.wrap(r.value())))
                .anyMatch(a -> a.severity() == AlarmMessage.Severity.MINOR && a.message().startsWith(KafkaLagAlarm.NAME));
    }

    private static Thread simulate(SiteConfig site, int port, double seconds) {
        SimulatorSettings s = SimulatorSettings.defaults(site.detector(), "127.0.0.1", port, Transmission.UDP)
                .withRate(100, 5).withPulses(Math.round(seconds * EssPulse.RATE_HZ), true);
        Thread t = new Thread(() -> {
            try {
                new DigitizerSimulator(s, null).run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "simulated-digitizers");
        t.start();
        return t;
    }

    @Test
    void killingTheHostMidRunLosesNothingOnceItIsBack(@TempDir Path data) throws Exception {
        String prefix = "killed";
        try (Child first = Child.start(data, prefix)) {
            int port = first.udpPort();
            first.command("start", "started");
            Thread sim = simulate(TestSites.site(data), port, 4);
            Await.until("the publisher persisted a position in the middle of the run", Duration.ofSeconds(30),
                    () -> PublishPosition.read(new RunStore(data).runDir(1)).map(p -> !p.atStart()).orElse(false));
            first.kill();
            sim.join();
        }
        // a second host process on the same data root: recovery closes run 1, the publisher resumes where the first stopped
        try (Child second = Child.start(data, prefix)) {
            Await.until("run 1 is published to its end", Duration.ofSeconds(60),
                    () -> PublishPosition.read(new RunStore(data).runDir(1)).map(PublishPosition::complete).orElse(false));
            long duplicates = assertAllPublished(storedEvents(data), publishedEvents(prefix + "_detector", "csi-cryogenic"));
            // it went on from its position, not from the run's start: at most the last second's events again
            assertTrue(duplicates < storedEvents(data).size() / 2, duplicates + " duplicates");
        }
    }

    @Test
    void theBrokerGoingAwayMidRunLosesNothingAndRaisesTheLagAlarm(@TempDir Path data) throws Exception {
        LocalKafka kafka = LocalKafka.get();
        String prefix = "brokerless";
        KafkaSettings o = KafkaSettings.OFF;
        // a short delivery timeout, so that Kafka gives up on messages while the broker is away and the publisher must start again
        KafkaSettings k = new KafkaSettings(kafka.bootstrap(), prefix, null, null, Set.of(KafkaSettings.Stream.DETECTOR,
                KafkaSettings.Stream.DAQ, KafkaSettings.Stream.RUN_CONTROL), o.samples(), null, null, o.filename(), 1, 1, 1, 2,
                Map.of("delivery.timeout.ms", "3000", "request.timeout.ms", "1000", "reconnect.backoff.max.ms", "500"));
        SiteConfig site = TestSites.site(data).withKafka(k);
        KafkaPublisher publisher = new KafkaPublisher("test");
        List<AlarmTransition> transitions;
        try (DaqServer server = DaqServer.start(site, "test", publisher)) {
            server.runs().start("broker away", "test");
            Thread sim = simulate(site, server.udpPort(), 6);
            Await.until("a second of the run is published", Duration.ofSeconds(30), publisher::status, p -> p.events() > 0);
            kafka.stop();
            try {
                Await.until("the lag alarm is raised while Kafka is away", Duration.ofSeconds(30),
                        () -> server.alarms().active().stream().anyMatch(a -> a.name().equals(KafkaLagAlarm.NAME)));
                Await.until("Kafka gave up on a message and the publisher started again", Duration.ofSeconds(30), publisher::status,
                        p -> p.rewinds() > 0);
            } finally {
                kafka.restart();
            }
            sim.join();
            Await.until("every datagram sent is stored", Duration.ofSeconds(10),
                    () -> server.readoutCounters().snapshot().waveforms() == server.storeWriter().counters().waveforms());
            server.runs().stop("", "test");
            Await.until("the run is published to its end", Duration.ofSeconds(90), publisher::status, p -> p.runsCompleted() == 1);
            Await.until("the lag alarm cleared once caught up", Duration.ofSeconds(30),
                    () -> server.alarms().active().stream().noneMatch(a -> a.name().equals(KafkaLagAlarm.NAME)));
            transitions = server.alarms().recent();
        }
        assertTrue(transitions.stream().anyMatch(t -> t.name().equals(KafkaLagAlarm.NAME) && t.raised()));
        long duplicates = assertAllPublished(storedEvents(data), publishedEvents(prefix + "_detector", "csi-cryogenic"));
        assertTrue(duplicates >= 0);
        assertTrue(lagAlarmOnTheDaqTopic(prefix + "_daq"), "the alarm's raise reached the daq topic once Kafka was back");
    }

    @Test
    void aRunRecordedWhileKafkaIsUnreachableIsPublishedWhenItIsBack(@TempDir Path data) throws Exception {
        LocalKafka kafka = LocalKafka.get();
        String prefix = "late";
        KafkaSettings o = KafkaSettings.OFF;
        KafkaSettings k = new KafkaSettings(kafka.bootstrap(), prefix, null, null, Set.of(KafkaSettings.Stream.DETECTOR), o.samples(), null,
                null, o.filename(), 1, 1, 30, 2, Map.of());
        SiteConfig site = TestSites.site(data).withKafka(k);
        KafkaPublisher publisher = new KafkaPublisher("test");
        kafka.stop();
        try (DaqServer server = DaqServer.start(site, "test", publisher)) {
            try {
                // a whole short run before the publisher has ever reached Kafka
                server.runs().start("while Kafka is away", "test");
                simulate(site, server.udpPort(), 1).join();
                Await.until("every datagram sent is stored", Duration.ofSeconds(10),
                        () -> server.readoutCounters().snapshot().waveforms() == server.storeWriter().counters().waveforms());
                server.runs().stop("", "test");
                Await.until("the publisher says Kafka is unreachable", Duration.ofSeconds(30), publisher::status,
                        p -> p.state().equals("unreachable") && p.lagS() > 0);
            } finally {
                kafka.restart();
            }
            Await.until("the run is published once Kafka is back", Duration.ofSeconds(60), publisher::status, p -> p.runsCompleted() == 1);
        }
        Map<List<Long>, Integer> stored = storedEvents(data);
        assertEquals(stored, publishedEvents(prefix + "_detector", "csi-cryogenic"), "each stored event once");
    }

    /** A {@link PublishingHost} process. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final PrintWriter in;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> all = new ArrayList<>();

        private Child(Process p) {
            this.process = p;
            this.in = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        lines.add(l);
                        synchronized (all) {
                            all.add(l);
                        }
                    }
                } catch (IOException e) {
                    // the process is gone
                }
            }, "child-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(Path data, String prefix) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String flag : System.getProperty("cevns.jvm.flags", "").split(" ")) {
                if (!flag.isBlank()) {
                    cmd.add(flag);
                }
            }
            cmd.add("-Xmx512m");
            cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(PublishingHost.class.getName());
            cmd.addAll(List.of(data.toString(), LocalKafka.get().bootstrap(), prefix, "1"));
            return new Child(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }

        String expect(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String l = lines.poll(100, TimeUnit.MILLISECONDS);
                if (l != null && l.startsWith(prefix)) {
                    return l;
                }
                if (l == null && !process.isAlive()) {
                    break;
                }
            }
            synchronized (all) {
                throw new AssertionError("the host process did not say '" + prefix + "'; it said: " + all);
            }
        }

        int udpPort() throws InterruptedException {
            return Integer.parseInt(expect("ready udp=").substring("ready udp=".length()));
        }

        String command(String c, String answer) throws InterruptedException {
            in.println(c);
            return expect(answer);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                in.println("quit");
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    kill();
                }
            }
        }
    }
}
