package eu.ess.cevns.kafka.bench;

import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.config.KafkaSettings;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.DaqServer;
import eu.ess.cevns.daq.TestSites;
import eu.ess.cevns.kafka.LocalKafka;
import eu.ess.cevns.kafka.publish.KafkaPublisher;
import eu.ess.cevns.kafka.publish.PublisherStatus;
import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.daq.readout.Waveform;
import eu.ess.cevns.sim.WaveformSynth;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Publishing throughput into a local broker: a server with its Kafka publisher has waveforms handed
 * to its store as fast as the store takes them (16 CsI channels, 1024 samples each, as the readout
 * threads hand them over; the network side is the ingest benchmark's), and the publisher sends every
 * one as an ev44 event with its se00 energy, shape and flags while the run records. Printed, all from the same run: the ingest rate (waveforms stored per second), the
 * publish rate (events acknowledged by Kafka per second, and MB/s), the lag when ingest ended and
 * how long the publisher took to catch up, and the publisher's CPU (its thread and the Kafka
 * producer's I/O thread) per million events. Then the same run published again from its store
 * alone (a catch-up: publishing without ingest beside it), and, with {@code -Dbench.samples=true},
 * the raw waveforms to the samples topic at prescale 1. The broker runs in this JVM (one KRaft
 * node); CPU is counted per thread, so the broker's and the simulator's do not count.
 * {@code -Dbench.waveforms=N} (default 1 000 000), {@code -Dbench.smoke=true} for a short run.
 */
public final class PublishBenchmark {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    /** Waveforms per channel and pulse period: some hundreds per pulse in all, a busy detector. */
    private static final int WAVEFORMS_PER_CHANNEL_AND_PULSE = 40;

    private PublishBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long n = Boolean.getBoolean("bench.smoke") ? 20_000 : Long.getLong("bench.waveforms", 1_000_000);
        run(n, Boolean.getBoolean("bench.samples")).forEach(System.out::println);
        System.exit(0);
    }

    /** What one measurement found. */
    record Figures(long stored, double ingestS, long events, long bytes, double publishS, double catchUpS, double cpuS, long samples) {
    }

    public static List<String> run(long waveforms, boolean samples) throws Exception {
        List<String> out = new ArrayList<>();
        LocalKafka kafka = LocalKafka.get();
        Path data = Files.createTempDirectory("publish-bench");
        try {
            Figures alone = measure(kafka, data.resolve("alone"), "bench-none", waveforms, Set.of(KafkaSettings.Stream.DETECTOR), false);
            out.add(String.format(Locale.ROOT, "ingest into the store without the publisher (the same feed, for comparison): %,.0f waveforms/s",
                    alone.stored() / alone.ingestS()));
            Figures live = measure(kafka, data, "bench", waveforms, Set.of(KafkaSettings.Stream.DETECTOR), true);
            out.add(String.format(Locale.ROOT, "ingest into the store (1024-sample CsI waveforms, publisher running): %,d waveforms stored "
                    + "in %.2f s = %,.0f waveforms/s", live.stored(), live.ingestS(), live.stored() / live.ingestS()));
            out.add(describe("publish while recording", live));
            out.add(String.format(Locale.ROOT, "  the publisher finished %.2f s after the store had the last waveform", live.catchUpS()));
            // the same run again from its store: what the publisher does alone
            Files.delete(data.resolve("runs/000001/kafka-publisher.json"));
            Figures catchUp = republish(kafka, data, "bench-again", Set.of(KafkaSettings.Stream.DETECTOR));
            out.add(describe("publish a stored run (catch-up, no ingest)", catchUp));
            if (samples) {
                Files.delete(data.resolve("runs/000001/kafka-publisher.json"));
                Figures s = republish(kafka, data, "bench-samples", Set.of(KafkaSettings.Stream.SAMPLES));
                out.add(String.format(Locale.ROOT, "publish raw waveforms (se00 Int16, prescale 1) of a stored run: %,d in %.2f s = %,.0f waveforms/s, "
                        + "%.1f MB/s", s.samples(), s.publishS(), s.samples() / s.publishS(), s.bytes() / 1e6 / s.publishS()));
            }
        } finally {
            try (Stream<Path> s = Files.walk(data)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return out;
    }

    private static String describe(String what, Figures f) {
        return String.format(Locale.ROOT, "%s: %,d events in %.2f s = %,.0f events/s, %.1f MB/s into Kafka (%.1f bytes/event); "
                        + "publisher CPU %.2f s per million events", what, f.events(), f.publishS(), f.events() / f.publishS(),
                f.bytes() / 1e6 / f.publishS(), (double) f.bytes() / f.events(), f.cpuS() / f.events() * 1e6);
    }

    private static SiteConfig site(Path data, String bootstrap, String prefix, Set<KafkaSettings.Stream> streams) {
        KafkaSettings o = KafkaSettings.OFF;
        KafkaSettings k = new KafkaSettings(bootstrap, prefix, null, null, streams, new KafkaSettings.Samples(1, List.of(), 0), null, null,
                o.filename(), 1, 1, 3600, 2, Map.of());
        return TestSites.site(data).withKafka(k).withStoreRingBytes(256L << 20);
    }

    private static Figures measure(LocalKafka kafka, Path data, String prefix, long waveforms, Set<KafkaSettings.Stream> streams,
                                   boolean publish) throws Exception {
        SiteConfig site = site(data, kafka.bootstrap(), prefix, streams);
        DigitizerConfig dig = site.detector().digitizers().get(0);
        int channels = dig.channels().size();
        // 64 synthesised CsI pulses of 1 to 1000 ADC counts, handed to the store as the readout threads do
        WaveformSynth synth = new WaveformSynth(site.detector().pulseShape(), dig, new SplittableRandom(1));
        ByteBuf[] pool = new ByteBuf[64];
        short[] samples = new short[dig.recordLength()];
        for (int k = 0; k < pool.length; k++) {
            synth.fill(1 + 999 * new SplittableRandom(k).nextDouble(), samples);
            pool[k] = Unpooled.directBuffer(2 * samples.length);
            for (short v : samples) {
                pool[k].writeShortLE(v);
            }
        }
        KafkaPublisher publisher = new KafkaPublisher("bench");
        try (DaqServer server = publish ? DaqServer.start(site, "bench", publisher) : DaqServer.start(site, "bench")) {
            server.runs().start("publish benchmark", "bench");
            long cpu0 = publisherCpuNs();
            long t0Ns = System.currentTimeMillis() * 1_000_000L;
            Waveform w = new Waveform();
            long start = System.nanoTime();
            for (long i = 0; i < waveforms; i++) {
                long pulse = i / (WAVEFORMS_PER_CHANNEL_AND_PULSE * channels);
                int ch = (int) (i % channels);
                long t0 = t0Ns + pulse * EssPulse.PERIOD_NS;
                long trigger = t0 + (i * 7919 % 70_000) * 1000;
                server.storeWriter().ingress().onWaveform(w.set(1, 0, i, dig.fiber(), dig.fen(), dig.channels().get(ch).channel(),
                        dig.channels().get(ch).id(), 0, dig.adcBits(), dig.preTrigger(), dig.recordLength(), t0, trigger, pool[(int) (i & 63)], 0));
            }
            while (server.storeWriter().counters().waveforms() + server.storeWriter().counters().droppedThisRun() < waveforms) {
                Thread.onSpinWait();
            }
            double ingestS = (System.nanoTime() - start) / 1e9;
            long stored = server.runs().stop("", "bench").waveforms();
            if (!publish) {
                return new Figures(stored, ingestS, 0, 0, 0, 0, 0, 0);
            }
            long ingestEnd = System.nanoTime();
            PublisherStatus p = awaitPublished(publisher);
            long end = System.nanoTime();
            long cpu = publisherCpuNs() - cpu0;
            return new Figures(stored, ingestS, p.events(), p.bytes(), (end - start) / 1e9, (end - ingestEnd) / 1e9, cpu / 1e9,
                    p.samples());
        } finally {
            for (ByteBuf b : pool) {
                b.release();
            }
        }
    }

    private static Figures republish(LocalKafka kafka, Path data, String prefix, Set<KafkaSettings.Stream> streams) throws Exception {
        // a position at the start makes the publisher owe the run again
        Files.writeString(data.resolve("runs/000001/kafka-publisher.json"),
                "{\"run\":1,\"index\":-1,\"after\":false,\"complete\":false,\"nextMessageId\":0}\n");
        SiteConfig site = site(data, kafka.bootstrap(), prefix, streams);
        KafkaPublisher publisher = new KafkaPublisher("bench");
        long cpu0 = publisherCpuNs();
        long t0 = System.nanoTime();
        try (DaqServer server = DaqServer.start(site, "bench", publisher)) {
            PublisherStatus p = awaitPublished(publisher);
            double s = (System.nanoTime() - t0) / 1e9;
            return new Figures(0, 0, p.events(), p.bytes(), s, 0, (publisherCpuNs() - cpu0) / 1e9, p.samples());
        }
    }

    private static PublisherStatus awaitPublished(KafkaPublisher publisher) throws InterruptedException {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (publisher.status().runsCompleted() < 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the run was not published within 10 minutes: " + publisher.status());
            }
            Thread.sleep(5);
        }
        return publisher.status();
    }

    /** CPU time of the publisher's thread and the Kafka producers' I/O threads, ns (those alive now). */
    private static long publisherCpuNs() {
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("kafka-publisher") || t.getName().startsWith("kafka-producer-network-thread")) {
                long c = MX.getThreadCpuTime(t.getId());
                sum += Math.max(0, c);
            }
        }
        return sum;
    }
}
