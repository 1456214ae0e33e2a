package eu.ess.cevns.app;

import eu.ess.cevns.config.ConfigException;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.SiteChecks;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.access.Account;
import eu.ess.cevns.daq.access.AccountsFile;
import eu.ess.cevns.daq.access.PasswordHash;
import eu.ess.cevns.daq.access.PrivateFile;
import eu.ess.cevns.daq.access.Role;
import eu.ess.cevns.daq.access.ScriptToken;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * {@code cevns-daq user add|passwd|role|remove|token|list}: edits the accounts file (the site's
 * {@code accounts.file}, or {@code --accounts FILE}). Passwords are asked on the terminal without
 * echo, twice, or read from the first line of stdin with {@code --password-stdin}; the file keeps
 * only their Argon2id hashes. A running server reads the file again when it changes.
 */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Manage the accounts of the dashboard and the API: people with a role (viewer: read; shift: also run "
                + "start/stop, alarm acknowledge/shelve, logbook and quality flags; expert: also thresholds, windows, everything), their "
                + "passwords (Argon2id hashes only) and their scripts' tokens. Edits the site's accounts.file (or --accounts FILE), mode "
                + "0600; a running server takes changes at once.",
        subcommands = {UserCommand.Add.class, UserCommand.Passwd.class, UserCommand.SetRole.class, UserCommand.Remove.class,
                UserCommand.Token.class, UserCommand.ListUsers.class})
final class UserCommand {
    /** Shorter is guessed too easily even from a slow hash (NIST SP 800-63B's minimum). */
    static final int MIN_PASSWORD_CHARS = 8;

    /** Which accounts file: --accounts, else the site file's accounts.file. */
    static final class FileOptions {
        @Option(names = "--accounts", paramLabel = "FILE", description = "The accounts file (default: the --site file's accounts.file).")
        Path accounts;

        @Option(names = "--site", paramLabel = "FILE", description = "The site file whose accounts.file to edit.")
        Path site;

        Path file() {
            if (accounts != null) {
                return accounts;
            }
            if (site == null) {
                throw new CommandException("which accounts file? pass --accounts FILE, or --site FILE whose accounts.file names it");
            }
            SiteConfig s;
            try {
                s = ConfigLoader.loadSite(site);
            } catch (ConfigException e) {
                throw new CommandException("cannot read site file: " + e.getMessage(), e);
            }
            if (s.accounts().file() == null) {
                throw new CommandException(site + " has no accounts.file: add 'accounts: {file: accounts.yaml}' to it, or pass --accounts FILE");
            }
            return s.accounts().file();
        }

        /** The accounts of the file; none when it does not exist yet (the first add makes it). */
        List<Account> read(Path file) {
            if (!Files.exists(file)) {
                return new ArrayList<>();
            }
            try {
                return new ArrayList<>(AccountsFile.read(file));
            } catch (IOException e) {
                throw new CommandException(e.getMessage(), e);
            }
        }

        /** Changes account {@code name} of the file as {@code change} says; returns it as it was. */
        Account edit(String name, UnaryOperator<Account> change) {
            Path file = file();
            List<Account> accounts = read(file);
            int i = index(accounts, name, file);
            Account was = accounts.get(i);
            accounts.set(i, change.apply(was));
            write(file, accounts);
            return was;
        }

        void write(Path file, List<Account> accounts) {
            try {
                AccountsFile.write(file, accounts);
            } catch (IOException e) {
                throw new CommandException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** How a password is given. */
    static final class PasswordOptions {
        @Option(names = "--password-stdin", description = "Read the password from the first line of stdin (for scripts) instead of asking.")
        boolean stdin;

        char[] read(String user) {
            if (stdin) {
                try {
                    String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                    if (line == null) {
                        throw new CommandException("--password-stdin: stdin is empty");
                    }
                    return checked(line.toCharArray());
                } catch (IOException e) {
                    throw new CommandException("--password-stdin: " + e.getMessage(), e);
                }
            }
            Console console = System.console();
            if (console == null) {
                throw new CommandException("no terminal to ask the password on: give it on stdin with --password-stdin");
            }
            char[] first = console.readPassword("Password for %s: ", user);
            char[] again = console.readPassword("Same password again: ");
            if (first == null || again == null || !Arrays.equals(first, again)) {
                throw new CommandException("the two passwords differ; nothing changed");
            }
            return checked(first);
        }

        private static char[] checked(char[] p) {
            if (p.length < MIN_PASSWORD_CHARS) {
                throw new CommandException("a password needs at least " + MIN_PASSWORD_CHARS + " characters; nothing changed");
            }
            return p;
        }
    }

    static int index(List<Account> accounts, String name, Path file) {
        for (int i = 0; i < accounts.size(); i++) {
            if (accounts.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new CommandException("no account '" + name + "' in " + file);
    }

    static Role role(String word) {
        try {
            return Role.of(word);
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage(), e);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add an account with a role and a password (asked twice, no echo).")
    static final class Add implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "The account name: recorded with each change it makes.")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, shift or expert.")
        String role;

        @Option(names = "--no-password", description = "No login in the page: the account writes with its tokens only (a script's account).")
        boolean noPassword;

        @Mixin FileOptions files;
        @Mixin PasswordOptions password;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            String problem = Account.nameProblem(name);
            if (problem != null) {
                throw new CommandException(problem);
            }
            Role r = role(role);
            Path file = files.file();
            List<Account> accounts = files.read(file);
            if (accounts.stream().anyMatch(a -> a.name().equals(name))) {
                throw new CommandException("account '" + name + "' exists in " + file + "; change it with 'user passwd' or 'user role'");
            }
            String hash = noPassword ? null : PasswordHash.of(password.read(name));
            accounts.add(new Account(name, r, hash, List.of()));
            files.write(file, accounts);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("added %s (%s) to %s%s%n", name, r.word(), file, noPassword ? ", no password: make it a token with 'user token " + name + "'" : "");
            out.flush();
            return 0;
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set an account's password (asked twice, no echo).")
    static final class Passwd implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin FileOptions files;
        @Mixin PasswordOptions password;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            char[] pw = password.read(name);
            files.edit(name, a -> a.withPasswordHash(PasswordHash.of(pw)));
            spec.commandLine().getOut().printf("password of %s set in %s%n", name, files.file());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "role", mixinStandardHelpOptions = true, description = "Change an account's role (its logins and tokens follow at once).")
    static final class SetRole implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "ROLE", description = "viewer, shift or expert.")
        String role;

        @Mixin FileOptions files;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            Role r = role(role);
            Role was = files.edit(name, a -> a.withRole(r)).role();
            spec.commandLine().getOut().printf("%s: %s -> %s in %s%n", name, was.word(), r.word(), files.file());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an account: its logins and tokens stop working at once.")
    static final class Remove implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin FileOptions files;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            Path file = files.file();
            List<Account> accounts = files.read(file);
            accounts.remove(index(accounts, name, file));
            files.write(file, accounts);
            spec.commandLine().getOut().printf("removed %s from %s%n", name, file);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Make a bearer token for an account's scripts (e.g. 'run start' from cron with --token-file): shown once, "
                    + "or written to --out FILE (mode 0600); the accounts file keeps its SHA-256 only. --revoke ends all its tokens.")
    static final class Token implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @ArgGroup
        What what;

        static final class What {
            @Option(names = "--out", paramLabel = "FILE", description = "Write the token to this file (mode 0600) instead of printing it.")
            Path out;

            @Option(names = "--revoke", description = "Remove every token of the account.")
            boolean revoke;
        }

        @Mixin FileOptions files;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Path file = files.file();
            List<Account> accounts = files.read(file);
            int i = index(accounts, name, file);
            Account a = accounts.get(i);
            PrintWriter out = spec.commandLine().getOut();
            if (what != null && what.revoke) {
                accounts.set(i, a.withTokenHashes(List.of()));
                files.write(file, accounts);
                out.printf("revoked %d token(s) of %s%n", a.tokenHashes().size(), name);
                out.flush();
                return 0;
            }
            String token = ScriptToken.generate();
            List<String> hashes = new ArrayList<>(a.tokenHashes());
            hashes.add(ScriptToken.hash(token));
            if (what != null && what.out != null) {
                PrivateFile.write(what.out, token + "\n");
            }
            accounts.set(i, a.withTokenHashes(hashes));
            files.write(file, accounts);
            if (what != null && what.out != null) {
                out.printf("token of %s (%s) written to %s (mode 0600); use it with --token-file %s%n", name, a.role().word(), what.out, what.out);
            } else {
                out.println(token);
                spec.commandLine().getErr().printf("token of %s (%s): shown once, keep it in a file of mode 0600 for --token-file%n",
                        name, a.role().word());
                spec.commandLine().getErr().flush();
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the accounts: name, role, password set, tokens.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin FileOptions files;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            Path file = files.file();
            PrintWriter out = spec.commandLine().getOut();
            String problem = Files.exists(file) ? SiteChecks.accountsFileProblem(file) : null;
            if (problem != null) {
                throw new CommandException(problem);
            }
            out.printf("%-32s %-7s %-8s %s%n", "NAME", "ROLE", "PASSWORD", "TOKENS");
            for (Account a : files.read(file)) {
                out.printf("%-32s %-7s %-8s %d%n", a.name(), a.role().word(), a.passwordHash() == null ? "no" : "set", a.tokenHashes().size());
            }
            out.flush();
            return 0;
        }
    }
}
