/**
 * On/off statistics for a beam-correlated excess: counts in the on window and in the off
 * (background) window with exposure ratio α, the excess N_on − α N_off and its error, the Li & Ma
 * significance, and a profile-likelihood confidence interval for the signal that stays correct
 * at zero and a few counts.
 */
package eu.ess.cevns.analysis.stats;
