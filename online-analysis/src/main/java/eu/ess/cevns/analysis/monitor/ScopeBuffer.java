package eu.ess.cevns.analysis.monitor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The oscilloscope view of recent triggers: per channel, the last {@link #TRACES} waveforms the
 * live analysis processed, taken at most one per {@link #MIN_SPACING_NS} of readout time so that a
 * channel at a high rate costs a bounded copy. Filled on the analysis thread into arrays allocated
 * once per slot; read by the HTTP threads under the channel's lock.
 */
public final class ScopeBuffer implements RunAnalysis.WaveformTap {
    public static final int TRACES = 16;
    static final long MIN_SPACING_NS = 100_000_000L;

    private static final class Trace {
        short[] samples = new short[0];
        int count;
        int preTrigger;
        long pulseT0Ns;
        long timeSinceT0Ns;
        int beamState;
        double keVnr;
        boolean pileUp;
        boolean saturated;
        boolean accepted;
    }

    private static final class Channel {
        final Trace[] ring = new Trace[TRACES];
        int next;
        int filled;
        long lastNs = Long.MIN_VALUE;

        Channel() {
            for (int i = 0; i < TRACES; i++) {
                ring[i] = new Trace();
            }
        }
    }

    private final Channel[] channels = new Channel[1 << 16];

    @Override
    public void onProcessed(int channelId, short[] samples, int count, int preTrigger, long pulseT0Ns, long timeSinceT0Ns,
                            int beamState, double keVnr, boolean pileUp, boolean saturated, boolean accepted) {
        Channel c = channels[channelId];
        if (c == null) {
            c = channels[channelId] = new Channel();
        }
        long t = pulseT0Ns + timeSinceT0Ns;
        if (c.filled > 0 && t >= c.lastNs && t - c.lastNs < MIN_SPACING_NS) {
            return;
        }
        synchronized (c) {
            c.lastNs = t;
            Trace tr = c.ring[c.next];
            if (tr.samples.length < count) {
                tr.samples = new short[count];
            }
            System.arraycopy(samples, 0, tr.samples, 0, count);
            tr.count = count;
            tr.preTrigger = preTrigger;
            tr.pulseT0Ns = pulseT0Ns;
            tr.timeSinceT0Ns = timeSinceT0Ns;
            tr.beamState = beamState;
            tr.keVnr = keVnr;
            tr.pileUp = pileUp;
            tr.saturated = saturated;
            tr.accepted = accepted;
            c.next = (c.next + 1) % TRACES;
            c.filled = Math.min(TRACES, c.filled + 1);
        }
    }

    /** Forgets every trace (a new run starts). */
    public void clear() {
        for (Channel c : channels) {
            if (c != null) {
                synchronized (c) {
                    c.filled = 0;
                    c.next = 0;
                    c.lastNs = Long.MIN_VALUE;
                }
            }
        }
    }

    /** Writes up to {@code max} traces of a channel, newest first. */
    public void write(int channelId, int max, ArrayNode out) {
        Channel c = channelId >= 0 && channelId < channels.length ? channels[channelId] : null;
        if (c == null) {
            return;
        }
        synchronized (c) {
            for (int k = 0; k < Math.min(max, c.filled); k++) {
                Trace tr = c.ring[(c.next - 1 - k + TRACES) % TRACES];
                ObjectNode o = out.addObject();
                o.put("pulseT0Ns", tr.pulseT0Ns);
                o.put("timeSinceT0Us", tr.timeSinceT0Ns / 1000.0);
                o.put("beamState", tr.beamState == 1 ? "ON" : tr.beamState == 2 ? "OFF" : "UNKNOWN");
                o.put("keVnr", Double.isFinite(tr.keVnr) ? Math.round(tr.keVnr * 1000) / 1000.0 : 0);
                o.put("pileUp", tr.pileUp);
                o.put("saturated", tr.saturated);
                o.put("accepted", tr.accepted);
                o.put("preTrigger", tr.preTrigger);
                ArrayNode s = o.putArray("samples");
                for (int i = 0; i < tr.count; i++) {
                    s.add(tr.samples[i]);
                }
            }
        }
    }
}
