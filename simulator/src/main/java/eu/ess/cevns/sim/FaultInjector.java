package eu.ess.cevns.sim;

import eu.ess.cevns.daq.readout.EssTime;
import eu.ess.cevns.daq.readout.ReadoutHeader;
import eu.ess.cevns.daq.readout.RejectReason;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Sits between the packet encoder and the wire and, on request, withholds packets, swaps a packet
 * with the next one of the same output queue, or corrupts one field, keeping the
 * {@link SimulatorTally} exact. Over TCP only corruptions behind a valid header (pad, version,
 * cookie, type) are made: a broken header start is resynchronised over as garbage, and two in a
 * row would be one garbage run, counted once, on the server.
 */
final class FaultInjector {
    private static final RejectReason[] UDP_KINDS = {RejectReason.PAD, RejectReason.VERSION, RejectReason.COOKIE,
            RejectReason.SIZE, RejectReason.TYPE, RejectReason.OUTPUT_QUEUE, RejectReason.TIME_FRAC, RejectReason.BLOCK,
            RejectReason.SAMPLES, RejectReason.CHANNEL};
    private static final RejectReason[] TCP_KINDS = {RejectReason.OUTPUT_QUEUE,
            RejectReason.TIME_FRAC, RejectReason.BLOCK, RejectReason.SAMPLES, RejectReason.CHANNEL};

    private final PacketSender sender;
    private final SimulatorSettings settings;
    private final SimulatorTally tally;
    private final SplittableRandom random;
    private final RejectReason[] kinds;
    private final long[] pendingMissing = new long[ReadoutHeader.OUTPUT_QUEUES];
    private final ByteBuffer held;
    private int heldQueue = -1;
    private int heldReadouts;
    private final ByteBuffer scratch;

    FaultInjector(PacketSender sender, SimulatorSettings settings, SimulatorTally tally, SplittableRandom random) {
        this.sender = sender;
        this.settings = settings;
        this.tally = tally;
        this.random = random;
        this.kinds = settings.transmission() == Transmission.UDP ? UDP_KINDS : TCP_KINDS;
        this.held = ByteBuffer.allocate(settings.maxPacketBytes() + 1).order(ByteOrder.LITTLE_ENDIAN);
        this.scratch = ByteBuffer.allocate(settings.maxPacketBytes() + 1).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Sends (or not) one finished packet of {@code outputQueue} holding {@code readouts} readouts. */
    void offer(ByteBuffer packet, int outputQueue, int readouts) throws IOException {
        double u = random.nextDouble();
        if (u < settings.lossFraction()) {
            tally.withheldPackets.incrementAndGet();
            tally.withheldWaveforms.addAndGet(readouts);
            pendingMissing[outputQueue]++;
            return;
        }
        u -= settings.lossFraction();
        if (u < settings.malformedFraction()) {
            sendCorrupted(packet, readouts);
            pendingMissing[outputQueue]++;
            return;
        }
        u -= settings.malformedFraction();
        if (u < settings.reorderFraction() && heldQueue < 0) {
            held.clear();
            held.put(packet);
            held.flip();
            heldQueue = outputQueue;
            heldReadouts = readouts;
            return;
        }
        sendGood(packet, outputQueue, readouts);
        if (heldQueue == outputQueue) {
            // the held packet goes out after a later one: the server sees a jump (one more lost) and then a step back
            tally.swapped.incrementAndGet();
            tally.expectedLost.incrementAndGet();
            heldQueue = -1;
            sendGoodNoGapAccounting(held, heldReadouts);
        }
    }

    /** Sends a held packet unswapped (end of a queue's burst): nothing was reordered. */
    void flush() throws IOException {
        if (heldQueue >= 0) {
            int q = heldQueue;
            heldQueue = -1;
            sendGood(held, q, heldReadouts);
        }
    }

    private void sendGood(ByteBuffer packet, int outputQueue, int readouts) throws IOException {
        tally.expectedLost.addAndGet(pendingMissing[outputQueue]);
        pendingMissing[outputQueue] = 0;
        sendGoodNoGapAccounting(packet, readouts);
    }

    private void sendGoodNoGapAccounting(ByteBuffer packet, int readouts) throws IOException {
        int length = packet.remaining();
        sender.send(packet);
        tally.packetsSent.incrementAndGet();
        tally.goodPackets.incrementAndGet();
        tally.bytesSent.addAndGet(length);
        tally.goodBytes.addAndGet(length);
        tally.waveforms.addAndGet(readouts);
        if (readouts == 0) {
            tally.heartbeats.incrementAndGet();
        }
    }

    private void sendCorrupted(ByteBuffer packet, int readouts) throws IOException {
        scratch.clear();
        scratch.put(packet.duplicate());
        int length = scratch.position();
        int headerSize = ReadoutHeader.size(scratch.get(ReadoutHeader.VERSION));
        RejectReason kind = kinds[random.nextInt(kinds.length)];
        if (readouts == 0 && (kind == RejectReason.BLOCK || kind == RejectReason.SAMPLES || kind == RejectReason.CHANNEL)) {
            kind = RejectReason.OUTPUT_QUEUE; // a heartbeat has no block or readout to corrupt
        }
        int firstReadout = headerSize + ReadoutHeader.BLOCK_HEADER;
        switch (kind) {
            case PAD -> scratch.put(ReadoutHeader.PAD, (byte) 1);
            case VERSION -> scratch.put(ReadoutHeader.VERSION, (byte) 7);
            case COOKIE -> scratch.put(ReadoutHeader.COOKIE + 1, (byte) 'X');
            case SIZE -> scratch.putShort(ReadoutHeader.TOTAL_LENGTH, (short) (length + 1));
            case TYPE -> scratch.put(ReadoutHeader.TYPE, (byte) 0x71);
            case OUTPUT_QUEUE -> scratch.put(ReadoutHeader.OUTPUT_QUEUE, (byte) (ReadoutHeader.OUTPUT_QUEUES + random.nextInt(200)));
            case TIME_FRAC -> scratch.putInt(ReadoutHeader.PULSE_LOW, (int) EssTime.TICKS_PER_SECOND);
            case BLOCK -> scratch.putShort(headerSize + 2, (short) 3);
            case SAMPLES -> scratch.putShort(firstReadout + 14, (short) 0xFFFF); // runs past any block
            case CHANNEL -> scratch.putShort(firstReadout + 8, (short) 0xFFFF);
            default -> throw new IllegalStateException("no corruption for " + kind);
        }
        scratch.flip();
        sender.send(scratch);
        tally.packetsSent.incrementAndGet();
        tally.bytesSent.addAndGet(length);
        tally.malformed.incrementAndGet(kind.ordinal());
    }
}
