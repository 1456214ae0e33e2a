package eu.ess.cevns.daq.bench;

import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.DaqServer;
import eu.ess.cevns.daq.readout.ReadoutCounters;
import eu.ess.cevns.daq.readout.ReadoutHeader;
import eu.ess.cevns.daq.store.WaveformRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * End-to-end ingest: a sender process → server (real sockets) → run store (Chronicle files), for
 * TCP and UDP, 16 channels × 1024-sample waveforms; and, in the same run, the raw Chronicle append
 * rate of as many records of the same size as the ceiling. Prints waveforms/s, MB/s, loss and the
 * ratio to the ceiling. {@code -Dbench.smoke=true} for a short run; {@code -Dbench.waveforms=N}.
 */
public final class IngestBenchmark {
    private IngestBenchmark() {
    }

    /** One transport's figures. */
    public record Result(String transport, long sent, long received, long stored, long lostPackets, long dropped,
                         double seconds, long storedBytes) {
        public double waveformsPerSecond() {
            return stored / seconds;
        }

        public double mbPerSecond() {
            return storedBytes / 1e6 / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = Boolean.getBoolean("bench.smoke");
        long n = Long.getLong("bench.waveforms", smoke ? 20_000 : 2_000_000);
        List<String> lines = run(n);
        lines.forEach(System.out::println);
    }

    /** Runs TCP, UDP and the raw ceiling for {@code waveforms} waveforms; returns the report lines. */
    public static List<String> run(long waveforms) throws Exception {
        List<String> out = new ArrayList<>();
        int recordBytes = WaveformRecord.length(BenchPackets.SAMPLES);
        // the page cache makes raw append rates swing several-fold between runs (DESIGN §8): the
        // ceiling is the better of a measurement before and one after the ingest runs
        RawAppend.Result before = rawAppend(waveforms, recordBytes);
        List<Result> results = new ArrayList<>();
        double tcpMbPerSecond = 0;
        for (String t : new String[] {"tcp", "udp", "udp-paced"}) {
            // paced UDP: the sender keeps to half the TCP ingest rate, as digitizers keep to their trigger rate
            Result r = ingest(t, waveforms, t.equals("udp-paced") ? tcpMbPerSecond / 2 : 0);
            if (t.equals("tcp")) {
                tcpMbPerSecond = r.mbPerSecond();
            }
            results.add(r);
        }
        RawAppend.Result after = rawAppend(waveforms, recordBytes);
        RawAppend.Result ceiling = before.mbPerSecond() >= after.mbPerSecond() ? before : after;
        out.add(String.format("raw Chronicle append (ceiling): %,d records of %d B: %,.0f MB/s before, %,.0f MB/s after the ingest runs;"
                        + " ceiling %,.0f records/s = %,.0f MB/s", ceiling.records(), recordBytes, before.mbPerSecond(),
                after.mbPerSecond(), ceiling.recordsPerSecond(), ceiling.mbPerSecond()));
        for (Result r : results) {
            String t = r.transport();
            out.add(String.format("%s ingest: sent %,d waveforms, received %,d, stored %,d (loss %,d waveforms, %,d packets, "
                            + "dropped by store %,d)%s in %.2f s = %,.0f waveforms/s = %,.0f MB/s = %.0f %% of the raw append ceiling",
                    t.toUpperCase(), r.sent(), r.received(), r.stored(), r.sent() - r.stored(), r.lostPackets(), r.dropped(),
                    t.equals("udp-paced") ? String.format(" paced at %.0f MB/s", tcpMbPerSecond / 2) : "", r.seconds(), r.waveformsPerSecond(), r.mbPerSecond(), 100 * r.mbPerSecond() / ceiling.mbPerSecond()));
        }
        return out;
    }

    private static RawAppend.Result rawAppend(long records, int recordBytes) throws IOException {
        Path dir = Files.createTempDirectory("raw-append");
        try {
            RawAppend.measure(dir.resolve("warmup"), Math.min(records, 20_000), recordBytes);
            return RawAppend.measure(dir.resolve("q"), records, recordBytes);
        } finally {
            delete(dir);
        }
    }

    static Result ingest(String transport, long waveforms) throws Exception {
        return ingest(transport, waveforms, 0);
    }

    static Result ingest(String kind, long waveforms, double paceMbPerSecond) throws Exception {
        String transport = kind.startsWith("udp") ? "udp" : "tcp";
        Path data = Files.createTempDirectory("ingest-bench");
        try {
            SiteConfig d = ConfigLoader.defaultSite(data, "csi-cryogenic");
            SiteConfig site = d.withListen("127.0.0.1", 0, 0, 0, 0).withWriteToken("bench").withStoreRingBytes(256L << 20)
                    .withTiming(new eu.ess.cevns.config.TimingConfig(2000, 100, 1.0, 28,
                            "127.0.0.1:" + eu.ess.cevns.daq.epics.PvaEndpoints.udpPort("127.0.0.1", 0)));
            try (DaqServer server = DaqServer.start(site, "bench")) {
                server.runs().start("ingest benchmark " + transport, "bench");
                int port = transport.equals("tcp") ? server.tcpPort() : server.udpPort();
                int packetBytes = transport.equals("tcp") ? ReadoutHeader.MAX_PACKET : ReadoutHeader.MAX_UDP_PACKET;
                Process sender = startSender(transport, port, packetBytes, waveforms, paceMbPerSecond);
                long first = 0;
                long last = 0;
                long seen = 0;
                long quietSince = System.nanoTime();
                boolean senderDone = false;
                String senderOut = "";
                while (true) {
                    long stored = server.storeWriter().counters().waveforms();
                    long now = System.nanoTime();
                    if (stored != seen) {
                        if (seen == 0) {
                            first = now;
                        }
                        seen = stored;
                        last = now;
                        quietSince = now;
                    }
                    if (!senderDone && !sender.isAlive()) {
                        senderDone = true;
                        senderOut = new String(sender.getInputStream().readAllBytes()).strip();
                        if (sender.exitValue() != 0) {
                            throw new IllegalStateException("sender failed: " + senderOut
                                    + new String(sender.getErrorStream().readAllBytes()));
                        }
                    }
                    if (senderDone && now - quietSince > 1_000_000_000L) {
                        break;
                    }
                    Thread.sleep(0, 200_000);
                }
                String[] f = senderOut.split(" ");
                long sent = Long.parseLong(f[2]);
                ReadoutCounters.Snapshot c = server.readoutCounters().snapshot();
                long stored = server.storeWriter().counters().waveforms();
                long bytes = server.storeWriter().counters().bytes();
                server.runs().stop("", "bench");
                // the first waveform's arrival starts the clock: the sender's JVM start-up is not the server's time
                double seconds = Math.max(1e-3, (last - first) / 1e9);
                return new Result(kind, sent, c.waveforms(), stored, c.lostPackets(), server.storeWriter().counters().dropped(),
                        seconds, bytes);
            }
        } finally {
            delete(data);
        }
    }

    private static Process startSender(String transport, int port, int packetBytes, long waveforms, double mbPerSecond)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : System.getProperty("cevns.jvm.flags", "").split(" ")) {
            if (!flag.isBlank()) {
                cmd.add(flag);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(IngestSender.class.getName());
        cmd.addAll(List.of(transport, "127.0.0.1", Integer.toString(port), Integer.toString(packetBytes), Long.toString(waveforms),
                Double.toString(mbPerSecond)));
        return new ProcessBuilder(cmd).start();
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
