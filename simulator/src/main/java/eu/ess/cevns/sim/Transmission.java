package eu.ess.cevns.sim;

/** How the simulated digitizers reach the server. */
public enum Transmission { UDP, TCP }
