package eu.ess.cevns.app;

import picocli.CommandLine.Option;

/** The {@code --http URL} option of every client command. */
final class HttpOption {
    @Option(names = "--http", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "Base URL of the server's HTTP API (default: ${DEFAULT-VALUE}).")
    String url;
}
