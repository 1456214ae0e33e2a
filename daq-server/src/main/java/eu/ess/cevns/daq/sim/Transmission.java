package eu.ess.cevns.daq.sim;

/** How the simulated digitizers reach the server. */
public enum Transmission { UDP, TCP }
