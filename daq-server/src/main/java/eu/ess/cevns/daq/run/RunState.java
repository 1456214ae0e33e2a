package eu.ess.cevns.daq.run;

/** State of the server's run control: no run since start, a run going, or the last run stopped. */
public enum RunState { IDLE, RUNNING, STOPPED }
