package eu.ess.cevns.sim;

import eu.ess.cevns.daq.readout.EssTime;
import eu.ess.cevns.daq.readout.ReadoutHeader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes ESS readout packets of CEvNS waveforms into one reused buffer: a header, then data
 * blocks per (fiber, FEN), each holding readouts. Lengths are patched when a block or the packet
 * is finished. Times are given in ticks of the ESS clock since the epoch, as digitizers count.
 */
public final class ReadoutPacketEncoder {
    private final ByteBuffer buf;
    private final int maxPacketBytes;
    private int headerSize;
    private int blockStart = -1;
    private int readouts;

    public ReadoutPacketEncoder(int maxPacketBytes) {
        this.maxPacketBytes = maxPacketBytes;
        this.buf = ByteBuffer.allocate(maxPacketBytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Starts a packet; pulse times in ESS ticks since the epoch. */
    public void begin(int version, int outputQueue, long sequence, long pulseTicks, long prevPulseTicks) {
        buf.clear();
        headerSize = ReadoutHeader.size(version);
        buf.put((byte) 0).put((byte) version).put((byte) 'E').put((byte) 'S').put((byte) 'S')
                .put((byte) ReadoutHeader.TYPE_CEVNS).putShort((short) 0)
                .put((byte) outputQueue).put((byte) 0)
                .putInt((int) (pulseTicks / EssTime.TICKS_PER_SECOND)).putInt((int) (pulseTicks % EssTime.TICKS_PER_SECOND))
                .putInt((int) (prevPulseTicks / EssTime.TICKS_PER_SECOND)).putInt((int) (prevPulseTicks % EssTime.TICKS_PER_SECOND))
                .putInt((int) sequence);
        if (version == 1) {
            buf.putShort((short) 0);
        }
        blockStart = -1;
        readouts = 0;
    }

    /** Whether a readout of {@code samples} samples still fits (with a new block header if asked). */
    public boolean fits(int samples, boolean newBlock) {
        int need = ReadoutHeader.READOUT_HEADER + 2 * samples + (newBlock ? ReadoutHeader.BLOCK_HEADER : 0);
        return buf.position() + need <= maxPacketBytes;
    }

    public void beginBlock(int fiber, int fen) {
        endBlock();
        blockStart = buf.position();
        buf.put((byte) fiber).put((byte) fen).putShort((short) 0);
    }

    /** Adds a readout to the open block; trigger time in ESS ticks since the epoch. */
    public void addReadout(long triggerTicks, int channel, int flags, int sampleBits, int preTrigger, short[] samples, int count) {
        buf.putInt((int) (triggerTicks / EssTime.TICKS_PER_SECOND)).putInt((int) (triggerTicks % EssTime.TICKS_PER_SECOND))
                .putShort((short) channel).put((byte) flags).put((byte) sampleBits)
                .putShort((short) preTrigger).putShort((short) count);
        for (int i = 0; i < count; i++) {
            buf.putShort(samples[i]);
        }
        readouts++;
    }

    private void endBlock() {
        if (blockStart >= 0) {
            buf.putShort(blockStart + 2, (short) (buf.position() - blockStart));
            blockStart = -1;
        }
    }

    /** Finishes the packet: patches lengths; returns its length. */
    public int finish() {
        endBlock();
        int length = buf.position();
        buf.putShort(ReadoutHeader.TOTAL_LENGTH, (short) length);
        return length;
    }

    public int readouts() {
        return readouts;
    }

    public boolean isHeartbeat() {
        return buf.position() == headerSize;
    }

    /** The packet bytes (valid after {@link #finish()}), position 0, limit = length. */
    public ByteBuffer packet() {
        ByteBuffer p = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        p.flip();
        return p;
    }

    /** The backing array, for copying a finished packet. */
    byte[] array() {
        return buf.array();
    }
}
