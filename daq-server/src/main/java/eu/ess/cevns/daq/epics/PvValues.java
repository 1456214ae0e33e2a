package eu.ess.cevns.daq.epics;

import org.epics.pva.data.PVABool;
import org.epics.pva.data.PVAData;
import org.epics.pva.data.PVANumber;
import org.epics.pva.data.PVAString;
import org.epics.pva.data.PVAStructure;
import org.epics.pva.data.nt.PVAEnum;
import org.epics.pva.data.nt.PVATimeStamp;

/**
 * Reads the value and time stamp of a normative-type PV update whatever its scalar type: a beam
 * PV may be served as NTScalar boolean, number or string, or as NTEnum, depending on the IOC.
 */
public final class PvValues {
    private PvValues() {
    }

    /** The value as a number (booleans 0/1, enums their index); NaN if it has none. */
    public static double number(PVAStructure data) {
        PVAData v = data.get("value");
        if (v instanceof PVANumber n) {
            return n.getNumber().doubleValue();
        }
        if (v instanceof PVABool b) {
            return b.get() ? 1 : 0;
        }
        if (v instanceof PVAStructure s && s.get("index") instanceof PVANumber i) {
            return i.getNumber().doubleValue();
        }
        if (v instanceof PVAString s) {
            try {
                return Double.parseDouble(s.get().strip());
            } catch (NumberFormatException | NullPointerException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /** The value as text (enums their label). */
    public static String text(PVAStructure data) {
        PVAData v = data.get("value");
        if (v instanceof PVAString s) {
            return s.get();
        }
        if (v instanceof PVAStructure s && s.get("index") != null) {
            try {
                return PVAEnum.fromStructure(s).enumString();
            } catch (RuntimeException e) {
                return String.valueOf(number(data));
            }
        }
        if (v instanceof PVABool b) {
            return Boolean.toString(b.get());
        }
        return v == null ? "" : String.valueOf(number(data));
    }

    /** The update's time stamp in ns since the epoch, or {@link Long#MIN_VALUE} if it has none. */
    public static long timeStampNs(PVAStructure data) {
        PVATimeStamp ts = PVATimeStamp.getTimeStamp(data);
        if (ts == null) {
            return Long.MIN_VALUE;
        }
        java.time.Instant t = ts.instant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
