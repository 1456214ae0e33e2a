/**
 * The hardware configuration: detectors (target nuclei, mass, distance, quenching), their digitizers
 * and channels (thresholds, ADC→keVee calibration), and the site file that selects a detector and
 * sets the data root, ports and EPICS PV names. Everything is loaded from YAML and validated by
 * {@link eu.ess.cevns.config.ConfigLoader}; an invalid file is refused with the file, the path of
 * the bad field and the reason, never half-loaded.
 */
package eu.ess.cevns.config;
