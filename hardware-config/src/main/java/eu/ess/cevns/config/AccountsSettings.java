package eu.ess.cevns.config;

import java.nio.file.Path;

/**
 * Who may use the HTTP API and the dashboard (site file {@code accounts:}): the file of accounts
 * (people with a role and a password hash, and their scripts' tokens; edited with
 * {@code cevns-daq user}), whether reading needs an account, and how long a page's login lasts
 * without use. Without a file the server has one account only, the built-in one of the write
 * token ({@code writeToken}, {@code writeTokenFile} or {@code <data>/token}), with the expert role.
 *
 * @param file               the accounts file, or null for none (only the write token writes)
 * @param readsOpen          true: anyone who reaches the page reads it; false: every read needs a
 *                           viewer (or higher) account
 * @param sessionIdleMinutes a page's login ends after this long without a request
 * @param failedLogins       this many wrong passwords in a row for one account name ...
 * @param lockoutSeconds     ... refuse its logins for this long (guessing at passwords over HTTP)
 */
public record AccountsSettings(Path file, boolean readsOpen, int sessionIdleMinutes, int failedLogins, int lockoutSeconds) {
    /** A shift (8 h) without a request before a login ends. */
    public static final int DEFAULT_SESSION_IDLE_MINUTES = 480;
    /** Enough for a few typos; a guesser gets 5 tries a minute instead of the 40 a second two handler threads would hash. */
    public static final int DEFAULT_FAILED_LOGINS = 5;
    public static final int DEFAULT_LOCKOUT_SECONDS = 60;
    public static final AccountsSettings DEFAULT = new AccountsSettings(null, true, DEFAULT_SESSION_IDLE_MINUTES, DEFAULT_FAILED_LOGINS,
            DEFAULT_LOCKOUT_SECONDS);

    /** These accounts with the default login limits. */
    public AccountsSettings(Path file, boolean readsOpen, int sessionIdleMinutes) {
        this(file, readsOpen, sessionIdleMinutes, DEFAULT_FAILED_LOGINS, DEFAULT_LOCKOUT_SECONDS);
    }
}
