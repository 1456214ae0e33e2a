package eu.ess.cevns.kafka.schema;

import java.nio.ByteBuffer;

/**
 * An {@code ep01} message (table EpicsPVConnectionInfo): a change of the connection to an EPICS PV,
 * as its client saw it. Here: the beam timing PVs' connection, from the designated host.
 *
 * <pre>
 * id field          type
 *  0 timestamp      long   ns since the Unix epoch
 *  1 status         short  ConnectionInfo
 *  2 source_name    string (required) the PV
 *  3 service_id     string the client that saw it
 * </pre>
 */
public record ConnectionInfo(long timestampNs, Status status, String sourceName, String serviceId) {
    public static final String ID = "ep01";

    /** enum ConnectionInfo : short, in the schema's order. */
    public enum Status { UNKNOWN, NEVER_CONNECTED, CONNECTED, DISCONNECTED, DESTROYED, CANCELLED, FINISHED, REMOTE_ERROR }

    public static ConnectionInfo decode(ByteBuffer message) {
        FlatTable t = FlatTable.root(message, ID);
        int s = t.getShort(1, (short) 0);
        return new ConnectionInfo(t.getLong(0, 0), s >= 0 && s < Status.values().length ? Status.values()[s] : Status.UNKNOWN,
                t.requiredString(2, "source_name"), t.string(3));
    }

    public byte[] encode() {
        FlatWriter w = new FlatWriter(128);
        w.begin();
        int src = w.string(sourceName);
        int service = w.string(serviceId);
        w.b.startTable(4);
        w.b.addLong(0, timestampNs, 0);
        w.b.addOffset(2, src, 0);
        if (service != 0) {
            w.b.addOffset(3, service, 0);
        }
        w.b.addShort(1, (short) status.ordinal(), 0);
        return w.finish(w.b.endTable(), ID);
    }
}
