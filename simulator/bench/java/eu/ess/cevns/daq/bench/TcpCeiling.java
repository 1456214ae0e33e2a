package eu.ess.cevns.daq.bench;

import eu.ess.cevns.daq.readout.ReadoutHeader;
import eu.ess.cevns.daq.store.WaveformRecord;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * TCP ingest against the raw append ceiling, alternating, {@code bench.pairs} times (default 3):
 * a raw append of {@code bench.waveforms} records of the stored waveform size (default 2 000 000, a
 * process of its own, {@link RawAppend}) then the same number of waveforms sent over TCP by a
 * sender process to the server ({@link BenchServer}; the live analysis attached only with
 * {@code -Dbench.analysis=true}: its tailing rate is measured apart). Two ratios per pair: wall
 * (stored MB/s ÷ appended MB/s) and CPU-normalised (MB per server CPU-second ÷ MB per append-thread
 * CPU-second; the server's CPU is its whole process between its first and last stored waveform,
 * polled every 50 ms), after a warm-up ingest that is not counted. Printed per pair, then min / median / max.
 * {@code -Dbench.site=FILE} gives the server a site file (e.g. with {@code store.sync}).
 */
public final class TcpCeiling {
    private TcpCeiling() {
    }

    /** One pair's figures. */
    record Pair(double rawMbps, double rawMbPerCpuS, double tcpMbps, double tcpMbPerCpuS, long sent, long stored, double load) {
        double wallRatio() {
            return tcpMbps / rawMbps;
        }

        double cpuRatio() {
            return tcpMbPerCpuS / rawMbPerCpuS;
        }
    }

    public static void main(String[] args) throws Exception {
        long waveforms = Long.getLong("bench.waveforms", 2_000_000);
        int pairs = Integer.getInteger("bench.pairs", 3);
        boolean analysis = Boolean.getBoolean("bench.analysis");
        run(waveforms, pairs, analysis, System.out::println).forEach(System.out::println);
    }

    static List<String> run(long waveforms, int pairs, boolean analysis, java.util.function.Consumer<String> log) throws Exception {
        int recordBytes = WaveformRecord.length(BenchPackets.SAMPLES);
        List<Pair> results = new ArrayList<>();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("bench.analysis", Boolean.toString(analysis));
        // a site file of the server's (e.g. one with store.sync, to measure ingest under each policy)
        if (System.getProperty("bench.site") != null) {
            props.put("bench.site", System.getProperty("bench.site"));
        }
        try (BenchProcess server = BenchProcess.java(BenchServer.class, props, List.of(), true)) {
            int port = (int) (double) BenchProcess.values(server.greeting()).get("tcp");
            // warm-up, not counted: the server's code compiled before the first pair
            try (BenchProcess warmUp = BenchProcess.java(IngestSender.class, Map.of(), List.of("tcp", "127.0.0.1", Integer.toString(port),
                    Integer.toString(ReadoutHeader.MAX_PACKET), Long.toString(Math.min(waveforms, 300_000))), false)) {
                warmUp.awaitLastLine(600);
            }
            for (int i = 0; i < pairs; i++) {
                double load = ProcNetUdp.load();
                BenchProcess raw = BenchProcess.java(RawAppend.class, Map.of(), List.of(Files.createTempDirectory("raw-append").toString(),
                        Long.toString(waveforms), Integer.toString(recordBytes)), false);
                Map<String, Double> r = BenchProcess.values(raw.awaitLastLine(600));
                raw.close();
                double rawMb = r.get("bytes") / 1e6;
                double rawMbps = rawMb / r.get("seconds");
                double rawPerCpu = rawMb / (r.get("cpuNs") / 1e9);
                server.ask("newrun");
                BenchProcess sender = BenchProcess.java(IngestSender.class, Map.of(), List.of("tcp", "127.0.0.1", Integer.toString(port),
                        Integer.toString(ReadoutHeader.MAX_PACKET), Long.toString(waveforms)), false);
                Map<String, Double> first = null;
                Map<String, Double> last = null;
                long quietSince = System.nanoTime();
                while (true) {
                    Map<String, Double> s = BenchProcess.values(server.ask("stats"));
                    double stored = s.get("stored");
                    if (first == null && stored > 0) {
                        first = s;
                    }
                    if (first != null && (last == null || stored > last.get("stored"))) {
                        last = s;
                        quietSince = System.nanoTime();
                    }
                    // done at the last waveform, or when nothing more came for 15 s (a sender JVM starting on a loaded machine)
                    if ((first != null && stored >= waveforms) || System.nanoTime() - quietSince > 15_000_000_000L) {
                        break;
                    }
                    Thread.sleep(50);
                }
                String[] f = sender.awaitLastLine(600).split(" ");
                sender.close();
                if (first == null || last == first) {
                    throw new IllegalStateException("the server stored nothing over TCP");
                }
                double mb = (last.get("storedBytes") - first.get("storedBytes")) / 1e6;
                double seconds = (last.get("t") - first.get("t")) / 1e9;
                double cpuS = (last.get("cpu") - first.get("cpu")) / 1e9;
                Pair p = new Pair(rawMbps, rawPerCpu, mb / seconds, mb / cpuS, Long.parseLong(f[2]), (long) (double) last.get("stored"), load);
                results.add(p);
                log.accept(String.format(Locale.ROOT, "pair %d: raw append %,.0f MB/s, %,.0f MB per CPU-s; TCP ingest %,.0f MB/s, "
                                + "%,.0f MB per server CPU-s (sent %,d, stored %,d); wall ratio %.0f %%, CPU-normalised %.0f %%; load %.1f",
                        i + 1, rawMbps, rawPerCpu, p.tcpMbps(), p.tcpMbPerCpuS(), p.sent(), p.stored(), 100 * p.wallRatio(),
                        100 * p.cpuRatio(), load));
            }
        }
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "TCP / raw append over %d pairs (min / median / max): wall %s; CPU-normalised %s", results.size(),
                spread(results.stream().mapToDouble(Pair::wallRatio).toArray()),
                spread(results.stream().mapToDouble(Pair::cpuRatio).toArray())));
        return out;
    }

    static String spread(double[] ratios) {
        double[] v = ratios.clone();
        java.util.Arrays.sort(v);
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f %%", 100 * v[0], 100 * LossVsRate.median(v), 100 * v[v.length - 1]);
    }
}
