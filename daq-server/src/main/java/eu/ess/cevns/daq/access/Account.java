package eu.ess.cevns.daq.access;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One person (or one script's owner) of the accounts file: the name recorded with every change
 * they make, their role, the Argon2id hash of their password (null: no login in the page, tokens
 * only), and the SHA-256 hashes of their scripts' bearer tokens.
 */
public record Account(String name, Role role, String passwordHash, List<String> tokenHashes) {
    /** A name as a login and a record carry it: a letter, then letters, digits, '.', '_' or '-', at most 32. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,31}");

    public Account {
        tokenHashes = List.copyOf(tokenHashes);
    }

    /** Null when {@code name} may name an account, else why not. */
    public static String nameProblem(String name) {
        if (Caller.BUILT_IN_NAME.equals(name)) {
            return "'" + name + "' is the name of the built-in account of the write token; choose another";
        }
        return name != null && NAME.matcher(name).matches() ? null
                : "'" + name + "' is not an account name: a letter, then letters, digits, '.', '_' or '-', at most 32 characters";
    }

    public Account withRole(Role r) {
        return new Account(name, r, passwordHash, tokenHashes);
    }

    public Account withPasswordHash(String hash) {
        return new Account(name, role, hash, tokenHashes);
    }

    public Account withTokenHashes(List<String> hashes) {
        return new Account(name, role, passwordHash, hashes);
    }
}
