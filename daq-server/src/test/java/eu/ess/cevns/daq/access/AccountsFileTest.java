package eu.ess.cevns.daq.access;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The accounts file: written 0600 and read back as written; what is wrong with a file is named, never taken. */
class AccountsFileTest {
    @TempDir
    Path dir;

    @Test
    void writtenAccountsReadBackAndTheFileIsTheOwnersAlone() throws IOException {
        Path f = dir.resolve("accounts.yaml");
        String token = ScriptToken.generate();
        List<Account> written = List.of(new Account("jdoe", Role.SHIFT, PasswordHash.of("secret-one".toCharArray()), List.of()),
                new Account("cron", Role.SHIFT, null, List.of(ScriptToken.hash(token))),
                new Account("expert.1", Role.EXPERT, PasswordHash.of("secret-two".toCharArray()), List.of()));
        AccountsFile.write(f, written);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        String text = Files.readString(f);
        assertFalse(text.contains("secret-one") || text.contains(token), "no password or token in plain text:\n" + text);
        assertEquals(written, AccountsFile.read(f));

        Accounts accounts = Accounts.load(f, null);
        assertEquals(new Caller("cron", Role.SHIFT, false), accounts.byToken(token).orElseThrow());
        assertTrue(accounts.byToken(ScriptToken.generate()).isEmpty());
        assertEquals("jdoe", accounts.login("jdoe", "secret-one".toCharArray()).orElseThrow().name());
        assertTrue(accounts.login("jdoe", "secret-two".toCharArray()).isEmpty());
        assertTrue(accounts.login("cron", "".toCharArray()).isEmpty(), "an account without a password has no login");
        assertTrue(accounts.login("nobody", "secret-one".toCharArray()).isEmpty());
    }

    @Test
    void aFileOthersCanReadIsRefused() throws IOException {
        Path f = dir.resolve("accounts.yaml");
        AccountsFile.write(f, List.of(new Account("jdoe", Role.VIEWER, null, List.of())));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        IOException e = assertThrows(IOException.class, () -> AccountsFile.read(f));
        assertTrue(e.getMessage().contains("rw-r-----") && e.getMessage().contains("chmod 600"), e.getMessage());
    }

    @Test
    void badEntriesAreNamedWithWhereTheyAre() throws IOException {
        assertProblem("accounts:\n- {name: jdoe, role: boss}\n", "accounts[0].role: no role 'boss'; the roles are viewer, shift, expert");
        assertProblem("accounts:\n- {name: jdoe, role: shift, password: hunter22}\n", "accounts[0].password: not an Argon2id hash");
        assertProblem("accounts:\n- {name: jdoe, role: shift}\n- {name: jdoe, role: expert}\n", "accounts[1]: a second account named 'jdoe'");
        assertProblem("accounts:\n- {name: jdoe, role: shift, pasword: x}\n", "accounts[0].pasword: unknown field");
        assertProblem("accounts:\n- {name: 'j doe', role: shift}\n", "accounts[0].name: 'j doe' is not an account name");
        assertProblem("accounts:\n- {name: jdoe, role: shift, tokens: [abc]}\n", "accounts[0].tokens: 'abc' is not a token hash");
        assertProblem("users: []\n", "expected one key 'accounts'");
    }

    @Test
    void anAccountsFileChangedOnDiskIsReadAgain() throws IOException {
        Path f = dir.resolve("accounts.yaml");
        AccountsFile.write(f, List.of(new Account("jdoe", Role.SHIFT, null, List.of())));
        Accounts accounts = Accounts.load(f, null);
        assertEquals(Role.SHIFT, accounts.current("jdoe").orElseThrow().role());
        AccountsFile.write(f, List.of(new Account("jdoe", Role.EXPERT, null, List.of())));
        // the file's time may not have moved within its resolution: make sure it has
        Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 2000));
        assertEquals(Role.EXPERT, accounts.current("jdoe").orElseThrow().role(), "a role change counts without a restart");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 4000));
        assertEquals(Role.EXPERT, accounts.current("jdoe").orElseThrow().role(), "a file that no longer reads keeps the accounts read before");
    }

    private void assertProblem(String yaml, String expected) throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.deleteIfExists(f);
        Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(f, yaml);
        IOException e = assertThrows(IOException.class, () -> AccountsFile.read(f));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
