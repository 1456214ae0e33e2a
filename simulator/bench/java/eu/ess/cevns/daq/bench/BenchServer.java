package eu.ess.cevns.daq.bench;

import eu.ess.cevns.analysis.monitor.AnalysisExtension;
import eu.ess.cevns.analysis.monitor.LiveAnalysis;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.config.TimingConfig;
import eu.ess.cevns.daq.DaqServer;
import eu.ess.cevns.daq.ServerExtension;
import eu.ess.cevns.daq.epics.PvaEndpoints;
import eu.ess.cevns.daq.readout.ReadoutCounters;
import eu.ess.cevns.daq.store.RunInfo;
import eu.ess.cevns.daq.store.StoreCounters;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server of the ingest benchmarks as a process of its own, driven over stdin, so that its CPU
 * is its own and a sender and a bare receiver can run beside it: a {@link DaqServer} as
 * {@code serve} builds it (the live analysis attached unless {@code -Dbench.analysis=false}), a run
 * open from the start. The site is {@code -Dbench.site=FILE} if given (its data root is replaced by
 * a temporary folder), else the default site of the demo detector; ports are free ones, the ring
 * 256 MiB, the timing IOC absent (pulses are stored UNKNOWN at once).
 * <p>
 * Prints {@code ready udp=P tcp=P http=P pid=PID}; then answers {@code stats} with one line of
 * {@code key=value} ({@link #stats}), {@code threads} with each thread's CPU, {@code newrun} (stop
 * the run, delete its files, start another: long benchmarks must not fill the disk) with
 * {@code ok}, and ends at {@code quit} or the end of input.
 */
public final class BenchServer {
    /** The live analysis's backlog, where the version measured reports one (read reflectively: the harness also runs older versions). */
    private static final Method BACKLOG = backlogMethod();
    private final DaqServer server;
    private final AnalysisExtension analysis;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static Method backlogMethod() {
        try {
            return LiveAnalysis.class.getMethod("backlog");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private BenchServer(DaqServer server, AnalysisExtension analysis) {
        this.server = server;
        this.analysis = analysis;
    }

    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))),
                "bench-server");
        String siteFile = System.getProperty("bench.site");
        SiteConfig base = siteFile == null ? ConfigLoader.defaultSite(data, "csi-cryogenic")
                : ConfigLoader.loadSite(Path.of(siteFile)).withDataRoot(data);
        SiteConfig site = base.withListen("127.0.0.1", 0, 0, 0, 0).withWriteToken("bench").withStoreRingBytes(256L << 20)
                .withTiming(new TimingConfig(2000, 100, 1.0, 28, "127.0.0.1:" + PvaEndpoints.udpPort("127.0.0.1", 0)));
        boolean withAnalysis = !"false".equals(System.getProperty("bench.analysis"));
        AnalysisExtension analysis = withAnalysis ? new AnalysisExtension() : null;
        ServerExtension[] extensions = withAnalysis ? new ServerExtension[] {analysis} : new ServerExtension[0];
        try (DaqServer server = DaqServer.start(site, "bench", extensions)) {
            server.runs().start("bench", "bench");
            System.out.println("ready udp=" + server.udpPort() + " tcp=" + server.tcpPort() + " http=" + server.httpPort() + " pid="
                    + ProcessHandle.current().pid());
            System.out.flush();
            new BenchServer(server, analysis).serve();
            if (server.runs().current() != null && server.runs().current().state() == RunInfo.State.RUNNING) {
                server.runs().stop("", "bench");
            }
        } finally {
            IngestBenchmark.delete(data);
        }
    }

    private void serve() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            switch (line.strip()) {
                case "stats" -> System.out.println(stats());
                case "threads" -> System.out.println(threadCpu());
                case "newrun" -> {
                    RunInfo run = server.runs().stop("", "bench");
                    IngestBenchmark.delete(server.site().dataRoot().resolve("runs").resolve(String.format("%06d", run.number())));
                    server.runs().start("bench", "bench");
                    System.out.println("ok");
                }
                case "quit" -> {
                    return;
                }
                default -> System.out.println("error unknown command " + line);
            }
            System.out.flush();
        }
    }

    /**
     * One line: the clock (ns), readout counters (packets accepted, rejected, waveforms, lost by
     * sequence numbers), the store's (waveforms and bytes of the run, dropped since start), the
     * process's CPU and its threads' by role (ns: readout event loops, store writer, the pretoucher
     * working ahead of it, live analysis, other Java threads; the rest of {@code cpu} is the JVM's own: GC, compilers), and the live
     * analysis's lag.
     */
    private String stats() {
        ReadoutCounters.Snapshot r = server.readoutCounters().snapshot();
        StoreCounters s = server.storeWriter().counters();
        Map<String, Long> cpu = roleCpu();
        StringBuilder b = new StringBuilder();
        b.append("t=").append(System.nanoTime());
        b.append(" packets=").append(r.packets()).append(" rejected=").append(r.rejectedTotal());
        b.append(" waveforms=").append(r.waveforms()).append(" lost=").append(r.lostPackets());
        b.append(" stored=").append(s.waveforms()).append(" storedBytes=").append(s.bytes()).append(" dropped=").append(s.dropped());
        b.append(" cpu=").append(os.getProcessCpuTime());
        cpu.forEach((role, ns) -> b.append(" cpu.").append(role).append('=').append(ns));
        b.append(" lagMs=").append(analysis == null ? Double.NaN : analysis.live().lagMs());
        b.append(" analysed=").append(analysis == null || analysis.live().summary() == null ? -1
                : analysis.live().summary().quality().waveforms());
        if (analysis != null && BACKLOG != null) {
            try {
                b.append(" backlog=").append(BACKLOG.invoke(analysis.live()));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return b.toString();
    }

    /** Thread CPU by role; threads of a role are summed. */
    private Map<String, Long> roleCpu() {
        Map<String, Long> sums = new TreeMap<>(Map.of("readout", 0L, "writer", 0L, "pretouch", 0L, "analysis", 0L, "other", 0L));
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long ns = threads.getThreadCpuTime(t.getThreadId());
            if (ns > 0) {
                sums.merge(role(t.getThreadName()), ns, Long::sum);
            }
        }
        return sums;
    }

    /** The role of a thread by its name: readout event loops, the store writer and its pretoucher, the live analysis, the rest. */
    static String role(String name) {
        if (name.startsWith("run-store-writer")) {
            return "writer";
        }
        if (name.startsWith("run-store-pretouch")) {
            return "pretouch";
        }
        if (name.startsWith("live-analysis")) {
            return "analysis";
        }
        // before the readout's event loops had names of their own, Netty's default names (the idle HTTP loops among them)
        if (name.startsWith("readout-") || name.startsWith("multiThreadIoEventLoopGroup")) {
            return "readout";
        }
        return "other";
    }

    private String threadCpu() {
        StringBuilder b = new StringBuilder();
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null) {
                b.append(t.getThreadName().replace(' ', '_')).append('=').append(threads.getThreadCpuTime(t.getThreadId())).append(' ');
            }
        }
        return b.toString().strip();
    }
}
