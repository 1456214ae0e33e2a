package eu.ess.cevns.daq.access;

import eu.ess.cevns.daq.control.WriteToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;

/**
 * The accounts the server knows: those of the accounts file, read again when the file changes (so
 * {@code cevns-daq user} takes effect without a restart; a file that no longer reads keeps the
 * accounts last read, with a warning), and the built-in expert account of the write token.
 */
public final class Accounts {
    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
    private static final String DUMMY = PasswordHash.of(new char[0]);
    private static final Caller BUILT_IN = new Caller(Caller.BUILT_IN_NAME, Role.EXPERT, true);
    private final Path file;
    private final WriteToken writeToken;
    private volatile List<Account> accounts;
    private volatile FileTime readAt;

    private Accounts(Path file, WriteToken writeToken, List<Account> accounts, FileTime readAt) {
        this.file = file;
        this.writeToken = writeToken;
        this.accounts = accounts;
        this.readAt = readAt;
    }

    /** The write token's account and those of {@code file} (null: none). An IOException says why the file cannot be used. */
    public static Accounts load(Path file, WriteToken writeToken) throws IOException {
        if (file == null) {
            return new Accounts(null, writeToken, List.of(), null);
        }
        FileTime at = Files.getLastModifiedTime(file);
        return new Accounts(file, writeToken, AccountsFile.read(file), at);
    }

    /** The account of this name and password, if there is one; slow on purpose (Argon2id). */
    public Optional<Caller> login(String name, char[] password) {
        Optional<Account> a = byName(name);
        if (a.isEmpty() || a.get().passwordHash() == null) {
            // as long as a right name with a wrong password, so the time does not tell which names exist
            PasswordHash.matches(DUMMY, password);
            return Optional.empty();
        }
        return PasswordHash.matches(a.get().passwordHash(), password) ? a.map(Caller::of) : Optional.empty();
    }

    /** The caller whose bearer token this is, if any. */
    public Optional<Caller> byToken(String token) {
        if (writeToken != null && writeToken.permits("Bearer " + token)) {
            return Optional.of(BUILT_IN);
        }
        String hash = ScriptToken.hash(token);
        Caller found = null;
        for (Account a : current()) {
            for (String h : a.tokenHashes()) {
                if (ScriptToken.same(h, hash)) {
                    found = Caller.of(a);
                }
            }
        }
        return Optional.ofNullable(found);
    }

    /** The account of this name as the file now says (a removed account or changed role counts at once). */
    public Optional<Caller> current(String name) {
        if (name.equals(Caller.BUILT_IN_NAME)) {
            return writeToken == null ? Optional.empty() : Optional.of(BUILT_IN);
        }
        return byName(name).map(Caller::of);
    }

    private Optional<Account> byName(String name) {
        return current().stream().filter(a -> a.name().equals(name)).findFirst();
    }

    private List<Account> current() {
        if (file == null) {
            return accounts;
        }
        try {
            FileTime at = Files.getLastModifiedTime(file);
            if (!at.equals(readAt)) {
                synchronized (this) {
                    if (!at.equals(readAt)) {
                        accounts = AccountsFile.read(file);
                        readAt = at;
                        LOG.info("accounts file {} read again: {} accounts", file, accounts.size());
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("accounts file {} cannot be read again, keeping the {} accounts read before: {}", file, accounts.size(),
                    e.getMessage());
        }
        return accounts;
    }
}
