/**
 * Benchmark harnesses, run by hand with {@code simulator/bench/run.sh} and smoke-run by the test
 * suite: decoder throughput (JMH), end-to-end ingest (a sender process → server → run store)
 * beside the raw Chronicle append rate of the same records, measured in the same run, and the
 * soak (steady TCP and UDP ingest with run changes, timing IOC restarts and malformed bursts,
 * watching heap, RSS, descriptors, threads and that every packet and waveform is accounted for).
 */
package eu.ess.cevns.daq.bench;
