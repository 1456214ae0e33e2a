/**
 * The {@code cevns-daq} application: the command line (picocli) that starts the server, the demo
 * and the simulators, and the client commands operators and scripts use against a running server
 * or a data root. Each command is one class; {@link eu.ess.cevns.app.Main} lists them.
 */
package eu.ess.cevns.app;
