package eu.ess.cevns.daq.epics;

import eu.ess.cevns.config.PvaWrites;
import org.epics.pva.common.PVAAuth;
import org.epics.pva.server.ClientAuthentication;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Who may put to the writable status PVs: the site's {@link PvaWrites} applied to a pvAccess
 * client. A client names its user and host when it connects (pvAccess "ca" authentication, as
 * EPICS access security reads it); an allowed entry's user must equal that user, and its host
 * either equal that host name (case-insensitive, as EPICS HAGs compare) or, given as an IP address,
 * equal the address the client's TCP connection comes from, which the client cannot choose. An
 * anonymous client never writes.
 */
public final class PvaWriteAccess {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** A client as the server knows it: what it says it is, and where its connection comes from. */
    public record Client(PVAAuth auth, String user, String host, InetAddress peer) {
        /** {@code user@host}, with the connection's address when it differs from the host named. */
        public String describe() {
            String from = peer == null ? "" : peer.getHostAddress();
            return (auth == PVAAuth.anonymous ? "anonymous" : user + "@" + host) + (from.equals(host) || from.isEmpty() ? "" : " from " + from);
        }

        /** Who a change is recorded under. */
        public String who() {
            return "pva:" + (auth == PVAAuth.anonymous ? "anonymous@" + (peer == null ? "?" : peer.getHostAddress()) : user + "@" + host);
        }

        static Client of(ClientAuthentication a, InetAddress peer) {
            // InetAddress prints "name/address", the name empty when the client gave an address: no DNS lookup here
            String printed = a.getHost().toString();
            String host = printed.startsWith("/") ? printed.substring(1) : printed.substring(0, printed.indexOf('/'));
            return new Client(a.getType(), a.getUser(), host, peer);
        }
    }

    private final PvaWrites writes;

    public PvaWriteAccess(PvaWrites writes) {
        this.writes = writes;
    }

    public boolean enabled() {
        return writes.enabled();
    }

    /** Null if {@code c} may write, else why not, in words for the server's log. */
    public String refusal(Client c) {
        if (!writes.enabled()) {
            return "pvAccess writes are off on this server (site file pvaWrites.enabled)";
        }
        if (c.auth() == PVAAuth.anonymous) {
            return "anonymous clients may not write (the client gave no user and host)";
        }
        for (PvaWrites.Client allowed : writes.allow()) {
            if ((allowed.user() == null || allowed.user().equals(c.user())) && (allowed.host() == null || hostMatches(allowed.host(), c))) {
                return null;
            }
        }
        return c.user() + "@" + c.host() + " is not in the site file's pvaWrites.allow";
    }

    private static boolean hostMatches(String allowed, Client c) {
        if (isAddress(allowed)) {
            try {
                return c.peer() != null && unmapped(InetAddress.getByName(allowed)).equals(unmapped(c.peer()));
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return strip(allowed).equals(strip(c.host()));
    }

    private static boolean isAddress(String host) {
        return IPV4.matcher(host).matches() || host.contains(":");
    }

    private static String strip(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** An IPv4 address seen through an IPv6 socket (::ffff:a.b.c.d) as the IPv4 address. */
    private static InetAddress unmapped(InetAddress a) throws UnknownHostException {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
                return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
            }
        }
        return a;
    }
}
