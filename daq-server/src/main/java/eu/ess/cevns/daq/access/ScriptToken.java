package eu.ess.cevns.daq.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * An account's bearer token for scripts: 32 random bytes in hex, shown once when made and kept
 * only as its SHA-256 in the accounts file. A plain hash is enough here (unlike a password): a
 * token is random, so there is nothing to guess from its hash, and a fast hash lets every request
 * be checked without the cost of a login.
 */
public final class ScriptToken {
    private static final String PREFIX = "sha256:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ScriptToken() {
    }

    /** A new token's text. */
    public static String generate() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** What the accounts file keeps of {@code token}. */
    public static String hash(String token) {
        try {
            return PREFIX + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.strip().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** True when {@code stored} is a token hash this class makes. */
    public static boolean isHash(String stored) {
        return stored != null && stored.matches("sha256:[0-9a-f]{64}");
    }

    /** Compares two hashes in time independent of where they differ. */
    static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
