package eu.ess.cevns.daq.epics;

import org.epics.pva.PVASettings;
import org.epics.pva.client.PVAClient;
import org.epics.pva.server.PVAServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Builds core-pva servers and clients with explicit addresses. core-pva reads its addresses from
 * static fields of {@link PVASettings} at construction, so construction is serialised here and
 * each call sets every field it depends on. A port of 0 is replaced by a free port first: a
 * core-pva server on an ephemeral TCP port announces port 0 in its search replies.
 */
public final class PvaEndpoints {
    static {
        PvaLogFilter.install();
    }

    private PvaEndpoints() {
    }

    /**
     * A server listening on {@code bind} only: TCP {@code tcpPort} (see {@link BoundPvaServer}
     * for why that needs more than core-pva's settings), answering searches on UDP {@code udpPort}.
     * Fails when either port is taken on that address.
     */
    public static synchronized PVAServer server(String bind, int tcpPort, int udpPort) throws Exception {
        // core-pva's own TCP listener, closed at once, takes a free port: it must not take ours
        PVASettings.EPICS_PVA_SERVER_PORT = 0;
        PVASettings.EPICS_PVAS_BROADCAST_PORT = udpPort;
        PVASettings.EPICS_PVAS_INTF_ADDR_LIST = bind;
        // no TLS listener: core-pva would bind it to every address (and finds a keychain in ~/.config by itself)
        PVASettings.EPICS_PVAS_TLS_KEYCHAIN = "";
        return BoundPvaServer.start(bind, tcpPort);
    }

    /**
     * A client that searches at {@code searchAddresses} ("host:port" UDP entries, space separated);
     * null or empty keeps core-pva's defaults (its environment, else broadcast).
     */
    public static synchronized PVAClient client(String searchAddresses) throws Exception {
        if (searchAddresses != null && !searchAddresses.isBlank()) {
            PVASettings.EPICS_PVA_ADDR_LIST = searchAddresses;
            PVASettings.EPICS_PVA_AUTO_ADDR_LIST = false;
            PVASettings.EPICS_PVA_NAME_SERVERS = "";
        }
        return new PVAClient();
    }

    /** {@code port}, or a free TCP port on {@code bind} if it is 0. */
    public static int tcpPort(String bind, int port) {
        if (port != 0) {
            return port;
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(bind))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on " + bind, e);
        }
    }

    /** {@code port}, or a free UDP port on {@code bind} if it is 0. */
    public static int udpPort(String bind, int port) {
        if (port != 0) {
            return port;
        }
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName(bind))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free UDP port on " + bind, e);
        }
    }
}
