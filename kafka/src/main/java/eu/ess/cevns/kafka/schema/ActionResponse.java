package eu.ess.cevns.kafka.schema;

import java.nio.ByteBuffer;

/**
 * An {@code answ} message (table ActionResponse): the file-writer's answer to a start or stop
 * command, on the job's control topic; status codes follow HTTP (201 accepted, 400 refused).
 *
 * <pre>
 * id field          type
 *  0 service_id     string (required)
 *  1 job_id         string (required)
 *  2 action         byte   ActionType: StartJob, SetStopTime
 *  3 outcome        byte   ActionOutcome: Success, Failure
 *  4 status_code    int
 *  5 stop_time      ulong  ms
 *  6 message        string
 *  7 command_id     string the job id for a start
 * </pre>
 */
public record ActionResponse(String serviceId, String jobId, Action action, boolean success, int statusCode, long stopTimeMs,
                             String message, String commandId) {
    public static final String ID = "answ";

    /** enum ActionType : byte. */
    public enum Action { START_JOB, SET_STOP_TIME }

    public static ActionResponse decode(ByteBuffer message) {
        FlatTable t = FlatTable.root(message, ID);
        return new ActionResponse(t.requiredString(0, "service_id"), t.requiredString(1, "job_id"),
                t.getByte(2, (byte) 0) == 1 ? Action.SET_STOP_TIME : Action.START_JOB, t.getByte(3, (byte) 0) == 0,
                t.getInt(4, 0), t.getLong(5, 0), t.string(6), t.string(7));
    }

    public byte[] encode() {
        FlatWriter w = new FlatWriter(256);
        w.begin();
        int service = w.string(serviceId);
        int job = w.string(jobId);
        int msg = w.string(message);
        int command = w.string(commandId);
        w.b.startTable(8);
        w.b.addLong(5, stopTimeMs, 0);
        w.b.addOffset(0, service, 0);
        w.b.addOffset(1, job, 0);
        w.b.addInt(4, statusCode, 0);
        if (msg != 0) {
            w.b.addOffset(6, msg, 0);
        }
        if (command != 0) {
            w.b.addOffset(7, command, 0);
        }
        w.b.addByte(2, (byte) action.ordinal(), 0);
        w.b.addByte(3, (byte) (success ? 0 : 1), 0);
        return w.finish(w.b.endTable(), ID);
    }
}
