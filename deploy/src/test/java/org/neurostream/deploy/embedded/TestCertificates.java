package org.neurostream.deploy.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A server's key store for tests that need TLS outside this package (the dashboard), issued by a
 * fresh {@link ThrowawayCa}, with an {@link SSLContext} that trusts that authority only.
 *
 * @param keyStore the PKCS12 key store, valid for 127.0.0.1 and localhost
 * @param passwordFile the file whose first line is the key store's password
 * @param trusting a client context that trusts the authority and nothing else
 */
public record TestCertificates(Path keyStore, Path passwordFile, SSLContext trusting) {
    /** Writes {@code server.p12} and {@code server.password} into {@code dir}. */
    public static TestCertificates issue(final Path dir) throws IOException {
        final char[] password = "test-store-password".toCharArray();
        try {
            final ThrowawayCa ca = ThrowawayCa.create();
            final Path keyStore = dir.resolve("server.p12");
            ThrowawayCa.write(ca.issue("server", password), keyStore, password);
            final Path passwordFile =
                    Files.writeString(dir.resolve("server.password"), new String(password) + "\n");
            final TrustManagerFactory trust =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            final KeyStore anchors = ca.trustStore();
            trust.init(anchors);
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return new TestCertificates(keyStore, passwordFile, context);
        } catch (final GeneralSecurityException e) {
            throw new IOException("cannot make test certificates", e);
        }
    }
}
