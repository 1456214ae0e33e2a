/**
 * The server's control surfaces: the HTTP API (JSON status, runs, run control) on Netty, the write
 * token that guards every write, and the small {@link eu.ess.cevns.daq.control.StatusSection}
 * interface through which each part of the server — and, registered by the application, the
 * online analysis — contributes its fields to {@code /api/status}. One handler class per request
 * kind, behind {@link eu.ess.cevns.daq.control.ApiHandler}.
 */
package eu.ess.cevns.daq.control;
