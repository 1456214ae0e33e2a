package eu.ess.cevns.kafka.schema;

import java.nio.ByteBuffer;

/**
 * A {@code 6s4t} message (table RunStop): the stop time of a file-writer job. The file-writer
 * needs job_id and a command_id (a UUID); stop_time 0 stops at once, which a DAQ never wants: the
 * run's recorded stop time is sent.
 *
 * <pre>
 * id field          type
 *  0 stop_time      ulong  ms since the Unix epoch
 *  1 run_name       string
 *  2 job_id         string
 *  3 service_id     string
 *  4 command_id     string
 * </pre>
 */
public record RunStop(long stopTimeMs, String runName, String jobId, String serviceId, String commandId) {
    public static final String ID = "6s4t";

    public static RunStop decode(ByteBuffer message) {
        FlatTable t = FlatTable.root(message, ID);
        return new RunStop(t.getLong(0, 0), t.string(1), t.string(2), t.string(3), t.string(4));
    }

    public byte[] encode() {
        FlatWriter w = new FlatWriter(256);
        w.begin();
        int[] s = {w.string(runName), w.string(jobId), w.string(serviceId), w.string(commandId)};
        w.b.startTable(5);
        w.b.addLong(0, stopTimeMs, 0);
        for (int i = 0; i < s.length; i++) {
            if (s[i] != 0) {
                w.b.addOffset(i + 1, s[i], 0);
            }
        }
        return w.finish(w.b.endTable(), ID);
    }
}
