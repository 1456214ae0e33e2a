package eu.ess.cevns.kafka.publish;

import eu.ess.cevns.daq.epics.ServerStatusPvs;
import eu.ess.cevns.daq.epics.StatusPv;
import eu.ess.cevns.daq.status.StatusSnapshot;
import eu.ess.cevns.kafka.schema.LogData;

import java.util.ArrayList;
import java.util.List;

/**
 * The DAQ's counters on the daq topic: every number, flag and state of the server's status PV table
 * ({@link ServerStatusPvs}) plus the publisher's lag, as f144 logs whose sources are the PVs' full
 * names, as ESS's forwarder would publish those PVs. Texts are left out (the alarms have their own
 * al00 stream); states are their index among the PV's choices.
 */
final class DaqStatusLogs {
    /** One logged PV with the f144 type it is written as. */
    record Log(StatusPv pv, LogData.Type type) {
        /** The dtype a file-writer f144 module writes it as. */
        String dtype() {
            return switch (type) {
                case LONG -> "int64";
                case BYTE -> "int8";
                default -> "double";
            };
        }
    }

    private DaqStatusLogs() {
    }

    /** The server's PVs that become logs, then {@code extra} (the publisher's own). */
    static List<Log> logs(List<StatusPv> extra) {
        List<Log> out = new ArrayList<>();
        List<StatusPv> all = new ArrayList<>(ServerStatusPvs.table());
        all.addAll(extra);
        for (StatusPv pv : all) {
            LogData.Type t = switch (pv.kind()) {
                case LONG -> LogData.Type.LONG;
                case DOUBLE -> LogData.Type.DOUBLE;
                case BOOLEAN, ENUM -> LogData.Type.BYTE;
                case STRING -> null;
            };
            if (t != null) {
                out.add(new Log(pv, t));
            }
        }
        return out;
    }

    /** Writes log {@code l}'s value in {@code s} as an f144 message of {@code source}. */
    static byte[] encode(LogData.Writer w, Log l, String source, StatusSnapshot s, long timeNs) {
        Object v = l.pv().value().apply(s);
        return switch (l.type()) {
            case LONG -> w.writeLong(source, timeNs, ((Number) v).longValue());
            case DOUBLE -> w.writeDouble(source, timeNs, ((Number) v).doubleValue());
            default -> w.writeByte(source, timeNs, v instanceof Boolean b ? (b ? 1 : 0) : l.pv().choices().indexOf(String.valueOf(v)));
        };
    }
}
