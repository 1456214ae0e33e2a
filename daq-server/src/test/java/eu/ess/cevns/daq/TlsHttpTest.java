package eu.ess.cevns.daq;

import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.config.HttpSettings;
import eu.ess.cevns.config.TlsSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTPS with a self-signed certificate made for the test by the machine's openssl: a client that
 * trusts it reads and logs in (the session cookie then carries Secure), a client that does not
 * trust it is refused by the handshake, and plain HTTP on the port gets no answer.
 */
class TlsHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    void theApiSpeaksHttpsWithThePemCertificateAndKeyOfTheSite() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost").redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, new String(p.getInputStream().readAllBytes()));

        try (DaqServer server = DaqServer.start(TestSites.site(dir.resolve("data"))
                .with(b -> b.http = new HttpSettings(List.of(), new TlsSettings(cert, key))), "test")) {
            assertTrue(server.httpUrl().startsWith("https://127.0.0.1:"), server.httpUrl());
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(cert)).build();
            HttpResponse<String> status = trusting.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/api/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, status.statusCode());
            assertEquals("IDLE", JSON.readTree(status.body()).at("/run/state").asText());
            HttpResponse<String> login = trusting.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/api/login"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"token\": \"test-token\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            String cookie = login.headers().firstValue("set-cookie").orElseThrow();
            assertTrue(cookie.endsWith("; Secure") && cookie.contains("HttpOnly"), "over TLS the cookie is Secure: " + cookie);

            HttpClient stranger = HttpClient.newHttpClient();
            assertThrows(IOException.class, () -> stranger.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/api/status")).build(),
                    HttpResponse.BodyHandlers.ofString()), "an untrusted certificate fails the handshake");
            URI plain = URI.create(server.httpUrl().replace("https://", "http://") + "/api/status");
            assertThrows(IOException.class, () -> stranger.send(HttpRequest.newBuilder(plain).build(), HttpResponse.BodyHandlers.ofString()),
                    "plain HTTP gets no answer on the TLS port");
        }
    }

    @Test
    void aKeyThatIsNoKeyStopsTheStartNamingTheFiles() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.writeString(cert, "not a certificate\n");
        Files.writeString(key, "not a key\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        IOException e = assertThrows(IOException.class, () -> DaqServer.start(TestSites.site(dir.resolve("data"))
                .with(b -> b.http = new HttpSettings(List.of(), new TlsSettings(cert, key))), "test"));
        assertTrue(e.getMessage().startsWith("cannot use the TLS certificate " + cert + " with the key " + key), e.getMessage());
    }

    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            ks.setCertificateEntry("test", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
