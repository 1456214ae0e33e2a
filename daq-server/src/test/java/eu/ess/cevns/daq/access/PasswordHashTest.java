package eu.ess.cevns.daq.access;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Argon2id hashes: the reference implementation's hashes verify here, and ours are salted and checked. */
class PasswordHashTest {
    /**
     * Made by the Argon2 reference C implementation through argon2-cffi 25.1.0:
     * {@code PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1, hash_len=32, salt_len=16,
     * type=Type.ID).hash("correct horse battery staple")}.
     */
    private static final String REFERENCE = "$argon2id$v=19$m=19456,t=2,p=1$W8ilJ8uUNJnfgb3PagM65A$P3AjL+kUDR+Q2+XgTu9mISiDqckWVInBl82uznPjfJ8";

    @Test
    void aHashOfTheReferenceImplementationVerifies() {
        assertTrue(PasswordHash.matches(REFERENCE, "correct horse battery staple".toCharArray()));
        assertFalse(PasswordHash.matches(REFERENCE, "correct horse battery stapler".toCharArray()));
        assertFalse(PasswordHash.matches(REFERENCE, "".toCharArray()));
    }

    @Test
    void aNewHashIsSaltedAndVerifiesOnlyItsPassword() {
        char[] pw = "Grüße, Lund! 2026".toCharArray();
        String a = PasswordHash.of(pw);
        String b = PasswordHash.of(pw);
        assertTrue(a.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), a);
        assertNotEquals(a, b, "a fresh salt each time: equal passwords do not show as equal hashes");
        assertTrue(PasswordHash.matches(a, pw));
        assertTrue(PasswordHash.matches(b, pw));
        assertFalse(PasswordHash.matches(a, "Grüsse, Lund! 2026".toCharArray()));
        assertTrue(PasswordHash.isHash(a));
    }

    @Test
    void somethingThatIsNoHashMatchesNothing() {
        assertFalse(PasswordHash.isHash("hunter22"));
        assertFalse(PasswordHash.matches("hunter22", "hunter22".toCharArray()), "a plain-text password in the file is no hash");
        assertFalse(PasswordHash.matches(null, "x".toCharArray()));
        assertFalse(PasswordHash.matches(REFERENCE.replace("argon2id", "argon2i"), "correct horse battery staple".toCharArray()));
    }
}
