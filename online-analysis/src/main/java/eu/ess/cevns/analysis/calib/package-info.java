/**
 * Calibration: pulse amplitude in ADC counts → electron-equivalent energy (keVee) per channel,
 * and keVee → nuclear-recoil energy (keVnr) through the detector's quenching model.
 */
package eu.ess.cevns.analysis.calib;
