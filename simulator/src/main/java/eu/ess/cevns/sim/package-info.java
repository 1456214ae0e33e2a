/**
 * Simulated digitizers: ESS-framed waveform packets (DESIGN §3) on the 14 Hz pulse clock, with
 * realistic pulse shapes for the configured detector, sent over UDP or TCP; loss, reordering and
 * malformed packets on request, with an exact tally of what was sent so that tests can hold the
 * server's counters to it. Used by {@code cevns-daq simulate}, the demo, the tests and the
 * benchmarks.
 */
package eu.ess.cevns.sim;
