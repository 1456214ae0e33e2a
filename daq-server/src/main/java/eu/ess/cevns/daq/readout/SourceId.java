package eu.ess.cevns.daq.readout;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;

/**
 * The source of a packet as the store records it: the sender's IPv4 address as an int (what
 * digitizers on the ESS readout network use), or a hash of an IPv6 address.
 */
public final class SourceId {
    private SourceId() {
    }

    public static int of(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return of(inet.getAddress());
        }
        return 0;
    }

    public static int of(InetAddress address) {
        if (address == null) {
            return 0;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
        }
        return Arrays.hashCode(b);
    }

    /** Dotted form of an IPv4 source id, for people. */
    public static String format(int sourceId) {
        return (sourceId >>> 24) + "." + (sourceId >>> 16 & 0xFF) + "." + (sourceId >>> 8 & 0xFF) + "." + (sourceId & 0xFF);
    }
}
