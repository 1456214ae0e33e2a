package eu.ess.cevns.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.kafka.schema.ActionResponse;
import eu.ess.cevns.kafka.schema.FinishedWriting;
import eu.ess.cevns.kafka.schema.FlatTable;
import eu.ess.cevns.kafka.schema.RunStart;
import eu.ess.cevns.kafka.schema.RunStop;
import eu.ess.cevns.kafka.schema.SchemaException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for ESS's file-writer (kafka-to-nexus, a C++ service that cannot run here) as far as
 * its control protocol goes, after its command handler: it takes pl72 start commands from the job
 * pool, refuses one whose job id is not a UUID or that names no control topic (status 400), and
 * otherwise echoes the command onto the job's control topic and answers there (answ StartJob,
 * 201); on that control topic it takes the job's 6s4t (the command id must be a UUID), answers
 * (answ SetStopTime, 201) and reports the file finished (wrdn). It writes no file: it records what
 * it was asked, for the tests to check.
 */
public final class FileWriterStandIn implements AutoCloseable {
    public static final String SERVICE_ID = "kafka-to-nexus-standin";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One job as the stand-in saw it. */
    public record Job(RunStart start, long startTimestampMs, RunStop stop) {
    }

    private final String bootstrap;
    private final String pool;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Exception failure;

    public FileWriterStandIn(String bootstrap, String poolTopic) {
        this.bootstrap = bootstrap;
        this.pool = poolTopic;
        this.thread = new Thread(this::loop, "file-writer-stand-in");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public Map<String, Job> jobs() {
        return Map.copyOf(jobs);
    }

    public List<String> refused() {
        return List.copyOf(refused);
    }

    public Exception failure() {
        return failure;
    }

    private void loop() {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap), new StringDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"), new StringSerializer(),
                     new ByteArraySerializer())) {
            List<String> topics = new ArrayList<>(List.of(pool));
            List<TopicPartition> assigned = new ArrayList<>();
            while (running) {
                // the pool and every control topic a job named, from their beginnings, as they appear
                for (String t : topics) {
                    if (assigned.stream().noneMatch(tp -> tp.topic().equals(t))) {
                        List<PartitionInfo> infos = c.listTopics(Duration.ofSeconds(5)).get(t);
                        if (infos != null) {
                            List<TopicPartition> more = infos.stream().map(i -> new TopicPartition(t, i.partition())).toList();
                            List<TopicPartition> all = new ArrayList<>(assigned);
                            all.addAll(more);
                            Map<TopicPartition, Long> positions = new HashMap<>();
                            for (TopicPartition tp : assigned) {
                                positions.put(tp, c.position(tp));
                            }
                            c.assign(all);
                            positions.forEach(c::seek);
                            c.seekToBeginning(more);
                            assigned = all;
                        }
                    }
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(100);
                    continue;
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                    String control = handle(r, p);
                    if (control != null && !topics.contains(control)) {
                        topics.add(control);
                    }
                }
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    /** Handles one command; returns a control topic to listen to, if a job named one. */
    private String handle(ConsumerRecord<String, byte[]> r, KafkaProducer<String, byte[]> p) throws Exception {
        String id = FlatTable.identifier(ByteBuffer.wrap(r.value()));
        if (r.topic().equals(pool) && id.equals(RunStart.ID)) {
            RunStart s;
            try {
                s = RunStart.decode(ByteBuffer.wrap(r.value()));
            } catch (SchemaException e) {
                refused.add("unreadable start: " + e.getMessage());
                return null;
            }
            String problem = !validUuid(s.jobId()) ? "job id " + s.jobId() + " is not a UUID"
                    : s.controlTopic() == null || s.controlTopic().isEmpty() ? "no control topic"
                    : s.instrumentName() != null && !s.instrumentName().isEmpty() ? "instrument name set: template mode"
                    : !validJson(s.nexusStructure()) ? "nexus_structure is not JSON" : null;
            if (problem != null) {
                refused.add(s.jobId() + ": " + problem);
                return null;
            }
            if (jobs.putIfAbsent(s.jobId(), new Job(s, r.timestamp(), null)) != null) {
                return null; // the same job again (a publisher restart): already writing
            }
            String control = s.controlTopic();
            p.send(new ProducerRecord<>(control, null, r.timestamp(), r.key(), r.value())).get();
            p.send(new ProducerRecord<>(control, s.jobId(), new ActionResponse(SERVICE_ID, s.jobId(), ActionResponse.Action.START_JOB, true, 201,
                    s.stopTimeMs(), "Started write job", s.jobId()).encode())).get();
            return control;
        }
        if (id.equals(RunStop.ID)) {
            RunStop s = RunStop.decode(ByteBuffer.wrap(r.value()));
            Job j = jobs.get(s.jobId());
            if (j == null || j.stop() != null) {
                return null;
            }
            boolean ok = validUuid(s.commandId()) && s.stopTimeMs() >= j.start().startTimeMs();
            p.send(new ProducerRecord<>(r.topic(), s.jobId(), new ActionResponse(SERVICE_ID, s.jobId(), ActionResponse.Action.SET_STOP_TIME, ok,
                    ok ? 201 : 400, s.stopTimeMs(), ok ? "File writing job stop time set" : "Rejected stop command", s.commandId()).encode())).get();
            if (ok) {
                jobs.put(s.jobId(), new Job(j.start(), j.startTimestampMs(), s));
                p.send(new ProducerRecord<>(r.topic(), s.jobId(), new FinishedWriting(SERVICE_ID, s.jobId(), false, j.start().filename(), "{}",
                        "").encode())).get();
            } else {
                refused.add(s.jobId() + ": stop command id " + s.commandId());
            }
        }
        return null;
    }

    /** As kafka-to-nexus checks ids: a UUID with a version, of the RFC variant. */
    static boolean validUuid(String s) {
        try {
            UUID u = UUID.fromString(s);
            return u.version() >= 1 && u.variant() == 2;
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    private static boolean validJson(String s) {
        try {
            return s != null && JSON.readTree(s).isObject();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
