package eu.ess.cevns.config;

import java.nio.file.Path;

/**
 * HTTPS for the API and the dashboard (site file {@code http.tls:}): a PEM certificate (chain)
 * and its PEM private key (PKCS#8, unencrypted, readable by the server's account only).
 *
 * @param certificate the certificate chain, PEM
 * @param key         the private key, PEM
 */
public record TlsSettings(Path certificate, Path key) {
}
