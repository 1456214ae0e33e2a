package eu.ess.cevns.daq.timing;

import org.epics.pva.data.PVAData;
import org.epics.pva.data.PVAStructure;

import java.util.BitSet;

/**
 * Reads a pvAccess monitor message's set of changed fields: whether the message carries the
 * value or only other fields (a new time stamp). The structure a core-pva monitor hands over has
 * every field whether the message brought it or not (a new subscription's first message that
 * lacks the value shows the default, false), so the changed-field set is the only way to tell a
 * false from a value that was never sent.
 */
final class MonitorChanges {
    private MonitorChanges() {
    }

    /** The message's changes include the whole structure, or the value field or a field within it. */
    static boolean carriesValue(BitSet changes, PVAStructure data) {
        if (changes == null || changes.get(0)) {
            return true;
        }
        try {
            PVAData value = data.get("value");
            if (value == null) {
                return false;
            }
            if (changes.get(data.getIndex(value))) {
                return true;
            }
            if (value instanceof PVAStructure s) {
                for (PVAData element : s.get()) {
                    if (changes.get(data.getIndex(element))) {
                        return true;
                    }
                }
            }
            return false;
        } catch (Exception e) {
            // a structure we cannot index: take the message at its word rather than lose the value
            return true;
        }
    }
}
