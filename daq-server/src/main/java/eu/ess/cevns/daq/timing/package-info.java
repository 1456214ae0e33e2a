/**
 * ESS beam timing: the pvAccess client that follows the accelerator's per-pulse PVs
 * ({@link eu.ess.cevns.daq.timing.BeamTimingClient}), the table of pulses it fills
 * ({@link eu.ess.cevns.daq.timing.PulseTable}), and the join that gives every stored waveform the
 * beam state of its pulse ({@link eu.ess.cevns.daq.timing.PulseJoin}, run on the store writer thread).
 */
package eu.ess.cevns.daq.timing;
