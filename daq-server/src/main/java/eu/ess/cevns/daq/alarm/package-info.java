/**
 * The DAQ's one alarm model, shared by the dashboard, the status PVs (EPICS severities) and the
 * logs. Each {@link eu.ess.cevns.daq.alarm.AlarmRule} looks at one condition once a second and
 * reports it while it holds; the {@link eu.ess.cevns.daq.alarm.AlarmMonitor} turns reports into
 * raised and cleared transitions, logs them and records them in the run. Conditions another part
 * learns first (the beam timing connection) are pushed to the monitor directly.
 */
package eu.ess.cevns.daq.alarm;
