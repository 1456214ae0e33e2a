/**
 * The Standard-Model expectation for CEvNS at a pion decay-at-rest source: the differential cross
 * section with the weak charge and a Helm form factor ({@link eu.ess.cevns.analysis.physics.CevnsCrossSection}),
 * the prompt and delayed neutrino spectra ({@link eu.ess.cevns.analysis.physics.DarSpectrum}), and
 * the rate in a configured detector ({@link eu.ess.cevns.analysis.physics.ExpectedRate}).
 * Every constant cites its source.
 */
package eu.ess.cevns.analysis.physics;
