package eu.ess.cevns.config;

import java.util.Arrays;

/**
 * Looks up a readout's (fiber, FEN, channel) in the detector's configuration without allocating:
 * a dense table indexed by the three 8/8/16-bit fields, sized to what the config uses.
 * Answers the channel id, or -1 when the readout names a channel the config does not have.
 */
public final class ChannelMap {
    private final int maxFiber;
    private final int maxFen;
    private final int maxChannel;
    private final int[] ids;

    public ChannelMap(DetectorConfig detector) {
        int mf = 0, mfen = 0, mc = 0;
        for (DigitizerConfig d : detector.digitizers()) {
            mf = Math.max(mf, d.fiber());
            mfen = Math.max(mfen, d.fen());
            for (ChannelConfig c : d.channels()) {
                mc = Math.max(mc, c.channel());
            }
        }
        maxFiber = mf;
        maxFen = mfen;
        maxChannel = mc;
        ids = new int[(mf + 1) * (mfen + 1) * (mc + 1)];
        Arrays.fill(ids, -1);
        for (DigitizerConfig d : detector.digitizers()) {
            for (ChannelConfig c : d.channels()) {
                if (c.enabled()) {
                    ids[index(d.fiber(), d.fen(), c.channel())] = c.id();
                }
            }
        }
    }

    private int index(int fiber, int fen, int channel) {
        return (fiber * (maxFen + 1) + fen) * (maxChannel + 1) + channel;
    }

    /** The configured channel id of this readout address, or -1 if it is not an enabled channel. */
    public int channelId(int fiber, int fen, int channel) {
        if (fiber < 0 || fiber > maxFiber || fen < 0 || fen > maxFen || channel < 0 || channel > maxChannel) {
            return -1;
        }
        return ids[index(fiber, fen, channel)];
    }
}
