package eu.ess.cevns.daq.access;

/**
 * Who a request comes from, as the {@link Authenticator} found: the account's name and role, and
 * whether it is the built-in account of the write token (a shared secret, not a person: its writes
 * are recorded under the {@code who} the request gives).
 */
public record Caller(String name, Role role, boolean builtIn) {
    /** The name of the built-in account of the write token, as {@code /api/session} shows it. */
    public static final String BUILT_IN_NAME = "write-token";

    static Caller of(Account a) {
        return new Caller(a.name(), a.role(), false);
    }
}
