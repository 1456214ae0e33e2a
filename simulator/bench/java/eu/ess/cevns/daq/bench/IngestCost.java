package eu.ess.cevns.daq.bench;

import eu.ess.cevns.daq.readout.ReadoutHeader;
import eu.ess.cevns.daq.store.WaveformRecord;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a waveform costs the server, per thread and in all, at a fixed rate: the server
 * ({@link BenchServer}, live analysis attached), after 3 s of warm-up at the rate, first idles {@code bench.idleSeconds} (default 20)
 * with a run open and no data (its idle CPU, per thread role), then takes {@code bench.costRate}
 * waveforms/s (default 20 000) over UDP, 4 flows, for {@code bench.seconds} (default 10), once for
 * each waveform length of {@code bench.sizes} (default 256, 1024, 4096 samples). The CPU each role
 * spent from before the first datagram until every waveform was stored and analysed, less its idle
 * CPU over the same time, per million waveforms; beside it a raw append of as many records of the
 * same size by one thread (a process of its own, {@link RawAppend}).
 */
public final class IngestCost {
    private static final String[] ROLES = {"readout", "writer", "pretouch", "analysis", "other"};

    private IngestCost() {
    }

    public static void main(String[] args) throws Exception {
        double rate = Double.parseDouble(System.getProperty("bench.costRate", "20000"));
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "10"));
        double idleSeconds = Double.parseDouble(System.getProperty("bench.idleSeconds", "20"));
        int[] sizes = Arrays.stream(System.getProperty("bench.sizes", "256,1024,4096").split(",")).mapToInt(Integer::parseInt).toArray();
        run(rate, seconds, idleSeconds, sizes, System.out::println).forEach(System.out::println);
    }

    static List<String> run(double rate, double seconds, double idleSeconds, int[] sizes, java.util.function.Consumer<String> log)
            throws Exception {
        List<String> table = new ArrayList<>();
        try (BenchProcess server = BenchProcess.java(BenchServer.class, Map.of(), List.of(), true)) {
            int port = (int) (double) BenchProcess.values(server.greeting()).get("udp");
            // warm-up, not counted: a JVM's first seconds of work are class loading and compiling
            try (BenchProcess warmUp = BenchProcess.java(IngestSender.class, Map.of(), List.of("udp", "127.0.0.1", Integer.toString(port),
                    Integer.toString(ReadoutHeader.MAX_UDP_PACKET), Long.toString((long) (3 * rate)), "0", "4", "1024",
                    Double.toString(rate)), false)) {
                warmUp.awaitLastLine(600);
            }
            server.ask("newrun");
            Thread.sleep(3000);
            double load = ProcNetUdp.load();
            Map<String, Double> a = BenchProcess.values(server.ask("stats"));
            Thread.sleep((long) (idleSeconds * 1000));
            Map<String, Double> b = BenchProcess.values(server.ask("stats"));
            double idleS = (b.get("t") - a.get("t")) / 1e9;
            StringBuilder idle = new StringBuilder(String.format(Locale.ROOT, "idle, a run open, no data, %.0f s (load %.1f): whole process %.4f core",
                    idleS, load, (b.get("cpu") - a.get("cpu")) / 1e9 / idleS));
            for (String role : ROLES) {
                idle.append(String.format(Locale.ROOT, "; %s %.4f", role, (b.get("cpu." + role) - a.get("cpu." + role)) / 1e9 / idleS));
            }
            log.accept(idle.toString());
            table.add(idle.toString());
            table.add("| samples | rate | readout | writer | pretouch | analysis | other Java threads | JVM (GC, compiler) | whole server | raw append | load |");
            table.add("|---|---|---|---|---|---|---|---|---|---|---|");
            for (int samples : sizes) {
                server.ask("newrun");
                long waveforms = (long) (rate * seconds);
                load = ProcNetUdp.load();
                Map<String, Double> before = BenchProcess.values(server.ask("stats"));
                BenchProcess sender = BenchProcess.java(IngestSender.class, Map.of(), List.of("udp", "127.0.0.1", Integer.toString(port),
                        Integer.toString(ReadoutHeader.MAX_UDP_PACKET), Long.toString(waveforms), "0", "4", Integer.toString(samples),
                        Double.toString(rate)), false);
                String[] f = sender.awaitLastLine(600).split(" ");
                sender.close();
                long sent = Long.parseLong(f[2]);
                Map<String, Double> after = BenchProcess.values(server.ask("stats"));
                // all stored and all analysed (or nothing more moving for 5 s)
                for (int quiet = 0; quiet < 25; ) {
                    Thread.sleep(200);
                    Map<String, Double> now = BenchProcess.values(server.ask("stats"));
                    boolean moved = !now.get("stored").equals(after.get("stored")) || !now.get("analysed").equals(after.get("analysed"));
                    after = now;
                    if (after.get("analysed") >= after.get("stored") && after.get("stored") > 0 && !moved) {
                        break;
                    }
                    quiet = moved ? 0 : quiet + 1;
                }
                double dt = (after.get("t") - before.get("t")) / 1e9;
                long stored = (long) (double) after.get("stored");
                double perMillion = 1e6 / stored;
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %d | %,.0f /s |", samples, rate));
                double java = 0;
                for (String role : ROLES) {
                    double used = (after.get("cpu." + role) - before.get("cpu." + role)) / 1e9
                            - dt * (b.get("cpu." + role) - a.get("cpu." + role)) / 1e9 / idleS;
                    java += used;
                    row.append(String.format(Locale.ROOT, " %.2f |", used * perMillion));
                }
                double whole = (after.get("cpu") - before.get("cpu")) / 1e9 - dt * (b.get("cpu") - a.get("cpu")) / 1e9 / idleS;
                row.append(String.format(Locale.ROOT, " %.2f | %.2f |", (whole - java) * perMillion, whole * perMillion));
                BenchProcess raw = BenchProcess.java(RawAppend.class, Map.of(), List.of(Files.createTempDirectory("raw-append").toString(),
                        Long.toString(stored), Integer.toString(WaveformRecord.length(samples))), false);
                Map<String, Double> r = BenchProcess.values(raw.awaitLastLine(600));
                raw.close();
                row.append(String.format(Locale.ROOT, " %.2f | %.1f |", r.get("cpuNs") / 1e9 * 1e6 / r.get("records"), load));
                log.accept(String.format(Locale.ROOT, "%d samples: sent %,d, stored %,d, analysed %,.0f in %.1f s; CPU-s per million waveforms above idle:",
                        samples, sent, stored, after.get("analysed"), dt));
                log.accept(row.toString());
                table.add(row.toString());
            }
        }
        return table;
    }
}
