/**
 * What the server reports about itself: the typed {@link eu.ess.cevns.daq.status.StatusSnapshot}
 * sampled once a second by the {@link eu.ess.cevns.daq.status.StatusSampler} (run, readout, store,
 * beam, alarms, channels, and the {@link eu.ess.cevns.daq.status.StatusPart}s extensions add),
 * written as the {@code /api/status} object by {@link eu.ess.cevns.daq.status.StatusJson} with the
 * field names of the operator contract (DESIGN §7), and each configured channel's recent activity.
 */
package eu.ess.cevns.daq.status;
