package eu.ess.cevns.daq.bench;

import eu.ess.cevns.config.ChannelMap;
import eu.ess.cevns.daq.readout.ReadoutCounters;
import eu.ess.cevns.daq.readout.ReadoutDecoder;
import eu.ess.cevns.daq.readout.ReadoutHeader;
import eu.ess.cevns.daq.readout.SequenceTracker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Decoder throughput (JMH): packets of 1024-sample waveforms, UDP-sized (8972 bytes, 4 readouts)
 * and TCP-sized (65535 bytes, 31 readouts), decoded from a direct buffer into a sink that reads
 * one sample of each waveform. Reports packets/s; {@link #main} converts to waveforms/s and MB/s.
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
        decoder = new ReadoutDecoder(new ChannelMap(BenchPackets.DETECTOR), 1_000_000_000L, counters,
                new SequenceTracker(counters), w -> hole.consume(w.sample(w.sampleCount() - 1)));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        packet.release();
    }

    @Benchmark
    public Object decode() {
        packet.setIntLE(26, (int) ++seq);
        return decoder.decode(packet, 1);
    }

    /** Runs the benchmark and prints waveforms/s and MB/s; {@code -Dbench.smoke=true} for a short run. */
    public static void main(String[] args) throws Exception {
        boolean smoke = Boolean.getBoolean("bench.smoke");
        Options opt = new OptionsBuilder()
                .include(ReadoutDecoderBenchmark.class.getSimpleName())
                .forks(smoke ? 0 : 1)
                .jvmArgsAppend(System.getProperty("cevns.jvm.flags", "").split(" "))
                .warmupIterations(smoke ? 1 : 3).warmupTime(TimeValue.seconds(smoke ? 1 : 2))
                .measurementIterations(smoke ? 1 : 5).measurementTime(TimeValue.seconds(smoke ? 1 : 2))
                .build();
        Collection<RunResult> results = new Runner(opt).run();
        for (RunResult r : results) {
            int bytes = Integer.parseInt(r.getParams().getParam("packetBytes"));
            BenchPackets p = new BenchPackets(bytes, 1);
            double pps = r.getPrimaryResult().getScore();
            System.out.printf("decoder %5d-byte packets (%2d waveforms): %,.0f packets/s = %,.0f waveforms/s = %,.0f MB/s (± %.1f %%)%n",
                    bytes, p.readouts[0], pps, pps * p.readouts[0], pps * p.packets[0].length / 1e6,
                    100 * r.getPrimaryResult().getScoreError() / pps);
        }
        if (results.isEmpty() || results.iterator().next().getPrimaryResult().getScore() <= 0) {
            throw new IllegalStateException("benchmark produced no result");
        }
        if (smoke) {
            System.out.println("(smoke run: 1 s iterations, figures indicative only)");
        }
        System.out.println("max UDP packet " + ReadoutHeader.MAX_UDP_PACKET + " bytes");
    }
}
