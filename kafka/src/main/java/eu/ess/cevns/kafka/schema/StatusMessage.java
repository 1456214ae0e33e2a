package eu.ess.cevns.kafka.schema;

import java.nio.ByteBuffer;

/**
 * An {@code x5f2} message (table Status): a service's heartbeat and status. Here: every two
 * seconds from each DAQ host, and from the file-writer on its control topic.
 *
 * <pre>
 * id field            type
 *  0 software_name    string
 *  1 software_version string
 *  2 service_id       string
 *  3 host_name        string
 *  4 process_id       uint
 *  5 update_interval  uint   ms until the next one
 *  6 status_json      string
 * </pre>
 */
public record StatusMessage(String softwareName, String softwareVersion, String serviceId, String hostName, long processId,
                            long updateIntervalMs, String statusJson) {
    public static final String ID = "x5f2";

    public static StatusMessage decode(ByteBuffer message) {
        FlatTable t = FlatTable.root(message, ID);
        return new StatusMessage(t.string(0), t.string(1), t.string(2), t.string(3), Integer.toUnsignedLong(t.getInt(4, 0)),
                Integer.toUnsignedLong(t.getInt(5, 0)), t.string(6));
    }

    public byte[] encode() {
        FlatWriter w = new FlatWriter(512);
        w.begin();
        int[] s = {w.string(softwareName), w.string(softwareVersion), w.string(serviceId), w.string(hostName)};
        int json = w.string(statusJson);
        w.b.startTable(7);
        for (int i = 0; i < s.length; i++) {
            if (s[i] != 0) {
                w.b.addOffset(i, s[i], 0);
            }
        }
        w.b.addInt(4, (int) processId, 0);
        w.b.addInt(5, (int) updateIntervalMs, 0);
        if (json != 0) {
            w.b.addOffset(6, json, 0);
        }
        return w.finish(w.b.endTable(), ID);
    }
}
