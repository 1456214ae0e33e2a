package eu.ess.cevns.kafka.consume;

import eu.ess.cevns.config.KafkaSettings;
import eu.ess.cevns.kafka.publish.KafkaClients;
import eu.ess.cevns.kafka.schema.FlatTable;
import eu.ess.cevns.kafka.schema.RunStart;
import eu.ess.cevns.kafka.schema.SchemaException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the detector and beam topics for the combined analysis, by assignment (no consumer group,
 * nothing committed: several analyses may read at once). A past run is found by its run start:
 * each host's pl72 in the file-writer's job pool (or, without one, on the detector topic), whose
 * start time the topics are then sought to ({@code offsetsForTimes}, Kafka's timestamp being the
 * data time); live, the newest run start of each host, or the end of the topics.
 */
public final class StreamFollower implements AutoCloseable {
    /** How long before a run's start its first messages may carry a timestamp (a pulse begun before the start). */
    static final long START_MARGIN_MS = 5_000;

    private final KafkaSettings k;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private long records;

    public StreamFollower(KafkaSettings k, String clientId) {
        this.k = k;
        this.consumer = new KafkaConsumer<>(KafkaClients.consumer(k, clientId), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Assigns every partition of the detector and beam topics (those that exist); false if the detector topic does not. */
    public boolean assign(Duration timeout) {
        partitions.clear();
        for (String topic : List.of(k.detectorTopic(), k.beamTopic())) {
            partitions.addAll(partitions(topic, timeout));
        }
        consumer.assign(partitions);
        return partitions.stream().anyMatch(p -> p.topic().equals(k.detectorTopic()));
    }

    private List<TopicPartition> partitions(String topic, Duration timeout) {
        List<TopicPartition> out = new ArrayList<>();
        Map<String, List<PartitionInfo>> all = consumer.listTopics(timeout);
        List<PartitionInfo> infos = all.get(topic);
        if (infos != null) {
            for (PartitionInfo i : infos) {
                out.add(new TopicPartition(topic, i.partition()));
            }
        }
        return out;
    }

    /**
     * Each source's newest run start (pl72) of run {@code run}, or of any run if null; from the job
     * pool, else from the detector topic. Keyed by source; {@code sources} null: every source found.
     */
    public Map<String, RunStart> runStarts(List<String> sources, Integer run, Duration timeout) {
        Map<String, RunStart> found = new HashMap<>();
        Consumer<ConsumerRecord<String, byte[]>> take = r -> {
            if (r.key() == null || (sources != null && !sources.contains(r.key())) || !RunStart.ID.equals(FlatTable.identifier(ByteBuffer.wrap(r.value())))) {
                return;
            }
            try {
                RunStart s = RunStart.decode(ByteBuffer.wrap(r.value()));
                // the newest start: of run N (a host whose data root was started afresh numbers from 1 again), or of any run
                boolean wanted = run == null || Integer.toString(run).equals(s.runName());
                if (wanted && (!found.containsKey(r.key()) || found.get(r.key()).startTimeMs() <= s.startTimeMs())) {
                    found.put(r.key(), s);
                }
            } catch (SchemaException e) {
                // not a run start we can read: not ours
            }
        };
        scan(k.jobPool(), timeout, take);
        if (sources == null || found.size() < sources.size()) {
            scan(k.detectorTopic(), timeout, take);
        }
        return found;
    }

    /** Reads {@code topic} from its start to its end as they are now, with a separate assignment. */
    private void scan(String topic, Duration timeout, Consumer<ConsumerRecord<String, byte[]>> each) {
        List<TopicPartition> parts = partitions(topic, timeout);
        if (parts.isEmpty()) {
            return;
        }
        List<TopicPartition> before = List.copyOf(consumer.assignment());
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(each);
        }
        consumer.assign(before);
    }

    /** Goes to the first messages at or after {@code timeMs} (less the start margin) on every assigned partition. */
    public void seekTo(long timeMs) {
        Map<TopicPartition, Long> query = new HashMap<>();
        for (TopicPartition p : partitions) {
            query.put(p, Math.max(0, timeMs - START_MARGIN_MS));
        }
        Map<TopicPartition, OffsetAndTimestamp> at = consumer.offsetsForTimes(query);
        List<TopicPartition> toEnd = new ArrayList<>();
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp o = at.get(p);
            if (o == null) {
                toEnd.add(p);
            } else {
                consumer.seek(p, o.offset());
            }
        }
        if (!toEnd.isEmpty()) {
            // (an empty list would mean every assigned partition)
            consumer.seekToEnd(toEnd);
        }
    }

    public void seekToEnd() {
        if (!partitions.isEmpty()) {
            consumer.seekToEnd(partitions);
        }
    }

    /** The end offsets now, to tell when a past run has been read to the end of what exists. */
    public Map<TopicPartition, Long> endOffsets() {
        return consumer.endOffsets(partitions);
    }

    /** Whether every assigned partition is read up to {@code end}. */
    public boolean reached(Map<TopicPartition, Long> end) {
        for (TopicPartition p : partitions) {
            if (consumer.position(p) < end.getOrDefault(p, 0L)) {
                return false;
            }
        }
        return true;
    }

    /** Polls once and hands each record to {@code analysis}; returns how many there were. */
    public int poll(CombinedAnalysis analysis, Duration timeout) {
        int n = 0;
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            analysis.onMessage(r.key(), r.value());
            n++;
        }
        records += n;
        return n;
    }

    public long records() {
        return records;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
