/**
 * The DAQ server assembled in data-flow order ({@link eu.ess.cevns.daq.DaqServer}: readout → pulse
 * join → store → run control → alarms → the views), and its extension point: a {@link
 * eu.ess.cevns.daq.ServerExtension} attaches to a {@link eu.ess.cevns.daq.ServerContext} to add
 * status parts, routes, event streams, status PVs, history series and metrics; the live analysis
 * and the Kafka publisher attach this way.
 */
package eu.ess.cevns.daq;
