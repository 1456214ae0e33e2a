package eu.ess.cevns.sim;

import eu.ess.cevns.daq.readout.RejectReason;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Exactly what the simulated digitizers did, so that a test can hold the server to it:
 * packets and waveforms that went out intact, packets withheld (loss), swapped (reorder) or
 * corrupted (by the reject reason the server should give), and what the server's sequence
 * tracking must therefore report as lost and reordered.
 */
public final class SimulatorTally {
    final AtomicLong pulses = new AtomicLong();
    final AtomicLong packetsSent = new AtomicLong();
    final AtomicLong goodPackets = new AtomicLong();
    final AtomicLong heartbeats = new AtomicLong();
    final AtomicLong waveforms = new AtomicLong();
    final AtomicLong goodBytes = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong withheldPackets = new AtomicLong();
    final AtomicLong withheldWaveforms = new AtomicLong();
    final AtomicLong swapped = new AtomicLong();
    final AtomicLong expectedLost = new AtomicLong();
    final AtomicLongArray malformed = new AtomicLongArray(RejectReason.all().length);

    /** Pulse periods simulated. */
    public long pulses() { return pulses.get(); }
    /** Packets that went on the wire, good or corrupted. */
    public long packetsSent() { return packetsSent.get(); }
    /** Intact packets sent (including heartbeats): the server must accept exactly these. */
    public long goodPackets() { return goodPackets.get(); }
    public long heartbeats() { return heartbeats.get(); }
    /** Waveforms in intact packets: the server must store exactly these (during a run). */
    public long waveforms() { return waveforms.get(); }
    /** Bytes of intact packets. */
    public long goodBytes() { return goodBytes.get(); }
    public long bytesSent() { return bytesSent.get(); }
    /** Packets not sent on purpose (their sequence numbers consumed). */
    public long withheldPackets() { return withheldPackets.get(); }
    public long withheldWaveforms() { return withheldWaveforms.get(); }
    /** Pairs of packets sent in swapped order. */
    public long swapped() { return swapped.get(); }
    /** What the server must count as lost: sequence numbers missing before a later intact packet, plus one per swap. */
    public long expectedLostPackets() { return expectedLost.get(); }
    /** What the server must count as reordered: one per swap. */
    public long expectedReordered() { return swapped.get(); }

    public long malformed(RejectReason reason) {
        return malformed.get(reason.ordinal());
    }

    public long malformedTotal() {
        long n = 0;
        for (int i = 0; i < malformed.length(); i++) {
            n += malformed.get(i);
        }
        return n;
    }

    /** Malformed packets by reject-reason key, reasons with none left out. */
    public Map<String, Long> malformedByReason() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (RejectReason r : RejectReason.all()) {
            if (malformed(r) > 0) {
                m.put(r.key(), malformed(r));
            }
        }
        return m;
    }
}
