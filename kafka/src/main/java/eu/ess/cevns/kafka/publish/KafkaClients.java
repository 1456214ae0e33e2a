package eu.ess.cevns.kafka.publish;

import eu.ess.cevns.config.KafkaSettings;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Kafka client configurations, from the site file's {@code kafka.client} properties (security
 * and tuning, passed through) and what cevns-daq sets itself: for the producer {@code acks=all}
 * and idempotence (delivery at least once, in order), a short linger and large batches, and a
 * short {@code max.block.ms} so that a missing broker makes the publisher fall behind rather than
 * hang. Unknown properties are refused naming the key, before any client is made.
 */
public final class KafkaClients {
    private KafkaClients() {
    }

    /** Refuses a property no Kafka client knows. */
    public static void check(KafkaSettings k) {
        Set<String> known = new TreeSet<>(ProducerConfig.configNames());
        known.addAll(AdminClientConfig.configNames());
        known.addAll(ConsumerConfig.configNames());
        for (String key : k.client().keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("kafka.client." + key + " is not a Kafka client property (see the Kafka documentation "
                        + "of producer, consumer and admin configs)");
            }
        }
    }

    public static Map<String, Object> producer(KafkaSettings k, String clientId) {
        Map<String, Object> c = only(k, ProducerConfig.configNames());
        c.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        c.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        c.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        c.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        c.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        c.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, k.brokers());
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        return c;
    }

    public static Map<String, Object> admin(KafkaSettings k, String clientId) {
        Map<String, Object> c = only(k, AdminClientConfig.configNames());
        c.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin");
        c.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        c.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, k.brokers());
        return c;
    }

    /** A consumer that reads by assignment and keeps no group offsets. */
    public static Map<String, Object> consumer(KafkaSettings k, String clientId) {
        Map<String, Object> c = only(k, ConsumerConfig.configNames());
        c.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        c.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, k.brokers());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return c;
    }

    private static Map<String, Object> only(KafkaSettings k, Set<String> names) {
        Map<String, Object> c = new HashMap<>();
        k.client().forEach((key, v) -> {
            if (names.contains(key)) {
                c.put(key, v);
            }
        });
        return c;
    }
}
