package eu.ess.cevns.kafka.schema;

import java.nio.ByteBuffer;

/**
 * A {@code pl72} message (table RunStart): the file-writer's start command. The file-writer needs
 * job_id (a UUID), filename, start_time and nexus_structure; control_topic is where a writer taken
 * from the job pool answers and takes the stop. instrument_name stays empty: a name switches the
 * file-writer to writing from a template.
 *
 * <pre>
 * id field                 type
 *  0 start_time            ulong  ms since the Unix epoch
 *  1 stop_time             ulong  ms, 0: until a 6s4t
 *  2 run_name              string
 *  3 instrument_name       string
 *  4 nexus_structure       string JSON
 *  5 job_id                string
 *  6 broker                string (obsolete)
 *  7 service_id            string which file-writer; empty: any of the pool
 *  8 filename              string
 *  9 n_periods             uint (default 1)
 * 10 detector_spectrum_map table (ISIS; not used)
 * 11 metadata              string JSON
 * 12 control_topic         string
 * </pre>
 */
public record RunStart(long startTimeMs, long stopTimeMs, String runName, String instrumentName, String nexusStructure,
                       String jobId, String serviceId, String filename, String metadata, String controlTopic) {
    public static final String ID = "pl72";

    public static RunStart decode(ByteBuffer message) {
        FlatTable t = FlatTable.root(message, ID);
        return new RunStart(t.getLong(0, 0), t.getLong(1, 0), t.string(2), t.string(3), t.string(4), t.string(5), t.string(7),
                t.string(8), t.string(11), t.string(12));
    }

    public byte[] encode() {
        FlatWriter w = new FlatWriter(1024 + (nexusStructure == null ? 0 : nexusStructure.length())
                + (metadata == null ? 0 : metadata.length()));
        w.begin();
        int run = w.string(runName);
        int instrument = w.string(instrumentName);
        int nexus = w.string(nexusStructure);
        int job = w.string(jobId);
        int service = w.string(serviceId);
        int file = w.string(filename);
        int meta = w.string(metadata);
        int control = w.string(controlTopic);
        w.b.startTable(13);
        w.b.addLong(0, startTimeMs, 0);
        w.b.addLong(1, stopTimeMs, 0);
        int[][] strings = {{2, run}, {3, instrument}, {4, nexus}, {5, job}, {7, service}, {8, file}, {11, meta}, {12, control}};
        for (int[] s : strings) {
            if (s[1] != 0) {
                w.b.addOffset(s[0], s[1], 0);
            }
        }
        return w.finish(w.b.endTable(), ID);
    }
}
