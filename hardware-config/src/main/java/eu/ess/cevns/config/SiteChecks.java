package eu.ess.cevns.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a site must satisfy on this machine before a server may start with it, beyond what the file
 * itself says: the bind address is an address of this machine; no two listeners of one protocol
 * share a port; a token file exists and is readable by its owner only; a site file that holds the
 * write token inline is readable by its owner only (a token others can read guards nothing).
 * {@code config validate} runs these while it reads the file ({@link ConfigLoader#loadSiteForServer}),
 * and the server runs them again on the site it is started with ({@link #check}), overrides
 * included: one set of checks, so a file {@code validate} passes is one {@code serve} accepts.
 */
public final class SiteChecks {
    private SiteChecks() {
    }

    /** Every problem of {@code site} on this machine, thrown together; returns when there is none. */
    public static void check(SiteConfig site) {
        ConfigProblems problems = new ConfigProblems();
        String file = site.source();
        report(problems, file, "bindAddress", bindAddressProblem(site.bindAddress()));
        portProblems(site.ports(), file, problems);
        if (site.writeTokenFile() != null) {
            report(problems, file, "writeTokenFile", tokenFileProblem(site.writeTokenFile()));
        }
        if (site.writeToken() != null) {
            Path siteFile = Path.of(file);
            if (Files.isRegularFile(siteFile)) {
                report(problems, file, "writeToken", inlineTokenProblem(siteFile));
            }
        }
        accessProblems(site.http(), site.accounts(), file, problems);
        problems.throwIfAny();
    }

    /** The accounts file and the TLS files: there, and the secrets readable by their owner only. */
    static void accessProblems(HttpSettings http, AccountsSettings accounts, String file, ConfigProblems problems) {
        if (accounts != null && accounts.file() != null) {
            report(problems, file, "accounts.file", accountsFileProblem(accounts.file()));
        }
        if (http != null && http.tls() != null) {
            report(problems, file, "http.tls.certificate", readableProblem(http.tls().certificate(), "the PEM certificate"));
            String key = readableProblem(http.tls().key(), "the PEM private key");
            if (key == null) {
                String mode = modeIfOpenToOthers(http.tls().key());
                key = mode == null ? null : http.tls().key() + " has mode " + mode + "; a private key others can read "
                        + "lets them pose as this server: chmod 600 " + http.tls().key();
            }
            report(problems, file, "http.tls.key", key);
        }
    }

    /**
     * Null if {@code accountsFile} can hold the accounts, else why not and what to do: it must
     * exist and be the server account's alone (the password hashes and token hashes in it are
     * worth guessing at, and who can write it makes themselves an expert).
     */
    public static String accountsFileProblem(Path accountsFile) {
        String missing = readableProblem(accountsFile, "the accounts file");
        if (missing != null) {
            return missing + "; create it with 'cevns-daq user add NAME --role expert --accounts " + accountsFile + "'";
        }
        String mode = modeIfOpenToOthers(accountsFile);
        return mode == null ? null : accountsFile + " has mode " + mode + "; whoever can read it may guess at its hashes, and "
                + "whoever can write it may make themselves an expert: chmod 600 " + accountsFile;
    }

    private static String readableProblem(Path f, String what) {
        if (Files.isRegularFile(f) && Files.isReadable(f)) {
            return null;
        }
        return "cannot read " + what + " " + f + " (" + (Files.exists(f) ? "not a readable file" : "no such file") + ")";
    }

    static void report(ConfigProblems problems, String file, String field, String problem) {
        if (problem != null) {
            problems.add(file, field, problem);
        }
    }

    /** Null if the server can listen on {@code bind}, else why not (with the addresses it could use). */
    public static String bindAddressProblem(String bind) {
        InetAddress a;
        try {
            a = InetAddress.getByName(bind);
        } catch (UnknownHostException | SecurityException e) {
            return "'" + bind + "' is neither an IP address nor a host name that resolves; use one of this machine's addresses ("
                    + String.join(", ", localAddresses()) + "), or 0.0.0.0 for all";
        }
        if (a.isAnyLocalAddress() || a.isLoopbackAddress()) {
            return null;
        }
        try {
            if (NetworkInterface.getByInetAddress(a) != null) {
                return null;
            }
        } catch (SocketException e) {
            return "cannot list this machine's network interfaces to check '" + bind + "': " + e.getMessage();
        }
        return "'" + bind + "'" + (bind.equals(a.getHostAddress()) ? "" : " (" + a.getHostAddress() + ")")
                + " is not an address of this machine; use one of " + String.join(", ", localAddresses()) + ", or 0.0.0.0 for all";
    }

    private static List<String> localAddresses() {
        Set<String> out = new TreeSet<>();
        try {
            for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(n.getInetAddresses())) {
                    if (!a.isLinkLocalAddress()) {
                        out.add(a.getHostAddress().replaceFirst("%.*", ""));
                    }
                }
            }
        } catch (SocketException e) {
            out.add("127.0.0.1");
        }
        return new ArrayList<>(out);
    }

    /**
     * Two listeners of one protocol on one port: the second could not bind. TCP: readout, HTTP,
     * pvAccess; UDP: readout, pvAccess search. A UDP and a TCP listener may share a number. Port 0
     * (a free port each) never conflicts.
     */
    static void portProblems(Ports p, String file, ConfigProblems problems) {
        Map<String, Integer> tcp = new LinkedHashMap<>();
        tcp.put("ports.tcp", p.tcp());
        tcp.put("ports.http", p.http());
        tcp.put("ports.pva", p.pva());
        Map<String, Integer> udp = new LinkedHashMap<>();
        udp.put("ports.udp", p.udp());
        udp.put("ports.pvaBroadcast", p.pvaBroadcast());
        for (Map<String, Integer> protocol : List.of(tcp, udp)) {
            Map<Integer, String> taken = new LinkedHashMap<>();
            protocol.forEach((key, port) -> {
                String other = port == 0 ? null : taken.putIfAbsent(port, key);
                if (other != null) {
                    problems.add(file, key, port + " is also " + other + " (" + (protocol == tcp ? "TCP" : "UDP")
                            + "): two listeners cannot share a port; give each its own, or 0 for a free one");
                }
            });
        }
    }

    /** Null if {@code tokenFile} can hold the write token, else why not and what to do. */
    public static String tokenFileProblem(Path tokenFile) {
        if (!Files.isRegularFile(tokenFile) || !Files.isReadable(tokenFile)) {
            return "cannot read " + tokenFile + " (" + (Files.exists(tokenFile) ? "not a readable file" : "no such file")
                    + "); create it with the token, readable by the server's account only (chmod 600)";
        }
        String mode = modeIfOpenToOthers(tokenFile);
        return mode == null ? null : tokenFile + " has mode " + mode + "; a token others can read guards nothing: chmod 600 " + tokenFile;
    }

    /** Null if a site file holding the token inline is readable by its owner only, else why that matters. */
    static String inlineTokenProblem(Path siteFile) {
        String mode = modeIfOpenToOthers(siteFile);
        return mode == null ? null : "the site file holds the write token but has mode " + mode
                + "; a token others can read guards nothing: chmod 600 " + siteFile + ", or move the token to a writeTokenFile";
    }

    /** The file's mode if its group or others have any permission on it, else null (also where POSIX modes do not exist). */
    public static String modeIfOpenToOthers(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            String mode = PosixFilePermissions.toString(perms);
            return mode.endsWith("------") ? null : mode;
        } catch (UnsupportedOperationException | IOException e) {
            return null;
        }
    }
}
