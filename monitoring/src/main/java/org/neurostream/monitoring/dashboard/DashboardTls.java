package org.neurostream.monitoring.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.neurostream.core.io.SecretFile;

/**
 * The dashboard's TLS identity: its certificate and private key from a key store (PKCS12 or JKS,
 * found by its content), unlocked with a password kept in a file of its own ({@link SecretFile}).
 */
public final class DashboardTls {
    private DashboardTls() {}

    /**
     * {@link #load} when both files are given, null (plain HTTP) when neither is.
     *
     * @throws IllegalArgumentException when only one is given
     */
    public static SSLContext loadIfGiven(final Path keyStore, final Path passwordFile)
            throws IOException {
        if ((keyStore == null) != (passwordFile == null)) {
            throw new IllegalArgumentException(
                    "--dashboard-tls-keystore and --dashboard-tls-password-file go together");
        }
        return keyStore == null ? null : load(keyStore, passwordFile);
    }

    /**
     * A TLS context serving the key store's key and certificate chain.
     *
     * @throws IOException one line naming the file and the reason (missing, not a key store, wrong
     *     password, no private key); never the password
     */
    public static SSLContext load(final Path keyStore, final Path passwordFile) throws IOException {
        final char[] password =
                SecretFile.read(passwordFile, "the dashboard key store password").toCharArray();
        if (!Files.isRegularFile(keyStore)) {
            throw new java.nio.file.NoSuchFileException(
                    keyStore.toString(), null, "the dashboard key store: no such file");
        }
        try {
            final KeyStore store = KeyStore.getInstance(keyStore.toFile(), password);
            if (!store.aliases().hasMoreElements()
                    || java.util.Collections.list(store.aliases()).stream()
                            .noneMatch(a -> isKey(store, a))) {
                throw new IOException(keyStore + ": the dashboard key store holds no private key");
            }
            final KeyManagerFactory keys =
                    KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            final SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
            return tls;
        } catch (final IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(keyStore.toString())) {
                throw e;
            }
            throw new IOException(
                    keyStore
                            + ": the dashboard key store cannot be opened"
                            + (e.getCause() instanceof UnrecoverableKeyException
                                    ? " with the password in " + passwordFile
                                    : ": " + e.getMessage()));
        } catch (final GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(
                    keyStore + ": the dashboard key store cannot be used: " + e.getMessage());
        }
    }

    private static boolean isKey(final KeyStore store, final String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (final GeneralSecurityException e) {
            return false;
        }
    }
}
