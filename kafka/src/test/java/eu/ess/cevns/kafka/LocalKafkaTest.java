package eu.ess.cevns.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LocalKafkaTest {
    @Test
    void loggingReachesABindingNotSlf4j17sNoOp() {
        // kafka-clients brings slf4j-api 1.7.36, which cannot see slf4j-simple 2 and would log nowhere; the parent pom keeps 2.0.17
        assertEquals("org.slf4j.simple.SimpleLoggerFactory", LoggerFactory.getILoggerFactory().getClass().getName());
    }

    @Test
    void aRecordGoesInAndComesOut() throws Exception {
        String bootstrap = LocalKafka.get().bootstrap();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("smoke", 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>("smoke", null, 1234L, "key", new byte[] {1, 2, 3})).get();
        }
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition("smoke", 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (got.isEmpty() && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(got::add);
            }
            assertEquals(1, got.size());
            assertEquals("key", got.get(0).key());
            assertEquals(1234L, got.get(0).timestamp());
            assertArrayEquals(new byte[] {1, 2, 3}, got.get(0).value());
        }
    }
}
