package eu.ess.cevns.config;

/** The EPICS PV names of the ESS beam timing that the server monitors (DESIGN §4). */
public record BeamPvs(String protonCharge, String present, String mode, String power) {
}
