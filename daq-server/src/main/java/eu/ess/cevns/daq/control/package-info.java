/**
 * What people change while the DAQ runs, and the HTTP handlers that let them: run control, the
 * live settings (thresholds, window edges) with their checks and records, the configuration in
 * force, the run list and the run logbook, and the write token that guards every write.
 */
package eu.ess.cevns.daq.control;
