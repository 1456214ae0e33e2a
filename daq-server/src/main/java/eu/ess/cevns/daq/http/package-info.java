/**
 * HTTP plumbing on Netty, with no knowledge of what the DAQ serves: the server
 * ({@link eu.ess.cevns.daq.http.HttpApiServer}), the one route table
 * ({@link eu.ess.cevns.daq.http.ApiRouter}) mapping method and path template to an
 * {@link eu.ess.cevns.daq.http.ApiHandler}, request and response values, static files from the
 * classpath, and server-sent events. Handlers live with the domain they serve.
 */
package eu.ess.cevns.daq.http;
