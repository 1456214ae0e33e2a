package eu.ess.cevns.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration file that cannot be used, with where and why: the file, the path of the bad
 * field inside it (e.g. {@code digitizers[0].channels[3].thresholdKeVnr}) and the reason, which
 * quotes the value found. The message reads {@code file: path: reason}, ready to show an operator
 * as is. A file with several problems gives one exception holding all of them
 * ({@link #problems()}), its message one line per problem, so that an operator fixes a file in one
 * pass instead of one error per run of {@code config validate}.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final String field;
    private final String reason;
    private final transient List<ConfigException> problems;

    public ConfigException(String file, String field, String reason) {
        super(line(file, field, reason));
        this.file = file;
        this.field = field;
        this.reason = reason;
        this.problems = List.of(this);
    }

    private ConfigException(List<ConfigException> all) {
        super(all.size() + " problems:\n" + all.stream().map(Throwable::getMessage).collect(Collectors.joining("\n")));
        ConfigException first = all.get(0);
        this.file = first.file;
        this.field = first.field;
        this.reason = first.reason;
        this.problems = List.copyOf(all);
    }

    /** One exception for {@code all} (at least one): the problem itself if there is only one. */
    public static ConfigException of(List<ConfigException> all) {
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no problems to report");
        }
        return all.size() == 1 ? all.get(0) : new ConfigException(all);
    }

    private static String line(String file, String field, String reason) {
        return file + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + reason;
    }

    /** The file (of the first problem, when there are several). */
    public String file() {
        return file;
    }

    /** Path of the offending field, empty for a problem with the file as a whole (of the first problem, when there are several). */
    public String field() {
        return field;
    }

    /** Why (of the first problem, when there are several). */
    public String reason() {
        return reason;
    }

    /** Every problem found, in the order of the file; this one alone when it is a single problem. */
    public List<ConfigException> problems() {
        return problems;
    }
}
