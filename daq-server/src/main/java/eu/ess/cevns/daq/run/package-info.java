/**
 * Run control: the run state machine (IDLE → RUNNING → STOPPED), run numbers, run-start and
 * run-stop records with the configuration in force, and recovery of a run a crash left open; and
 * the run logbook: entries and quality flags at any time, for any stored run.
 */
package eu.ess.cevns.daq.run;
