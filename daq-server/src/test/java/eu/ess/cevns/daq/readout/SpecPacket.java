package eu.ess.cevns.daq.readout;

import java.io.ByteArrayOutputStream;

/**
 * Builds readout packets byte by byte straight from the table in DESIGN §3, independently of the
 * production encoder, so that decoder tests check the decoder against the spec and not against
 * another reading of it. Every field can be set to a wrong value.
 */
final class SpecPacket {
    int pad = 0;
    int version = 1;
    byte[] cookie = {'E', 'S', 'S'};
    int type = 0x70;
    Integer totalLengthOverride;
    int outputQueue = 0;
    int timeSource = 0;
    long pulseHigh = 1_700_000_000L;
    long pulseLow = 1_000;
    long prevHigh = 1_699_999_999L;
    long prevLow = 81_763_036;
    long sequence = 0;
    private final ByteArrayOutputStream blocks = new ByteArrayOutputStream();
    private ByteArrayOutputStream block;
    private int blockFiber;
    private int blockFen;
    Integer blockLengthOverride;

    SpecPacket block(int fiber, int fen) {
        closeBlock();
        block = new ByteArrayOutputStream();
        blockFiber = fiber;
        blockFen = fen;
        return this;
    }

    SpecPacket readout(long timeHigh, long timeLow, int channel, int flags, int bits, int pre, short... samples) {
        return readout(timeHigh, timeLow, channel, flags, bits, pre, samples.length, samples);
    }

    SpecPacket readout(long timeHigh, long timeLow, int channel, int flags, int bits, int pre, int countField, short... samples) {
        u32(block, timeHigh);
        u32(block, timeLow);
        u16(block, channel);
        block.write(flags);
        block.write(bits);
        u16(block, pre);
        u16(block, countField);
        for (short s : samples) {
            u16(block, s & 0xFFFF);
        }
        return this;
    }

    private void closeBlock() {
        if (block != null) {
            byte[] body = block.toByteArray();
            blocks.write(blockFiber);
            blocks.write(blockFen);
            u16(blocks, blockLengthOverride != null ? blockLengthOverride : body.length + 4);
            blocks.writeBytes(body);
            block = null;
        }
    }

    /** Extra bytes after the blocks (for malformed tails). */
    SpecPacket raw(byte... bytes) {
        closeBlock();
        blocks.writeBytes(bytes);
        return this;
    }

    byte[] bytes() {
        closeBlock();
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        int headerSize = version == 0 ? 30 : 32;
        byte[] body = blocks.toByteArray();
        p.write(pad);
        p.write(version);
        p.writeBytes(cookie);
        p.write(type);
        u16(p, totalLengthOverride != null ? totalLengthOverride : headerSize + body.length);
        p.write(outputQueue);
        p.write(timeSource);
        u32(p, pulseHigh);
        u32(p, pulseLow);
        u32(p, prevHigh);
        u32(p, prevLow);
        u32(p, sequence);
        if (version != 0) {
            u16(p, 0); // v1: CMAC padding
        }
        p.writeBytes(body);
        return p.toByteArray();
    }

    static void u16(ByteArrayOutputStream o, int v) {
        o.write(v & 0xFF);
        o.write((v >>> 8) & 0xFF);
    }

    static void u32(ByteArrayOutputStream o, long v) {
        for (int i = 0; i < 4; i++) {
            o.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }
}
