package eu.ess.cevns.daq.bench;

import eu.ess.cevns.config.ChannelMap;
import eu.ess.cevns.daq.readout.ReadoutCounters;
import eu.ess.cevns.daq.readout.ReadoutDecoder;
import eu.ess.cevns.daq.readout.ReadoutHeader;
import eu.ess.cevns.daq.readout.SequenceTracker;
import eu.ess.cevns.daq.readout.TimeLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decoder throughput (JMH): packets of 1024-sample waveforms, UDP-sized (8972 bytes, 4 readouts)
 * and TCP-sized (65535 bytes, 31 readouts), decoded from a direct buffer into a sink that reads
 * one sample of each waveform. Reports packets/s, and counts the packets the decoder accepted and
 * rejected (every one must be accepted: a benchmark of rejections would measure the wrong path);
 * {@link #run} turns that into {@link Figures} per packet size, which {@link #main} prints.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReadoutDecoderBenchmark {
    @Param({"8972", "65535"})
    public int packetBytes;

    private ByteBuf packet;
    private ReadoutDecoder decoder;
    private long seq;
    private Blackhole hole;

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) {
        BenchPackets p = new BenchPackets(packetBytes, 1);
        packet = Unpooled.directBuffer(p.packets[0].length).writeBytes(p.packets[0]);
        hole = bh;
        ReadoutCounters counters = new ReadoutCounters();
        // the site defaults, against the system clock: the packets are stamped when they are built
        decoder = new ReadoutDecoder(new ChannelMap(BenchPackets.DETECTOR), TimeLimits.of(BenchPackets.SITE.readout()), counters,
                new SequenceTracker(counters, BenchPackets.SITE.readout().resyncWindow()), w -> hole.consume(w.sample(w.sampleCount() - 1)));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        packet.release();
    }

    /**
     * What the decoder made of the packets of each measured iteration (JMH sums them over the
     * iterations): events, not rates, and reset as each iteration starts so that warm-up is left out.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Outcome {
        public long accepted;
        public long rejected;

        @Setup(Level.Iteration)
        public void reset() {
            accepted = 0;
            rejected = 0;
        }
    }

    @Benchmark
    public void decode(Outcome outcome) {
        packet.setIntLE(26, (int) ++seq);
        if (decoder.decode(packet, 1) == null) {
            outcome.accepted++;
        } else {
            outcome.rejected++;
        }
    }

    /**
     * One packet size's figures.
     *
     * @param packetBytes        the configured maximum packet size
     * @param packetLengthBytes  the packets' actual length (whole 1024-sample waveforms up to the maximum)
     * @param waveformsPerPacket readouts in each packet
     * @param packetsPerS        decode rate (JMH's score)
     * @param errorPercent       JMH's score error, % of the score (NaN with a single iteration)
     * @param decodedPackets     packets decoded in the measured iterations
     * @param acceptedPackets    of those, accepted by the decoder
     * @param rejectedPackets    of those, rejected (must be none)
     */
    public record Figures(int packetBytes, int packetLengthBytes, int waveformsPerPacket, double packetsPerS, double errorPercent,
                          long decodedPackets, long acceptedPackets, long rejectedPackets) {
        public double waveformsPerS() {
            return packetsPerS * waveformsPerPacket;
        }

        public double mbPerS() {
            return packetsPerS * packetLengthBytes / 1e6;
        }

        public String line() {
            return String.format("decoder %5d-byte packets (%2d waveforms): %,.0f packets/s = %,.0f waveforms/s = %,.0f MB/s (± %.1f %%);"
                            + " %,d packets decoded, %,d accepted, %,d rejected",
                    packetBytes, waveformsPerPacket, packetsPerS, waveformsPerS(), mbPerS(), errorPercent, decodedPackets,
                    acceptedPackets, rejectedPackets);
        }
    }

    /**
     * Runs the benchmark for every configured packet size, in a forked JVM; {@code smoke} runs it
     * in this JVM with one 1 s warm-up and one 1 s measurement (figures indicative only).
     */
    public static List<Figures> run(boolean smoke) throws Exception {
        Options opt = new OptionsBuilder()
                .include(ReadoutDecoderBenchmark.class.getSimpleName())
                .forks(smoke ? 0 : 1)
                .jvmArgsAppend(System.getProperty("cevns.jvm.flags", "").split(" "))
                .warmupIterations(smoke ? 1 : 3).warmupTime(TimeValue.seconds(smoke ? 1 : 2))
                .measurementIterations(smoke ? 1 : 5).measurementTime(TimeValue.seconds(smoke ? 1 : 2))
                .build();
        List<Figures> out = new ArrayList<>();
        for (RunResult r : new Runner(opt).run()) {
            int bytes = Integer.parseInt(r.getParams().getParam("packetBytes"));
            BenchPackets p = new BenchPackets(bytes, 1);
            double pps = r.getPrimaryResult().getScore();
            long decoded = r.getBenchmarkResults().stream().mapToLong(b -> b.getMetadata().getMeasurementOps()).sum();
            out.add(new Figures(bytes, p.packets[0].length, p.readouts[0], pps, 100 * r.getPrimaryResult().getScoreError() / pps,
                    decoded, count(r, "accepted"), count(r, "rejected")));
        }
        return out;
    }

    private static long count(RunResult r, String counter) {
        Result<?> result = r.getSecondaryResults().get(counter);
        if (result == null) {
            throw new IllegalStateException("JMH reported no " + counter + " count: " + r.getSecondaryResults().keySet());
        }
        return Math.round(result.getScore());
    }

    /** Runs the benchmark and prints its figures; {@code -Dbench.smoke=true} for a short run. */
    public static void main(String[] args) throws Exception {
        boolean smoke = Boolean.getBoolean("bench.smoke");
        List<Figures> figures = run(smoke);
        figures.forEach(f -> System.out.println(f.line()));
        if (figures.isEmpty() || figures.get(0).packetsPerS() <= 0) {
            throw new IllegalStateException("benchmark produced no result");
        }
        if (smoke) {
            System.out.println("(smoke run: 1 s iterations, figures indicative only)");
        }
        System.out.println("max UDP packet " + ReadoutHeader.MAX_UDP_PACKET + " bytes");
    }
}
