package eu.ess.cevns.daq.alarm;

/** EPICS alarm severities, in EPICS order (the ordinal is the EPICS number, stored in ALARM records). */
public enum Severity {
    NO_ALARM, MINOR, MAJOR, INVALID;

    /** The severity of an EPICS number (out-of-range numbers are INVALID). */
    public static Severity of(int code) {
        return code >= 0 && code < values().length ? values()[code] : INVALID;
    }

    public Severity max(Severity other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
