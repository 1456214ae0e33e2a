package eu.ess.cevns.daq.http;

/**
 * Answers one kind of API request. Handlers run off the I/O threads, one request at a time per
 * handler thread, and may block briefly (a run start waits for the store to open the queue).
 */
@FunctionalInterface
public interface ApiHandler {
    ApiResponse handle(ApiRequest request) throws Exception;
}
