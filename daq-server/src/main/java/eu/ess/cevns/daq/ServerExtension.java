package eu.ess.cevns.daq;

/**
 * Something the application runs beside the server and attaches to it: the live analysis, and
 * later the Kafka publisher. The server knows nothing of what an extension does; at start-up,
 * before anything listens, it hands each extension a {@link ServerContext} through which it adds
 * its status part, routes, event streams, alarm rules, status PVs and meters, and reads the run
 * store and the current run. Extensions are closed before the server's own parts, newest first.
 */
public interface ServerExtension extends AutoCloseable {
    /** A short name for logs ("live analysis"). */
    String name();

    /** Adds the extension to the server; called once, before the server binds its ports. */
    void attach(ServerContext context) throws Exception;

    /** Stops what the extension runs; the server is still up. */
    @Override
    void close();
}
