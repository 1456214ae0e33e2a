package eu.ess.cevns.daq.control;

import eu.ess.cevns.config.SiteChecks;
import eu.ess.cevns.daq.access.PrivateFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The server's one write token: the bearer token of the built-in expert account (what every write
 * needed before there were accounts, and what scripts and tests still use). It comes from the site file, or else from
 * {@code <data>/token}, which the server creates with mode 0600 on first start so that only the
 * account running the DAQ (and its client commands, which read the same file) can write.
 */
public final class WriteToken {
    /** Name of the token file in the data root. */
    public static final String FILE_NAME = "token";

    private final byte[] token;

    private WriteToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    public static WriteToken of(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("write token must not be empty");
        }
        return new WriteToken(token.strip());
    }

    /**
     * The site file's token if it has one, else its token file (which must be mode 0600: a token
     * others can read guards nothing), else the data root's token file, created if missing.
     */
    public static WriteToken forServer(String siteToken, Path siteTokenFile, Path dataRoot) throws IOException {
        if (siteToken != null && !siteToken.isBlank()) {
            return of(siteToken);
        }
        if (siteTokenFile != null) {
            String problem = SiteChecks.tokenFileProblem(siteTokenFile);
            if (problem != null) {
                throw new IOException("writeTokenFile: " + problem);
            }
            return read(siteTokenFile);
        }
        Path file = dataRoot.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return read(file);
        }
        Files.createDirectories(dataRoot);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String value = HexFormat.of().formatHex(random);
        PrivateFile.write(file, value + "\n");
        return of(value);
    }

    /** Reads a token file as client commands do; says what is wrong if it cannot. */
    public static WriteToken read(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException("cannot read write token file " + file
                    + " (the server creates it in its data root on first start; pass --data DIR or --token-file FILE)");
        }
        return of(Files.readString(file));
    }

    public String value() {
        return new String(token, StandardCharsets.UTF_8);
    }

    /** True when the {@code Authorization} header carries this token as a bearer token. */
    public boolean permits(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] offered = authorizationHeader.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(offered, token);
    }
}
