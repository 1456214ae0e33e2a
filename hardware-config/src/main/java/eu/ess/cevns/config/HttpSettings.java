package eu.ess.cevns.config;

import java.util.List;

/**
 * How the HTTP API and the dashboard are reached (site file {@code http:}).
 *
 * @param allowedHosts host names, besides the bind address, {@code localhost} and IP addresses, that
 *                     a request's {@code Host} header may carry: the names people open the
 *                     dashboard by (e.g. {@code cevns-daq.ess.eu}). Any other name is refused, so a
 *                     web page elsewhere cannot reach the API by pointing a name of its own at this
 *                     server's address (DNS rebinding).
 * @param tls          HTTPS with this certificate and key, or null for plain HTTP
 */
public record HttpSettings(List<String> allowedHosts, TlsSettings tls) {
    public static final HttpSettings DEFAULT = new HttpSettings(List.of(), null);

    public HttpSettings {
        allowedHosts = List.copyOf(allowedHosts);
    }

    /** Plain HTTP answering these names. */
    public HttpSettings(List<String> allowedHosts) {
        this(allowedHosts, null);
    }
}
