package eu.ess.cevns.daq.epics;

import org.epics.pva.common.SecureSockets.TLSHandshakeInfo;
import org.epics.pva.server.PVAServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

/**
 * A core-pva server that accepts pvAccess connections on one address only. core-pva 5.0.5's
 * {@link PVAServer} binds its TCP listener to the wildcard address whatever
 * {@code EPICS_PVAS_INTF_ADDR_LIST} says (that list only places its UDP search socket), and when
 * the port asked for is taken it silently listens on another. So this server binds a socket of its
 * own to exactly {@code bindAddress:port} before anything else (and fails to start if that is
 * taken), closes core-pva's wildcard listener as soon as the server exists, and hands each
 * connection it accepts to core-pva as core-pva's own listener would; search replies name this
 * socket. The two steps into core-pva's internals (its listener field, its connection handler's
 * constructor) are checked when the server is made: if a core-pva upgrade moved them, the server
 * refuses to start rather than listen everywhere.
 */
final class BoundPvaServer extends PVAServer {
    private static final Logger LOG = LoggerFactory.getLogger(BoundPvaServer.class);
    private static final String HANDLER_CLASS = "org.epics.pva.server.ServerTCPHandler";

    private final ServerSocket listener;
    private final Constructor<?> connection;
    private final Thread acceptor;

    private BoundPvaServer(ServerSocket listener, Constructor<?> connection) throws Exception {
        super();
        this.listener = listener;
        this.connection = connection;
        closeWildcardListener();
        acceptor = new Thread(this::accept, "pva-listener " + listener.getLocalSocketAddress());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * A server listening on {@code bind} TCP {@code port} only (the caller has set core-pva's
     * settings for its UDP search socket).
     */
    static BoundPvaServer start(String bind, int port) throws Exception {
        Constructor<?> connection = Class.forName(HANDLER_CLASS)
                .getConstructor(PVAServer.class, Socket.class, TLSHandshakeInfo.class);
        connection.setAccessible(true);
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(bind), port));
            return new BoundPvaServer(socket, connection);
        } catch (Exception e) {
            socket.close();
            throw e;
        }
    }

    private void closeWildcardListener() throws Exception {
        try {
            Field tcp = PVAServer.class.getDeclaredField("tcp");
            tcp.setAccessible(true);
            Object wildcard = tcp.get(this);
            Method close = wildcard.getClass().getDeclaredMethod("close");
            close.setAccessible(true);
            close.invoke(wildcard);
        } catch (ReflectiveOperationException | RuntimeException e) {
            super.close();
            throw new IllegalStateException("cannot close core-pva's wildcard TCP listener (has core-pva changed?); "
                    + "not serving rather than listening on every address", e);
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                connection.newInstance(this, client, null);
            } catch (SocketException closed) {
                return;
            } catch (IOException | ReflectiveOperationException | RuntimeException e) {
                LOG.warn("pvAccess connection on {} not taken: {}", listener.getLocalSocketAddress(), e.toString());
            }
        }
    }

    /** Where clients connect: this server's own socket (search replies carry it). */
    @Override
    public InetSocketAddress getTCPAddress(boolean tls) {
        // searches may arrive while core-pva's constructor runs, before the socket is known here: 0.0.0.0:0 tells nothing
        ServerSocket l = listener;
        return l == null ? new InetSocketAddress(0) : (InetSocketAddress) l.getLocalSocketAddress();
    }

    @Override
    public void close() {
        try {
            listener.close();
            acceptor.join(5000);
        } catch (IOException e) {
            LOG.debug("closing pvAccess listener: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        super.close();
    }
}
