package eu.ess.cevns.app;

import eu.ess.cevns.daq.control.WriteToken;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a writing client command finds its bearer token: {@code --token-file} (an account's token
 * from {@code cevns-daq user token NAME --out FILE}, or the server's write token), else the
 * server's token file in {@code --data DIR} (default {@code ./data}, where {@code serve} and
 * {@code demo} keep it unless told otherwise; readable by the server's account only).
 */
final class TokenOptions {
    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding your account's token ('cevns-daq user token NAME --out FILE') or the server's write token.")
    Path tokenFile;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
            description = "Data root of the server; its token file is used when --token-file is not given (default: ${DEFAULT-VALUE}).")
    Path dataRoot;

    /** Who a write from the command line is recorded as: the account running it, marked as the CLI. */
    static String who() {
        return System.getProperty("user.name", "unknown") + "@cli";
    }

    String token() {
        Path file = tokenFile != null ? tokenFile : dataRoot.resolve(WriteToken.FILE_NAME);
        if (tokenFile == null && !Files.exists(file)) {
            throw new CommandException("no write token at " + file.toAbsolutePath()
                    + ": pass --token-file FILE with your account's token (made by 'cevns-daq user token NAME --out FILE'), "
                    + "or --data DIR (the server's data root, for its own account)");
        }
        if (tokenFile == null && !Files.isReadable(file)) {
            throw new CommandException("the server's write token " + file.toAbsolutePath() + " is its own account's alone: "
                    + "pass --token-file FILE with your account's token (made by 'cevns-daq user token NAME --out FILE')");
        }
        try {
            return WriteToken.read(file).value();
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandException(e.getMessage());
        }
    }
}
