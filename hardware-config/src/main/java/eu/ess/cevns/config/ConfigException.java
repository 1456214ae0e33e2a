package eu.ess.cevns.config;

/**
 * A configuration file that cannot be used, with where and why: the file, the path of the bad
 * field inside it (e.g. {@code digitizers[0].channels[3].thresholdKeVnr}) and the reason.
 * The message reads {@code file: path: reason}, ready to show an operator as is.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final String field;
    private final String reason;

    public ConfigException(String file, String field, String reason) {
        super(file + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + reason);
        this.file = file;
        this.field = field;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    /** Path of the offending field, empty for a problem with the file as a whole. */
    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
