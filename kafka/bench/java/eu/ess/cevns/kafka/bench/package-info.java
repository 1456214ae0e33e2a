/** The Kafka publisher's benchmark harness (run by hand with {@code kafka/bench/run.sh}; CI runs a smoke test). */
package eu.ess.cevns.kafka.bench;
