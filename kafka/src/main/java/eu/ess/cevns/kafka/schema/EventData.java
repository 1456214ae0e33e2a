package eu.ess.cevns.kafka.schema;

import java.nio.ByteBuffer;

/**
 * An {@code ev44} event message (table Event44Message): events of one source for one or more
 * pulses. {@code referenceTimeIndex[j]} is the index of pulse {@code j}'s first event;
 * {@code timeOfFlight} (ns since its pulse's reference time) and {@code pixelId} run over all
 * events. Here: one detector's events of one pulse, reference time = T0 in ns, time of flight = the
 * event's trigger time since T0, pixel id = the detector file's channel id.
 *
 * <pre>
 * id field                  type
 *  0 source_name            string (required)
 *  1 message_id             long
 *  2 reference_time         [long] (required)
 *  3 reference_time_index   [int]  (required)
 *  4 time_of_flight         [int]
 *  5 pixel_id               [int]
 * </pre>
 */
public record EventData(String sourceName, long messageId, long[] referenceTime, int[] referenceTimeIndex, int[] timeOfFlight,
                        int[] pixelId) {
    public static final String ID = "ev44";
    /** Events per message at most, as ESS's event-formation units split them. */
    public static final int MAX_EVENTS = 12_400;

    /** Number of events. */
    public int events() {
        return timeOfFlight == null ? 0 : timeOfFlight.length;
    }

    public static EventData decode(ByteBuffer message) {
        FlatTable t = FlatTable.root(message, ID);
        long[] ref = t.longs(2);
        int[] idx = t.ints(3);
        if (ref == null || idx == null) {
            throw t.error("required field reference_time or reference_time_index is missing");
        }
        if (ref.length != idx.length) {
            throw t.error(ref.length + " reference times but " + idx.length + " indices");
        }
        int[] tof = t.ints(4);
        int[] pixel = t.ints(5);
        tof = tof == null ? new int[0] : tof;
        pixel = pixel == null ? new int[0] : pixel;
        if (pixel.length != 0 && pixel.length != tof.length) {
            throw t.error(tof.length + " times of flight but " + pixel.length + " pixel ids");
        }
        for (int j = 0; j < idx.length; j++) {
            if (idx[j] < 0 || idx[j] > tof.length || (j > 0 && idx[j] < idx[j - 1])) {
                throw t.error("reference_time_index " + idx[j] + " does not fit " + tof.length + " events");
            }
        }
        return new EventData(t.requiredString(0, "source_name"), t.getLong(1, 0), ref, idx, tof, pixel);
    }

    public byte[] encode() {
        return new Writer(256 + 8 * events()).write(sourceName, messageId, referenceTime, referenceTimeIndex, referenceTime.length,
                timeOfFlight, pixelId, 0, events());
    }

    /** Encodes ev44 messages from arrays without copying them first (one bulk copy per vector). */
    public static final class Writer {
        private final FlatWriter w;
        private final long[] oneRef = new long[1];
        private final int[] oneIndex = new int[1];

        public Writer(int initialBytes) {
            this.w = new FlatWriter(initialBytes);
        }

        /** Events {@code from .. from + n} of one pulse at {@code referenceTimeNs}. */
        public byte[] writePulse(CharSequence source, long messageId, long referenceTimeNs, int[] tof, int[] pixel, int from, int n) {
            oneRef[0] = referenceTimeNs;
            oneIndex[0] = 0;
            return write(source, messageId, oneRef, oneIndex, 1, tof, pixel, from, n);
        }

        /** Pulses {@code 0 .. pulses} with their first-event indices (relative to {@code from}), and events {@code from .. from + n}. */
        public byte[] write(CharSequence source, long messageId, long[] referenceTime, int[] referenceTimeIndex, int pulses,
                            int[] tof, int[] pixel, int from, int n) {
            w.begin();
            int src = w.string(source);
            int ref = w.longs(referenceTime, 0, pulses);
            int idx = w.ints(referenceTimeIndex, 0, pulses);
            int t = w.ints(tof, from, n);
            int p = w.ints(pixel, from, n);
            w.b.startTable(6);
            w.b.addLong(1, messageId, 0);
            w.b.addOffset(0, src, 0);
            w.b.addOffset(2, ref, 0);
            w.b.addOffset(3, idx, 0);
            w.b.addOffset(4, t, 0);
            w.b.addOffset(5, p, 0);
            return w.finish(w.b.endTable(), ID);
        }
    }
}
