package eu.ess.cevns.kafka.schema;

import java.nio.ByteBuffer;

/**
 * An {@code al00} message (table Alarm): an alarm state of a source. Here: each raise and clear of
 * the DAQ's alarms, the message saying what is wrong and what to do.
 *
 * <pre>
 * id field          type
 *  0 source_name    string
 *  1 timestamp      long   ns since the Unix epoch
 *  2 severity       short  Severity: OK, MINOR, MAJOR, INVALID (default OK)
 *  3 message        string
 * </pre>
 */
public record AlarmMessage(String sourceName, long timestampNs, Severity severity, String message) {
    public static final String ID = "al00";

    /** enum Severity : short; the EPICS severities, OK for a cleared alarm. */
    public enum Severity { OK, MINOR, MAJOR, INVALID }

    public static AlarmMessage decode(ByteBuffer message) {
        FlatTable t = FlatTable.root(message, ID);
        int s = t.getShort(2, (short) 0);
        return new AlarmMessage(t.string(0), t.getLong(1, 0), s >= 0 && s < 4 ? Severity.values()[s] : Severity.INVALID, t.string(3));
    }

    public byte[] encode() {
        FlatWriter w = new FlatWriter(256);
        w.begin();
        int src = w.string(sourceName);
        int msg = w.string(message);
        w.b.startTable(4);
        w.b.addLong(1, timestampNs, 0);
        if (src != 0) {
            w.b.addOffset(0, src, 0);
        }
        if (msg != 0) {
            w.b.addOffset(3, msg, 0);
        }
        w.b.addShort(2, (short) severity.ordinal(), 0);
        return w.finish(w.b.endTable(), ID);
    }
}
