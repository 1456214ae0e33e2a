/**
 * ESS beam timing: the pvAccess client that follows the accelerator's per-pulse PVs
 * ({@link eu.ess.cevns.daq.timing.BeamTimingClient}, plumbing only), the decision of each pulse's
 * beam state from its charge and the beam-present history
 * ({@link eu.ess.cevns.daq.timing.BeamStateDecider}), the watch that raises the timing alarms
 * ({@link eu.ess.cevns.daq.timing.TimingConnectionWatch}), the table of pulses the client fills
 * ({@link eu.ess.cevns.daq.timing.PulseTable}), and the join that gives every stored waveform the
 * beam state of its pulse ({@link eu.ess.cevns.daq.timing.PulseJoin}, run on the store writer thread).
 */
package eu.ess.cevns.daq.timing;
