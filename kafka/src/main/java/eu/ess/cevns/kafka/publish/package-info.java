/**
 * Publishing a host's run store into the ESS Kafka backbone: the {@link
 * eu.ess.cevns.kafka.publish.KafkaPublisher} server extension, the {@link
 * eu.ess.cevns.kafka.publish.PublisherLoop} that tails the store on its own thread with its own
 * read position (so ingest never waits for Kafka), the assembly of each pulse's events into ev44,
 * the file-writer job of each run (pl72/6s4t with its NeXus structure), the delivery window that
 * keeps publishing at-least-once across broker outages and restarts, and the {@code kafkaLag} alarm.
 */
package eu.ess.cevns.kafka.publish;
