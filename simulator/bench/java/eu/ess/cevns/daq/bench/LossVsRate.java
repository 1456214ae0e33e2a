package eu.ess.cevns.daq.bench;

import eu.ess.cevns.config.ReadoutSettings;
import eu.ess.cevns.daq.readout.ReadoutHeader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * UDP loss against offered rate, the server beside a bare receiver, in the same run: a sender
 * process ({@link IngestSender}) sends 8972-byte datagrams of 1024-sample waveforms over
 * {@code bench.flows} flows (default 8) for {@code bench.seconds} (default 8) at each rate of
 * {@code bench.rates} (MB/s, 0 for as fast as it can; default 25, 50, 100, 200, 300, 400, 0), to
 * (a) the server ({@link BenchServer}, live analysis attached, as {@code serve} runs it) and (b)
 * the bare receiver ({@code bench/c/bare-receiver.c}: only reads and counts, with recvmmsg, the
 * same receive buffer and as many SO_REUSEPORT sockets as the server has receive threads),
 * alternating which goes first, {@code bench.repeats} times (default 5). Loss = datagrams sent −
 * datagrams the receiver took (the server: accepted + rejected); the kernel's drop counter of the
 * port is printed beside it. Both first take 3 s at 100 MB/s that are not counted (a server just
 * started is still compiling its code). The load average is printed with each point: the machine may be
 * shared. {@code bench.udpThreads} (default: the server's default) and {@code bench.rcvbufBytes}
 * (default 32 MiB) set both receivers; {@code bench.bareReceiver} names the built program.
 */
public final class LossVsRate {
    private static final int RCVBUF_DEFAULT = 32 << 20;

    private LossVsRate() {
    }

    /** One point: a rate, a receiver, one repetition. */
    record Point(double rateMbps, String target, int repeat, long sent, long received, long kernelDrops, double sendMbps,
                 double load) {
        double lossFraction() {
            return sent == 0 ? 0 : (sent - received) / (double) sent;
        }
    }

    public static void main(String[] args) throws Exception {
        double[] rates = Arrays.stream(System.getProperty("bench.rates", "25,50,100,200,300,400,0").split(","))
                .mapToDouble(Double::parseDouble).toArray();
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "8"));
        int repeats = Integer.getInteger("bench.repeats", 5);
        int flows = Integer.getInteger("bench.flows", 8);
        int threads = Integer.getInteger("bench.udpThreads", 0);
        int rcvbuf = Integer.getInteger("bench.rcvbufBytes", RCVBUF_DEFAULT);
        String bare = System.getProperty("bench.bareReceiver", "simulator/target/bench/bare-receiver");
        List<Point> points = run(rates, seconds, repeats, flows, threads, rcvbuf, bare, System.out::println);
        summary(rates, points).forEach(System.out::println);
    }

    static List<Point> run(double[] rates, double seconds, int repeats, int flows, int threads, int rcvbuf, String bare,
                           java.util.function.Consumer<String> log) throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        Path site = null;
        if (threads > 0 || rcvbuf != RCVBUF_DEFAULT) {
            site = Files.createTempFile("loss-vs-rate", ".yaml");
            Files.writeString(site, "detector: csi-cryogenic\ndataRoot: data\nreadout:\n"
                    + (threads > 0 ? "  udpThreads: " + threads + "\n" : "")
                    + "  udpReceiveBufferBytes: " + rcvbuf + "\n");
            props.put("bench.site", site.toString());
        }
        // the bare receiver gets as many sockets as the server has receive threads
        int sockets = threads > 0 ? threads : ReadoutSettings.DEFAULT_UDP_THREADS;
        BenchPackets shape = new BenchPackets(ReadoutHeader.MAX_UDP_PACKET, 1);
        int packetBytes = shape.packets[0].length;
        int perPacket = shape.readouts[0];
        List<Point> points = new ArrayList<>();
        try (BenchProcess server = BenchProcess.java(BenchServer.class, props, List.of(), true);
             BenchProcess receiver = BenchProcess.program(List.of(bare, "0", Integer.toString(sockets),
                     Integer.toString(rcvbuf)))) {
            int serverPort = (int) (double) BenchProcess.values(server.greeting()).get("udp");
            int barePort = Integer.parseInt(receiver.greeting().split(" ")[1]);
            log.accept(String.format(Locale.ROOT, "loss vs rate: %d-byte datagrams (%d waveforms of 1024 samples), %d flows, %.0f s a point, "
                            + "%d repeats; server %s (udp %d), bare receiver %s (udp %d, %d socket(s), receive buffer asked %d, granted %s)",
                    packetBytes, perPacket, flows, seconds, repeats, server.greeting(), serverPort, bare, barePort, sockets,
                    rcvbuf, receiver.greeting().split(" ")[3]));
            // warm-up, not counted: a server just started loses datagrams while its code is being compiled
            point(server, serverPort, true, 100, -1, (long) Math.ceil(100e6 * 3 / packetBytes) * perPacket, flows);
            point(receiver, barePort, false, 100, -1, (long) Math.ceil(100e6 * 3 / packetBytes) * perPacket, flows);
            for (int rep = 0; rep < repeats; rep++) {
                for (double rate : rates) {
                    double mbps = rate > 0 ? rate : 400;
                    long packets = (long) Math.ceil(mbps * 1e6 * seconds / packetBytes);
                    boolean serverFirst = rep % 2 == 1;
                    for (int k = 0; k < 2; k++) {
                        boolean toServer = (k == 0) == serverFirst;
                        Point p = toServer ? point(server, serverPort, true, rate, rep, packets * perPacket, flows)
                                : point(receiver, barePort, false, rate, rep, packets * perPacket, flows);
                        points.add(p);
                        log.accept(String.format(Locale.ROOT, "rate %s rep %d %-6s sent %,d received %,d lost %,d (%.4f %%) kernel drops %,d;"
                                        + " sent at %.0f MB/s; load %.1f", rateName(rate), rep + 1, p.target(), p.sent(), p.received(),
                                p.sent() - p.received(), 100 * p.lossFraction(), p.kernelDrops(), p.sendMbps(), p.load()));
                    }
                }
            }
        } finally {
            if (site != null) {
                Files.deleteIfExists(site);
            }
        }
        return points;
    }

    private static Point point(BenchProcess target, int port, boolean isServer, double rate, int rep, long waveforms, int flows)
            throws Exception {
        if (isServer) {
            target.ask("newrun");
        }
        double load = ProcNetUdp.load();
        long before = received(target, isServer);
        long dropsBefore = ProcNetUdp.drops(port);
        BenchProcess sender = BenchProcess.java(IngestSender.class, Map.of(), List.of("udp", "127.0.0.1", Integer.toString(port),
                Integer.toString(ReadoutHeader.MAX_UDP_PACKET), Long.toString(waveforms), Double.toString(rate), Integer.toString(flows)),
                false);
        String[] f = sender.awaitLastLine(600).split(" ");
        sender.close();
        long sent = Long.parseLong(f[1]);
        double sendMbps = Long.parseLong(f[3]) / 1e6 / (Long.parseLong(f[4]) / 1e9);
        // what is still in the socket buffers is read within milliseconds: settle when the count stands still
        long received = received(target, isServer);
        for (long last = -1; received != last; ) {
            last = received;
            Thread.sleep(300);
            received = received(target, isServer);
        }
        return new Point(rate, isServer ? "server" : "bare", rep, sent, received - before, ProcNetUdp.drops(port) - dropsBefore,
                sendMbps, load);
    }

    private static long received(BenchProcess target, boolean isServer) throws IOException {
        Map<String, Double> v = BenchProcess.values(target.ask("stats").replace("packets ", "packets=").replace(" bytes ", " bytes="));
        return isServer ? (long) (v.get("packets") + v.get("rejected")) : (long) (double) v.get("packets");
    }

    static String rateName(double rate) {
        return rate > 0 ? String.format(Locale.ROOT, "%.0f MB/s", rate) : "unpaced";
    }

    /** Per rate, min / median / max of each receiver's loss, and the highest rate each lost nothing (below 1e-6) at. */
    static List<String> summary(double[] rates, List<Point> points) {
        List<String> out = new ArrayList<>();
        out.add("| offered | sent at (median) | server loss min / median / max | bare receiver loss min / median / max | "
                + "server kernel drops (median) |");
        out.add("|---|---|---|---|---|");
        String bestServer = "none";
        String bestBare = "none";
        for (double rate : rates) {
            List<Point> s = points.stream().filter(p -> p.rateMbps() == rate && p.target().equals("server")).toList();
            List<Point> b = points.stream().filter(p -> p.rateMbps() == rate && p.target().equals("bare")).toList();
            out.add(String.format(Locale.ROOT, "| %s | %.0f MB/s | %s (n=%d) | %s (n=%d) | %.0f |", rateName(rate),
                    median(s.stream().mapToDouble(Point::sendMbps).toArray()), spread(s), s.size(), spread(b), b.size(),
                    median(s.stream().mapToDouble(Point::kernelDrops).toArray())));
            if (rate > 0 && s.stream().allMatch(p -> p.lossFraction() < 1e-6)) {
                bestServer = rateName(rate);
            }
            if (rate > 0 && b.stream().allMatch(p -> p.sent() == p.received())) {
                bestBare = rateName(rate);
            }
        }
        out.add("highest paced rate with no loss in every repeat: bare receiver " + bestBare + "; server (below 1 in 10^6) " + bestServer);
        return out;
    }

    private static String spread(List<Point> points) {
        double[] loss = points.stream().mapToDouble(Point::lossFraction).sorted().toArray();
        if (loss.length == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%s / %s / %s", percent(loss[0]), percent(median(loss)), percent(loss[loss.length - 1]));
    }

    private static String percent(double fraction) {
        return fraction == 0 ? "0" : String.format(Locale.ROOT, "%.3g %%", 100 * fraction);
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
