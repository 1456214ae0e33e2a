/**
 * Pulse processing: from a stored waveform's samples to baseline, amplitude, integral, trigger
 * time, pulse shape (tail/total) and pile-up and saturation flags, in one pass over the samples
 * with nothing allocated. Live analysis and replay use the same code.
 */
package eu.ess.cevns.analysis.pulse;
