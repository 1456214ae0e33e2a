package eu.ess.cevns.daq.readout;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The kernel's count of datagrams it dropped at the readout's UDP sockets because their receive
 * buffer was full: the {@code drops} column of {@code /proc/net/udp} and {@code /proc/net/udp6} (Netty
 * binds an IPv6 socket that also takes IPv4, listed in the second), matched by each socket's inode,
 * so that nothing else on the host is counted; and the host-wide {@code RcvbufErrors} of
 * {@code /proc/net/snmp} beside it. A sequence number cannot show a burst the kernel dropped whole
 * (nothing after it arrives to reveal the gap); these counters can.
 * <p>
 * {@link #recent()} reads the files at most once a second (what status requests and the alarms use);
 * {@link #now()} reads them at once (a run's start and stop). Thread-safe. Off Linux, or without
 * the sockets' inodes, every count is -1 (unknown).
 */
public final class KernelUdpDrops implements KernelDrops {
    private static final Logger LOG = LoggerFactory.getLogger(KernelUdpDrops.class);
    private static final long REFRESH_NS = 1_000_000_000L;
    private static final Path[] TABLES = {Path.of("/proc/net/udp"), Path.of("/proc/net/udp6")};
    private static final Path SNMP = Path.of("/proc/net/snmp");

    /** What one reading found: per socket (in the order of the inodes given) and the host's errors. */
    public record Reading(long[] perSocket, long hostRcvbufErrors) {
        /** Drops at all the sockets, -1 if any is unknown. */
        public long total() {
            long sum = 0;
            for (long d : perSocket) {
                if (d < 0) {
                    return -1;
                }
                sum += d;
            }
            return perSocket.length == 0 ? -1 : sum;
        }
    }

    private final long[] inodes;
    private volatile Reading last;
    private volatile long lastReadNs;
    private boolean warned;

    /** @param inodes the inode of each readout UDP socket (-1 for one whose inode is unknown) */
    public KernelUdpDrops(long[] inodes) {
        this.inodes = inodes.clone();
        this.last = unknown();
        this.lastReadNs = System.nanoTime() - 2 * REFRESH_NS;
    }

    private Reading unknown() {
        long[] none = new long[inodes.length];
        Arrays.fill(none, -1);
        return new Reading(none, -1);
    }

    /** A reading at most about a second old. */
    public Reading reading() {
        if (System.nanoTime() - lastReadNs >= REFRESH_NS) {
            return read();
        }
        return last;
    }

    /** Reads the kernel's tables now. */
    public synchronized Reading read() {
        long[] drops = new long[inodes.length];
        Arrays.fill(drops, -1);
        try {
            for (Path table : TABLES) {
                if (Files.isReadable(table)) {
                    dropsByInode(Files.readAllLines(table), inodes, drops);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.warn("cannot read the kernel's UDP drop counters: {}", e.toString());
            }
        }
        Reading r = new Reading(drops, hostRcvbufErrors());
        last = r;
        lastReadNs = System.nanoTime();
        return r;
    }

    @Override
    public long recent() {
        return reading().total();
    }

    @Override
    public long now() {
        return read().total();
    }

    /**
     * Fills {@code drops[i]} with the drop count of the socket whose inode is {@code inodes[i]}, from
     * the lines of a {@code /proc/net/udp}-style table (header first; inode the tenth field, drops the
     * last).
     */
    static void dropsByInode(List<String> table, long[] inodes, long[] drops) {
        for (int l = 1; l < table.size(); l++) {
            String[] f = table.get(l).strip().split("\\s+");
            if (f.length < 13) {
                continue;
            }
            long inode = Long.parseLong(f[9]);
            for (int i = 0; i < inodes.length; i++) {
                if (inodes[i] == inode) {
                    drops[i] = Long.parseLong(f[f.length - 1]);
                }
            }
        }
    }

    /** {@code Udp: RcvbufErrors} of {@code /proc/net/snmp} (a header line of names, then one of values), -1 if absent. */
    static long hostRcvbufErrors(List<String> snmp) {
        for (int l = 0; l + 1 < snmp.size(); l++) {
            String names = snmp.get(l);
            String values = snmp.get(l + 1);
            if (names.startsWith("Udp: ") && values.startsWith("Udp: ")) {
                List<String> n = List.of(names.split("\\s+"));
                String[] v = values.split("\\s+");
                int at = n.indexOf("RcvbufErrors");
                return at > 0 && at < v.length ? Long.parseLong(v[at]) : -1;
            }
        }
        return -1;
    }

    private static long hostRcvbufErrors() {
        try {
            return Files.isReadable(SNMP) ? hostRcvbufErrors(Files.readAllLines(SNMP)) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The inode of a socket's file descriptor in this process ({@code /proc/self/fd/N → socket:[INODE]}), -1 if unknown. */
    static long socketInode(int fd) {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            if (link.startsWith("socket:[") && link.endsWith("]")) {
                return Long.parseLong(link.substring(8, link.length() - 1));
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no /proc: unknown
        }
        return -1;
    }
}
