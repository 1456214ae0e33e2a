package eu.ess.cevns.config;

/**
 * Where the server listens (site file {@code ports:}); 0 takes a free port.
 *
 * @param udp          ESS readout packets over UDP
 * @param tcp          the same packets back to back over TCP
 * @param http         the HTTP API and the dashboard page
 * @param pva          the status PVs' pvAccess server (TCP)
 * @param pvaBroadcast where the status PV server answers pvAccess searches (UDP)
 */
public record Ports(int udp, int tcp, int http, int pva, int pvaBroadcast) {
}
