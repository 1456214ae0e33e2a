package eu.ess.cevns.daq.bench;

import eu.ess.cevns.analysis.monitor.AnalysisExtension;
import eu.ess.cevns.analysis.physics.Exposure;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.DaqServer;
import eu.ess.cevns.daq.epics.PvaEndpoints;
import eu.ess.cevns.daq.readout.RejectReason;
import eu.ess.cevns.daq.status.StatusSnapshot;
import eu.ess.cevns.daq.store.DropReason;
import eu.ess.cevns.daq.store.RunInfo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The soak: the server as {@code serve} assembles it (with the live analysis) under steady TCP and
 * UDP ingest from simulated digitizers in real time, a run stopped and a new one started every
 * minute, the timing IOC (a process of its own) restarted twice, and a burst of malformed packets
 * every minute. Every 30 s it prints the server process's heap after a full GC, RSS, open file
 * descriptors and threads with the store's counts; at the end whether every packet and every
 * waveform sent is accounted for (stored, or counted as rejected, lost, dropped or arriving
 * between runs) and whether heap (last within 10 % of the first after warm-up), descriptors and
 * threads stayed flat. {@code simulator/bench/run.sh soak [MINUTES]}; {@code -Dbench.smoke=true}
 * runs it for seconds (the test suite does).
 */
public final class SoakBenchmark {
    private static final double MIB = 1 << 20;

    private SoakBenchmark() {
    }

    /**
     * What the soak does, in seconds: how long, how often it reports, stops and starts a run and
     * sends a malformed burst, how long it warms up, when it restarts the IOC; the rate of each
     * channel of each transport (Hz) and the malformed packets of each kind per burst.
     */
    public record Plan(int durationS, int reportEveryS, int runEveryS, int warmupS, int[] iocRestartsAtS, int iocDownS,
                       int burstEveryS, double rateHz, int malformedPerKind) {
        /** 10 minutes (or {@code minutes}) at 50 Hz a channel: 1 600 waveforms/s in all, about 3.4 MB/s. */
        public static Plan full(int minutes) {
            int s = minutes * 60;
            return new Plan(s, 30, 60, 60, new int[] {s / 3, 2 * s / 3}, 5, 60, 50, 100);
        }

        /** Seconds, for the test suite. */
        public static Plan smoke() {
            return new Plan(12, 3, 5, 3, new int[] {4, 8}, 1, 4, 10, 10);
        }
    }

    /** One report: the process's gauges and the store's counts. */
    public record Sample(int atS, double heapAfterGcMiB, double rssMiB, long fds, int threads, StatusSnapshot status) {
        String line() {
            StatusSnapshot.Store st = status.store();
            return String.format("soak %4d s: heap after GC %6.1f MiB, RSS %6.1f MiB, fds %4d, threads %3d | run %s %s | readout %,d "
                            + "packets, %,d waveforms, rejected %,d, lost %,d | store: run %,d waveforms, between runs %,d, dropped %,d",
                    atS, heapAfterGcMiB, rssMiB, fds, threads, status.run().number().isPresent() ? status.run().number().getAsInt() : "-",
                    status.run().state(), status.readout().packets(), status.readout().waveforms(), status.readout().rejectedTotal(),
                    status.readout().lostPackets(), st.waveforms(), st.noRunWaveforms(), st.dropped());
        }
    }

    /** The soak's outcome: the samples, the accounting, and the verdicts on heap, descriptors and threads. */
    public record Result(List<Sample> samples, Sample firstAfterWarmup, Sample last, long sentPackets, long acceptedPackets,
                         long rejectedPackets, long lostPackets, long malformedSent, Map<RejectReason, Long> malformedByReason,
                         long sentWaveforms, long acceptedWaveforms, long storedWaveforms, int runs, long betweenRuns, long dropped,
                         List<String> lines) {
        /** Every packet sent was accepted, rejected or counted lost. */
        public boolean packetsAccounted() {
            return sentPackets + malformedSent == acceptedPackets + rejectedPackets + lostPackets;
        }

        /** Every waveform the server accepted was stored in a run, arrived between runs, or was dropped and counted. */
        public boolean waveformsAccounted() {
            return acceptedWaveforms == storedWaveforms + betweenRuns + dropped;
        }

        public boolean heapFlat() {
            return last.heapAfterGcMiB() <= 1.10 * firstAfterWarmup.heapAfterGcMiB();
        }

        /**
         * Descriptors and threads move with the phase of a run (its queue files, a connection
         * being closed): no growth means the second half after warm-up never went above the first.
         */
        public boolean fdsFlat() {
            return max(laterHalf(), Sample::fds) <= max(earlierHalf(), Sample::fds);
        }

        public boolean threadsFlat() {
            return max(laterHalf(), Sample::threads) <= max(earlierHalf(), Sample::threads);
        }

        List<Sample> earlierHalf() {
            List<Sample> s = afterWarmup();
            return s.subList(0, (s.size() + 1) / 2);
        }

        List<Sample> laterHalf() {
            List<Sample> s = afterWarmup();
            return s.subList((s.size() + 1) / 2, s.size());
        }

        private List<Sample> afterWarmup() {
            return samples.subList(samples.indexOf(firstAfterWarmup), samples.size());
        }

        static long max(List<Sample> s, java.util.function.ToLongFunction<Sample> f) {
            return s.stream().mapToLong(f).max().orElse(0);
        }

        static long min(List<Sample> s, java.util.function.ToLongFunction<Sample> f) {
            return s.stream().mapToLong(f).min().orElse(0);
        }
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = Boolean.getBoolean("bench.smoke");
        Plan plan = smoke ? Plan.smoke() : Plan.full(Integer.getInteger("bench.soak.minutes", 10));
        run(plan, System.out::println);
    }

    /** Runs {@code plan}, printing each line to {@code out} as it comes. */
    public static Result run(Plan plan, Consumer<String> out) throws Exception {
        Path data = Files.createTempDirectory("soak");
        List<String> lines = new ArrayList<>();
        Consumer<String> say = l -> {
            lines.add(l);
            out.accept(l);
        };
        int iocTcp = PvaEndpoints.tcpPort("127.0.0.1", 0);
        int iocUdp = PvaEndpoints.udpPort("127.0.0.1", 0);
        SiteConfig site = ConfigLoader.defaultSite(data, "csi-cryogenic").withListen("127.0.0.1", 0, 0, 0, 0).withWriteToken("soak")
                .withStoreRingBytes(64L << 20);
        site = site.withTiming(site.timing().withIocAddress("127.0.0.1:" + iocUdp));
        Child ioc = Child.start("ioc", SoakTimingIoc.class, Integer.toString(iocTcp), Integer.toString(iocUdp));
        ioc.await("ioc up");
        List<Sample> samples = new ArrayList<>();
        try (DaqServer server = DaqServer.start(site, "soak", new AnalysisExtension(Exposure.ESS_R))) {
            say.accept(String.format("soak: %d s, TCP and UDP digitizers (csi-cryogenic, 16 channels each) at %.0f Hz a channel in real "
                            + "time, a new run every %d s, %d malformed packets every %d s, timing IOC restarted at %s s, a report every %d s",
                    plan.durationS(), plan.rateHz(), plan.runEveryS(), 3 * plan.malformedPerKind(), plan.burstEveryS(),
                    java.util.Arrays.toString(plan.iocRestartsAtS()), plan.reportEveryS()));
            MalformedBurst burst = new MalformedBurst("127.0.0.1", server.udpPort(), server.tcpPort(), "127.0.0.3");
            server.runs().start("soak", "soak");
            Child digitizers = Child.start("digitizers", SoakDigitizers.class, "127.0.0.1", Integer.toString(server.tcpPort()),
                    Integer.toString(server.udpPort()), Double.toString(plan.rateHz()), "127.0.0.2");
            digitizers.await("sending");
            long startNs = System.nanoTime();
            int restarts = 0;
            for (int s = 1; s <= plan.durationS(); s++) {
                long due = startNs + TimeUnit.SECONDS.toNanos(s);
                long waitNs = due - System.nanoTime();
                if (waitNs > 0) {
                    TimeUnit.NANOSECONDS.sleep(waitNs);
                }
                if (restarts < plan.iocRestartsAtS().length && s == plan.iocRestartsAtS()[restarts]) {
                    restarts++;
                    ioc.stop();
                    say.accept(String.format("soak %4d s: timing IOC stopped; restarting it in %d s", s, plan.iocDownS()));
                    TimeUnit.SECONDS.sleep(plan.iocDownS());
                    ioc = Child.start("ioc", SoakTimingIoc.class, Integer.toString(iocTcp), Integer.toString(iocUdp));
                    ioc.await("ioc up");
                }
                if (s % plan.burstEveryS() == 0) {
                    burst.send(plan.malformedPerKind());
                }
                if (s % plan.runEveryS() == 0) {
                    RunInfo stopped = server.runs().stop("soak: a new run every " + plan.runEveryS() + " s", "soak");
                    TimeUnit.MILLISECONDS.sleep(500);
                    server.runs().start("soak", "soak");
                    say.accept(String.format("soak %4d s: run %d stopped with %,d waveforms; run %d started", s, stopped.number(),
                            stopped.waveforms(), server.runs().current().number()));
                }
                if (s % plan.reportEveryS() == 0) {
                    Sample sample = sample(s, server);
                    samples.add(sample);
                    say.accept(sample.line());
                }
            }
            server.runs().stop("soak over", "soak");
            Map<String, long[]> tallies = digitizers.finish();
            ioc.stop();
            long sentPackets = tallies.values().stream().mapToLong(t -> t[0]).sum();
            long sentWaveforms = tallies.values().stream().mapToLong(t -> t[1]).sum();
            long malformed = burst.total();
            StatusSnapshot end = awaitQuiet(server, sentPackets + malformed);
            long stored = 0;
            int runs = 0;
            for (RunInfo r : server.runs().store().runs()) {
                stored += r.waveforms();
                runs++;
            }
            Sample first = samples.stream().filter(x -> x.atS() >= plan.warmupS()).findFirst().orElse(samples.get(0));
            Sample last = samples.get(samples.size() - 1);
            Result r = new Result(samples, first, last, sentPackets, end.readout().packets(), end.readout().rejectedTotal(),
                    end.readout().lostPackets(), malformed, Map.copyOf(burst.sent()), sentWaveforms, end.readout().waveforms(), stored,
                    runs, end.store().noRunWaveforms(), end.store().dropped(), lines);
            report(r, end, say);
            return r;
        } finally {
            ioc.stop();
            IngestBenchmark.delete(data);
        }
    }

    private static void report(Result r, StatusSnapshot end, Consumer<String> say) {
        StatusSnapshot.Store st = end.store();
        boolean rejectsByReason = r.malformedByReason().entrySet().stream()
                .allMatch(e -> end.readout().rejected(e.getKey()) == e.getValue());
        say.accept(String.format("packets: sent %,d by the digitizers + %,d malformed = accepted %,d + rejected %,d (by reason as sent: %s) "
                        + "+ lost %,d: %s", r.sentPackets(), r.malformedSent(), r.acceptedPackets(), r.rejectedPackets(),
                rejectsByReason ? "yes" : "NO", r.lostPackets(), r.packetsAccounted() && rejectsByReason ? "accounted" : "NOT ACCOUNTED"));
        say.accept(String.format("waveforms: sent %,d, accepted %,d (%,d in packets lost on the way) = stored %,d in %d runs + between runs "
                        + "%,d + dropped %,d (ringFull %,d, diskFull %,d, writeError %,d): %s", r.sentWaveforms(), r.acceptedWaveforms(),
                r.sentWaveforms() - r.acceptedWaveforms(), r.storedWaveforms(), r.runs(), r.betweenRuns(), r.dropped(),
                st.dropped(DropReason.RING_FULL), st.dropped(DropReason.DISK_FULL), st.dropped(DropReason.WRITE_ERROR),
                r.waveformsAccounted() && (r.lostPackets() > 0 || r.sentWaveforms() == r.acceptedWaveforms()) ? "accounted"
                        : "NOT ACCOUNTED"));
        Sample a = r.firstAfterWarmup();
        Sample b = r.last();
        say.accept(String.format("heap after GC: %.1f MiB at %d s (first after warm-up), %.1f MiB at %d s (%+.1f %%): %s",
                a.heapAfterGcMiB(), a.atS(), b.heapAfterGcMiB(), b.atS(), 100 * (b.heapAfterGcMiB() / a.heapAfterGcMiB() - 1),
                r.heapFlat() ? "within 10 %" : "GREW MORE THAN 10 %"));
        List<Sample> early = r.earlierHalf();
        List<Sample> late = r.laterHalf();
        say.accept(String.format("after warm-up, first half → second half: RSS %d–%d → %d–%d MiB (it follows the run's mapped queue);"
                        + " open file descriptors %d–%d → %d–%d: %s; threads %d–%d → %d–%d: %s",
                Result.min(early, x -> (long) x.rssMiB()), Result.max(early, x -> (long) x.rssMiB()), Result.min(late, x -> (long) x.rssMiB()),
                Result.max(late, x -> (long) x.rssMiB()), Result.min(early, Sample::fds), Result.max(early, Sample::fds),
                Result.min(late, Sample::fds), Result.max(late, Sample::fds), r.fdsFlat() ? "no growth" : "GREW",
                Result.min(early, Sample::threads), Result.max(early, Sample::threads), Result.min(late, Sample::threads),
                Result.max(late, Sample::threads), r.threadsFlat() ? "no growth" : "GREW"));
    }

    /** Waits until every packet sent is accepted, rejected or counted lost, or nothing has moved for 5 s. */
    private static StatusSnapshot awaitQuiet(DaqServer server, long packetsSent) throws InterruptedException {
        long seen = -1;
        long quietSince = System.nanoTime();
        while (true) {
            StatusSnapshot s = server.status();
            long n = s.readout().packets() + s.readout().rejectedTotal() + s.readout().lostPackets();
            if (n >= packetsSent || System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(5)) {
                return s;
            }
            if (n != seen) {
                seen = n;
                quietSince = System.nanoTime();
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static Sample sample(int atS, DaqServer server) throws IOException {
        System.gc();
        System.gc();
        double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MIB;
        double rss = -1;
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                rss = Long.parseLong(l.replaceAll("\\D", "")) / 1024.0;
            }
        }
        long fds;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            fds = s.count() - 1; // the listing's own
        }
        return new Sample(atS, heap, rss, fds, ManagementFactory.getThreadMXBean().getThreadCount(), server.status());
    }

    /** A helper process of the soak (digitizers, timing IOC), its output lines collected. */
    private static final class Child {
        final String name;
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private Child(String name, Process process) {
            this.name = name;
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        lines.add(l);
                    }
                } catch (IOException e) {
                    lines.add("(output ended: " + e + ")");
                }
            }, "soak-" + name + "-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(String name, Class<?> main, String... args) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String flag : System.getProperty("cevns.jvm.flags", "").split(" ")) {
                if (!flag.isBlank()) {
                    cmd.add(flag);
                }
            }
            cmd.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"), main.getName()));
            cmd.addAll(List.of(args));
            return new Child(name, new ProcessBuilder(cmd).redirectErrorStream(true).start());
        }

        void await(String line) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String l = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line.equals(l)) {
                    return;
                }
                if (l == null && !process.isAlive()) {
                    break;
                }
            }
            throw new IllegalStateException("soak " + name + " did not say '" + line + "': " + lines);
        }

        /** Closes stdin (the digitizers stop and print their tallies); returns {@code transport → [packets, waveforms]}. */
        Map<String, long[]> finish() throws IOException, InterruptedException {
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("soak " + name + " did not end");
            }
            Map<String, long[]> tallies = new java.util.TreeMap<>();
            for (String l; (l = lines.poll()) != null; ) {
                String[] f = l.split(" ");
                if (f.length == 4 && f[0].equals("tally")) {
                    tallies.put(f[1], new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
                }
            }
            if (tallies.size() != 2) {
                throw new IllegalStateException("soak " + name + " gave no tallies");
            }
            return tallies;
        }

        void stop() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        }
    }
}
