package eu.ess.cevns.daq.readout;

import org.junit.jupiter.params.provider.Arguments;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Writes the seed inputs of the readout fuzz targets into their inputs directories under
 * {@code src/test/resources}: valid packets of each kind and one packet per way a field can be
 * wrong (the decoder test's list), edge sizes and the values issue 11 names (a length of 65 535,
 * a sequence jump of 2^30, a readout stamped 2106), and TCP streams with each kind of damage. Run from the module
 * folder when the format or the targets' input layout changes; the fuzzer's findings sit beside
 * these (named {@code crash-…} by Jazzer) and are kept.
 */
final class FuzzSeeds {
    private FuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path base = Path.of(args.length > 0 ? args[0] : "src/test/resources/eu/ess/cevns/daq/readout");
        Path datagrams = base.resolve("ReadoutDecoderFuzzTestInputs/datagram");
        write(datagrams, "valid-v0", ReadoutDecoderTest.valid(0).bytes());
        write(datagrams, "valid-v1", ReadoutDecoderTest.valid(1).bytes());
        write(datagrams, "heartbeat-v0", heartbeat(0).bytes());
        write(datagrams, "heartbeat-v1", heartbeat(1).bytes());
        // edge sizes: nothing, a header one byte short, the largest datagram and just over it (issue 11 item 8)
        write(datagrams, "size-empty", new byte[0]);
        write(datagrams, "size-header-short-v1", Arrays.copyOf(heartbeat(1).bytes(), ReadoutHeader.SIZE_V0));
        write(datagrams, "size-8972", ReadoutServerTest.packetOfLength(ReadoutHeader.MAX_UDP_PACKET));
        write(datagrams, "size-8974", ReadoutServerTest.packetOfLength(ReadoutHeader.MAX_UDP_PACKET + 2));
        write(datagrams, "size-9050-says-9000", Arrays.copyOf(ReadoutServerTest.packetOfLength(9000), 9050));
        write(datagrams, "length-65535", with(ReadoutDecoderTest.valid(1), p -> p.totalLengthOverride = 65_535));
        // the sequence numbers item 2 names: a jump of 2^30 and a restart at 0 (one datagram: accepted)
        write(datagrams, "sequence-2pow30", with(ReadoutDecoderTest.valid(1), p -> p.sequence = 1L << 30));
        write(datagrams, "sequence-max", with(ReadoutDecoderTest.valid(0), p -> p.sequence = 0xFFFF_FFFFL));
        List<Arguments> corruptions = ReadoutDecoderTest.corruptions().toList();
        for (int i = 0; i < corruptions.size(); i++) {
            Object[] a = corruptions.get(i).get();
            @SuppressWarnings("unchecked")
            Consumer<SpecPacket> corrupt = (Consumer<SpecPacket>) a[1];
            SpecPacket p = ReadoutDecoderTest.valid(1);
            corrupt.accept(p);
            write(datagrams, String.format("bad-%02d-%s", i, ((RejectReason) a[0]).key()), p.bytes());
        }

        Path streams = base.resolve("TcpReadoutFramerFuzzTestInputs/stream");
        ReadoutStreams.Choices c = ReadoutStreams.random(1);
        ByteArrayOutputStream intact = new ByteArrayOutputStream();
        for (int i = 0; i < 12; i++) {
            intact.writeBytes(ReadoutStreams.packet(i, c));
        }
        write(streams, "intact-cut-3", withCuts(intact.toByteArray(), 7, 100, 401));
        for (ReadoutStreams.Fault f : ReadoutStreams.Fault.values()) {
            ByteArrayOutputStream s = new ByteArrayOutputStream();
            for (int i = 0; i < 6; i++) {
                ReadoutStreams.write(s, ReadoutStreams.packet(i, c), i == 2 ? f : ReadoutStreams.Fault.NONE, c);
            }
            write(streams, "fault-" + f.name().toLowerCase(), withCuts(s.toByteArray(), 31, 250));
        }
        // a packet the decoder rejects inside a stream (a readout stamped 2106-02-07, item 6): resync inside it
        ByteArrayOutputStream rejected = new ByteArrayOutputStream();
        rejected.writeBytes(ReadoutStreams.packet(0, c));
        SpecPacket late = new SpecPacket();
        late.pulseHigh = ReadoutStreams.PULSE_HIGH;
        late.prevHigh = ReadoutStreams.PULSE_HIGH - 1;
        late.block(0, 0).readout(0xFFFF_FFFFL, 1_000, 0, 0, 14, 0, (short) 1, (short) 2);
        rejected.writeBytes(late.bytes());
        rejected.writeBytes(ReadoutStreams.packet(1, c));
        write(streams, "rejected-time-2106", withCuts(rejected.toByteArray(), 40));
        // byte by byte: a cut at every offset of the first 15
        write(streams, "intact-byte-by-byte", withCuts(Arrays.copyOf(intact.toByteArray(), 200),
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
        ByteArrayOutputStream garbage = new ByteArrayOutputStream();
        ReadoutStreams.garbage(garbage, 2_000, c);
        write(streams, "garbage", withCuts(garbage.toByteArray(), 1_000));
        write(streams, "cut-off-at-close", withCuts(Arrays.copyOf(intact.toByteArray(), intact.size() - 17)));

        Path damaged = base.resolve("TcpReadoutFramerFuzzTestInputs/damagedPackets");
        SplittableRandom r = new SplittableRandom(2);
        for (int size : new int[] {64, 512, 4096}) {
            byte[] b = new byte[size];
            r.nextBytes(b);
            write(damaged, "random-" + size, b);
        }
    }

    private static byte[] with(SpecPacket p, Consumer<SpecPacket> change) {
        change.accept(p);
        return p.bytes();
    }

    private static SpecPacket heartbeat(int version) {
        SpecPacket p = new SpecPacket();
        p.version = version;
        return p;
    }

    /** The {@code stream} target's input: the number of cuts, each a little-endian u16, then the stream. */
    private static byte[] withCuts(byte[] stream, int... cuts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(cuts.length);
        for (int at : cuts) {
            o.write(at & 0xFF);
            o.write(at >>> 8 & 0xFF);
        }
        o.writeBytes(stream);
        return o.toByteArray();
    }

    private static void write(Path dir, String name, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), bytes);
    }
}
