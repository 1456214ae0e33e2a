package eu.ess.cevns.config;

import java.util.List;

/**
 * Who may write the writable status PVs (thresholds, window edges) over pvAccess (site file
 * {@code pvaWrites:}). Off unless {@code enabled}; then only the clients {@code allow} lists, as
 * EPICS access security allows by host and user: pvAccess clients name their user and host when
 * they connect. Everyone may read.
 *
 * @param enabled whether any put is taken at all
 * @param allow   the clients whose puts are taken (when enabled)
 */
public record PvaWrites(boolean enabled, List<Client> allow) {
    /** The default: no puts. */
    public static final PvaWrites OFF = new PvaWrites(false, List.of());

    public PvaWrites {
        allow = List.copyOf(allow);
    }

    /**
     * One allowed client: {@code host} (a host name, compared with the name the client gives,
     * or an IP address, compared with the address its connection comes from) and {@code user}
     * (the account name the client gives); null for either means any.
     */
    public record Client(String host, String user) {
    }
}
