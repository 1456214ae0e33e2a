/**
 * Beam exposure: live time of the on and off windows, beam-off pulses as a second background
 * sample, protons on target from the charge of ON pulses; UNKNOWN pulses are counted and kept out.
 */
package eu.ess.cevns.analysis.beam;
