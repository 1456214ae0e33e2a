package eu.ess.cevns.kafka.publish;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends the publisher's messages through one idempotent producer ({@code acks=all}). A message
 * made from store records goes through the {@link DeliveryWindow}, so that its record is read again
 * after a restart unless Kafka acknowledged it; a message that Kafka refuses or gives up on ends
 * the producer's life ({@link DeliveryFailed}): the publisher then starts again from its position.
 * Live messages (heartbeat, counters, alarms) are sent once, and only counted if lost. The
 * Kafka record key is the message's source name and its timestamp the data time in ms; the
 * messages of one host on the detector topic all go to its source's partition, so that a consumer
 * sees them in the order the store holds them.
 */
final class Sender implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final DeliveryWindow window;
    private final PublisherCounters counters;
    private final Map<String, Integer> partitions = new HashMap<>();

    Sender(KafkaProducer<String, byte[]> producer, DeliveryWindow window, PublisherCounters counters) {
        this.producer = producer;
        this.window = window;
        this.counters = counters;
    }

    DeliveryWindow window() {
        return window;
    }

    /**
     * Sends a message made from the store record at {@code recordIndex}, to the partition of
     * {@code partitionSource} (null: the key's).
     */
    void send(String topic, String partitionSource, String key, long dataTimeNs, byte[] value, long recordIndex) throws InterruptedException {
        checkFailure();
        Integer partition = partitionSource == null ? null : partition(topic, partitionSource);
        long seq;
        while ((seq = window.reserve(recordIndex, dataTimeNs)) < 0) {
            checkFailure();
            Thread.sleep(1);
        }
        long s = seq;
        try {
            producer.send(new ProducerRecord<>(topic, partition, Math.floorDiv(dataTimeNs, 1_000_000L), key, value), (md, e) -> {
                if (e == null) {
                    window.acked(s);
                } else {
                    window.failed(s, e);
                }
            });
        } catch (InterruptException e) {
            throw new InterruptedException("interrupted while sending to Kafka");
        } catch (KafkaException e) {
            window.failed(s, e);
            throw new DeliveryFailed(e);
        }
        counters.messages.lazySet(counters.messages.get() + 1);
        counters.bytes.lazySet(counters.bytes.get() + value.length);
    }

    /** Sends a live message once (heartbeat, counter, alarm); a loss is counted, not retried. */
    void sendLive(String topic, String key, long timeNs, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, null, Math.floorDiv(timeNs, 1_000_000L), key, value), (md, e) -> {
                if (e != null) {
                    counters.liveErrors.incrementAndGet();
                }
            });
            counters.messages.lazySet(counters.messages.get() + 1);
            counters.bytes.lazySet(counters.bytes.get() + value.length);
        } catch (KafkaException e) {
            counters.liveErrors.incrementAndGet();
        }
    }

    private void checkFailure() {
        Exception f = window.failure();
        if (f != null) {
            throw new DeliveryFailed(f);
        }
    }

    /** The partition Kafka's default partitioner gives {@code source} as a key on {@code topic}. */
    private int partition(String topic, String source) {
        Integer n = partitions.get(topic);
        if (n == null) {
            n = producer.partitionsFor(topic).size();
            partitions.put(topic, n);
        }
        return Utils.toPositive(Utils.murmur2(source.getBytes(StandardCharsets.UTF_8))) % n;
    }

    /** Waits up to {@code timeout} for what was sent to be acknowledged (linger is short: no explicit flush, which could wait for the delivery timeout). */
    void flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (window.inFlight() > 0 && window.failure() == null && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** Closes the producer, waiting at most {@code timeout} for what is in flight. */
    void close(Duration timeout) {
        try {
            producer.close(timeout);
        } catch (KafkaException e) {
            counters.lastError = "closing the producer: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }
}
