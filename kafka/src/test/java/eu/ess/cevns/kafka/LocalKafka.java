package eu.ess.cevns.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A real Apache Kafka 4.4 broker for the tests: one KRaft node acting as broker and controller,
 * listening on 127.0.0.1 at probed free ports, its log in a temporary folder, started once per
 * test JVM (the first {@link #get()}) and stopped when the JVM ends. {@link #restart()} stops and
 * starts it on the same ports and log, which is how a test makes Kafka go away and come back.
 * Formatted as {@code kafka-storage.sh format} does, with the storage tool itself.
 */
public final class LocalKafka {
    private static LocalKafka instance;

    private final Path logDir;
    private final int brokerPort;
    private final int controllerPort;
    private final Properties props;
    private KafkaRaftServer server;

    private LocalKafka() throws Exception {
        logDir = Files.createTempDirectory("cevns-kafka-");
        brokerPort = freePort();
        controllerPort = freePort();
        props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // the publisher creates its topics: a topic appearing by accident would hide a missing creation
        props.put("auto.create.topics.enable", "false");
        props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        Path config = logDir.resolve("server.properties");
        try (var out = Files.newOutputStream(config)) {
            props.store(out, "cevns-daq test broker");
        }
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
                new PrintStream(said, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("kafka storage format failed (" + rc + "): " + said.toString(StandardCharsets.UTF_8));
        }
        start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "local-kafka-shutdown"));
    }

    /** The broker of this JVM, started on first use (5–12 s). */
    public static synchronized LocalKafka get() {
        if (instance == null) {
            try {
                instance = new LocalKafka();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test's Kafka broker: " + e, e);
            }
        }
        return instance;
    }

    /** The bootstrap address clients use. */
    public String bootstrap() {
        return "127.0.0.1:" + brokerPort;
    }

    private synchronized void start() {
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
    }

    /** Stops the broker (clients see it gone) until {@link #start()} is called by {@link #restart}. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Starts it again on the same ports and log, after {@link #stop()}. */
    public synchronized void restart() {
        stop();
        start();
    }

    private synchronized void shutdown() {
        try {
            stop();
        } finally {
            try (Stream<Path> s = Files.walk(logDir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
