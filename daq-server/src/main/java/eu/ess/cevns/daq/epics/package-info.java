/**
 * EPICS pvAccess (Phoebus core-pva): where servers listen and where clients search, and the DAQ's
 * own status PVs ({@link eu.ess.cevns.daq.epics.StatusPvServer}). core-pva takes its addresses from
 * static settings read when a server or client is built, so every server and client of the
 * application is built here, one at a time, with its own addresses.
 */
package eu.ess.cevns.daq.epics;
