package eu.ess.cevns.daq.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernel's drop counters of the UDP sockets bound to a port (all of them: several share a port
 * with SO_REUSEPORT), from {@code /proc/net/udp} and {@code /proc/net/udp6}: datagrams the kernel
 * threw away because the socket's receive buffer was full. Read from outside the process, so it
 * works for the bare receiver and any version of the server alike.
 */
final class ProcNetUdp {
    private ProcNetUdp() {
    }

    static long drops(int port) throws IOException {
        long sum = 0;
        for (String table : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.strip().split("\\s+");
                String local = f[1];
                int p = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
                if (p == port) {
                    sum += Long.parseLong(f[f.length - 1]);
                }
            }
        }
        return sum;
    }

    /** The load average over the last minute, as {@code uptime} prints it. */
    static double load() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }
}
