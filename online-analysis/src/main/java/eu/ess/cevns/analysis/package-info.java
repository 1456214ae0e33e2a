/**
 * Online analysis of the run store: the expected Standard-Model CEvNS rate ({@code physics}) so far;
 * pulse processing, calibration, beam windows, statistics, live monitor and export follow
 * (DESIGN §6).
 */
package eu.ess.cevns.analysis;
