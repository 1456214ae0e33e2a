package eu.ess.cevns.app;

import eu.ess.cevns.daq.access.Account;
import eu.ess.cevns.daq.access.Accounts;
import eu.ess.cevns.daq.access.AccountsFile;
import eu.ess.cevns.daq.access.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cevns-daq user}: what each subcommand leaves in the accounts file, and what it refuses. */
class UserCommandTest {
    @TempDir
    Path dir;
    private final InputStream stdin = System.in;

    record Run(int exit, String out, String err) {
    }

    @AfterEach
    void restoreStdin() {
        System.setIn(stdin);
    }

    Run user(String input, String... args) {
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "user";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = cl.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void addPasswdRoleTokenAndRemoveEditTheFileAndALoginFollows() throws Exception {
        Path f = dir.resolve("etc/accounts.yaml");
        String file = f.toString();
        Run add = user("shift-pass-1\n", "add", "asa", "--role", "shift", "--password-stdin", "--accounts", file);
        assertEquals(0, add.exit(), add.err());
        assertEquals("added asa (shift) to " + file + "\n", add.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertFalse(Files.readString(f).contains("shift-pass-1"), "no password in plain text");
        assertTrue(Accounts.load(f, null).login("asa", "shift-pass-1".toCharArray()).isPresent());

        assertEquals(0, user("new-pass-22\n", "passwd", "asa", "--password-stdin", "--accounts", file).exit());
        Accounts accounts = Accounts.load(f, null);
        assertTrue(accounts.login("asa", "shift-pass-1".toCharArray()).isEmpty(), "the old password ends");
        assertTrue(accounts.login("asa", "new-pass-22\n".strip().toCharArray()).isPresent());

        Run role = user("", "role", "asa", "expert", "--accounts", file);
        assertEquals("asa: shift -> expert in " + file + "\n", role.out());

        Run token = user("", "token", "asa", "--accounts", file);
        assertEquals(0, token.exit(), token.err());
        String shown = token.out().strip();
        assertEquals(64, shown.length(), "32 random bytes in hex: " + shown);
        assertTrue(token.err().contains("shown once"), token.err());
        assertFalse(Files.readString(f).contains(shown), "the file keeps the token's hash only");
        assertEquals(Role.EXPERT, Accounts.load(f, null).byToken(shown).orElseThrow().role());

        Path tokenFile = dir.resolve("asa.token");
        assertEquals(0, user("", "token", "asa", "--out", tokenFile.toString(), "--accounts", file).exit());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
        assertEquals("asa", Accounts.load(f, null).byToken(Files.readString(tokenFile).strip()).orElseThrow().name());

        Run list = user("", "list", "--accounts", file);
        assertTrue(list.out().matches("(?s)NAME +ROLE +PASSWORD +TOKENS\nasa +expert +set +2\n"), list.out());

        assertEquals(0, user("", "token", "asa", "--revoke", "--accounts", file).exit());
        assertTrue(Accounts.load(f, null).byToken(shown).isEmpty(), "revoked tokens end");
        assertEquals(0, user("", "remove", "asa", "--accounts", file).exit());
        assertEquals(List.of(), AccountsFile.read(f));
    }

    @Test
    void aScriptAccountHasNoPasswordAndRefusalsSayWhy() throws Exception {
        String file = dir.resolve("accounts.yaml").toString();
        assertEquals(0, user("", "add", "cron", "--role", "shift", "--no-password", "--accounts", file).exit());
        Account cron = AccountsFile.read(Path.of(file)).get(0);
        assertNull(cron.passwordHash());

        assertEquals("cevns-daq add: account 'cron' exists in " + file + "; change it with 'user passwd' or 'user role'\n",
                user("", "add", "cron", "--role", "viewer", "--no-password", "--accounts", file).err());
        assertEquals("cevns-daq add: no role 'boss'; the roles are viewer, shift, expert\n",
                user("", "add", "x", "--role", "boss", "--no-password", "--accounts", file).err());
        assertEquals("cevns-daq add: a password needs at least 8 characters; nothing changed\n",
                user("short\n", "add", "x", "--role", "viewer", "--password-stdin", "--accounts", file).err());
        assertEquals("cevns-daq passwd: no account 'nobody' in " + file + "\n",
                user("long-enough\n", "passwd", "nobody", "--password-stdin", "--accounts", file).err());
        assertEquals("cevns-daq add: which accounts file? pass --accounts FILE, or --site FILE whose accounts.file names it\n",
                user("", "add", "x", "--role", "viewer", "--no-password").err());
        Files.setPosixFilePermissions(Path.of(file), PosixFilePermissions.fromString("rw-rw-r--"));
        Run open = user("", "list", "--accounts", file);
        assertEquals(1, open.exit());
        assertTrue(open.err().contains("has mode rw-rw-r--") && open.err().contains("chmod 600"), open.err());
    }
}
