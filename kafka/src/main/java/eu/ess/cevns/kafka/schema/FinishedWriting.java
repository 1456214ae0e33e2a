package eu.ess.cevns.kafka.schema;

import java.nio.ByteBuffer;

/**
 * A {@code wrdn} message (table FinishedWriting): the file-writer closed a job's file, on the
 * job's control topic.
 *
 * <pre>
 * id field            type
 *  0 service_id       string (required)
 *  1 job_id           string (required)
 *  2 error_encountered bool
 *  3 file_name        string (required)
 *  4 metadata         string JSON
 *  5 message          string
 * </pre>
 */
public record FinishedWriting(String serviceId, String jobId, boolean errorEncountered, String fileName, String metadata,
                              String message) {
    public static final String ID = "wrdn";

    public static FinishedWriting decode(ByteBuffer message) {
        FlatTable t = FlatTable.root(message, ID);
        return new FinishedWriting(t.requiredString(0, "service_id"), t.requiredString(1, "job_id"), t.getBoolean(2, false),
                t.requiredString(3, "file_name"), t.string(4), t.string(5));
    }

    public byte[] encode() {
        FlatWriter w = new FlatWriter(256);
        w.begin();
        int service = w.string(serviceId);
        int job = w.string(jobId);
        int file = w.string(fileName);
        int meta = w.string(metadata);
        int msg = w.string(message);
        w.b.startTable(6);
        w.b.addOffset(0, service, 0);
        w.b.addOffset(1, job, 0);
        w.b.addOffset(3, file, 0);
        if (meta != 0) {
            w.b.addOffset(4, meta, 0);
        }
        if (msg != 0) {
            w.b.addOffset(5, msg, 0);
        }
        w.b.addBoolean(2, errorEncountered, false);
        return w.finish(w.b.endTable(), ID);
    }
}
