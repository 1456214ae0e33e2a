/**
 * Benchmark harnesses, run by hand with {@code daq-server/bench/run.sh} and smoke-run by the test
 * suite: decoder throughput (JMH), and end-to-end ingest (a sender process → server → run store)
 * beside the raw Chronicle append rate of the same records, measured in the same run.
 */
package eu.ess.cevns.daq.bench;
