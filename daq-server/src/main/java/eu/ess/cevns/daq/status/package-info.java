/**
 * What the server reports about itself: the {@code /api/status} object, assembled from one
 * {@link eu.ess.cevns.daq.status.StatusSection} per part (run, readout, store, beam, alarms,
 * channels, and what extensions add), with the field names of the operator contract (DESIGN §7),
 * and each configured channel's recent activity.
 */
package eu.ess.cevns.daq.status;
