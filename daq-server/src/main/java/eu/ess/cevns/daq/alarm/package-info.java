/**
 * The DAQ's one alarm model, shared by the dashboard, the status PVs (EPICS severities), the CLI
 * and the logs. Each {@link eu.ess.cevns.daq.alarm.AlarmRule} looks at one condition once a second
 * and reports it while it holds (with the measured numbers that say why); the
 * {@link eu.ess.cevns.daq.alarm.AlarmMonitor} owns every alarm's state as the Phoebus alarm server
 * does (raise and clear delays, active, acknowledged, cleared-unacknowledged, shelved), takes the
 * crew's acts (acknowledge, shelve, unshelve: from HTTP, the status PVs, the page), logs and records
 * transitions and acts in the run. Conditions another part learns first (the beam timing
 * connection) are pushed to the monitor directly. The monitor's state is guarded by its own lock:
 * the sampler thread evaluates, HTTP and pvAccess threads act, and the rest read published copies.
 */
package eu.ess.cevns.daq.alarm;
