package eu.ess.cevns.app;

import eu.ess.cevns.daq.control.WriteToken;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a writing client command finds the server's write token: {@code --token-file}, else the
 * token file in {@code --data DIR} (default {@code ./data}, where {@code serve} and {@code demo}
 * keep it unless told otherwise).
 */
final class TokenOptions {
    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the server's write token.")
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
                    + ": pass --data DIR (the server's data root) or --token-file FILE");
        }
        try {
            return WriteToken.read(file).value();
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandException(e.getMessage());
        }
    }
}
