package org.neurostream.deploy.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.neurostream.core.io.SecretFile;

/**
 * A certificate authority that lives for one run: an EC P-256 key made at start, which signs
 * certificates for names on this machine (subject {@code CN=<name>}, valid for 127.0.0.1 and
 * localhost, for TLS servers and clients alike) and is trusted by nothing but the trust stores it
 * writes itself. Nothing it makes is ever committed or kept: its keys live in memory, and the
 * stores it writes are deleted with the folder they are written to. BouncyCastle builds the
 * certificates; the JDK's providers make the keys and sign.
 */
final class ThrowawayCa {
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Duration VALIDITY = Duration.ofDays(2);

    private final SecureRandom random = new SecureRandom();
    private final KeyPair keys;
    private final X509Certificate certificate;

    private ThrowawayCa(final KeyPair keys, final X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new authority, {@code CN=NeuroStream throw-away CA}. */
    static ThrowawayCa create() throws GeneralSecurityException {
        final KeyPair keys = newKeys();
        final X500Name name = new X500Name("CN=NeuroStream throw-away CA");
        final Instant now = Instant.now();
        try {
            final X509v3CertificateBuilder b =
                    new JcaX509v3CertificateBuilder(
                            name,
                            serial(new SecureRandom()),
                            Date.from(now.minus(Duration.ofHours(1))),
                            Date.from(now.plus(VALIDITY)),
                            name,
                            keys.getPublic());
            final JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(
                    Extension.subjectKeyIdentifier,
                    false,
                    ext.createSubjectKeyIdentifier(keys.getPublic()));
            return new ThrowawayCa(keys, sign(b, keys));
        } catch (final CertIOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot make the throw-away CA", e);
        }
    }

    /** The authority's certificate, the one every trust store it writes holds. */
    X509Certificate certificate() {
        return certificate;
    }

    /**
     * A key store (PKCS12) with a new key and its certificate {@code CN=<name>}, signed by this
     * authority, valid for TLS servers and clients on 127.0.0.1 and localhost, under the alias
     * {@code name} and {@code password}.
     */
    KeyStore issue(final String name, final char[] password) throws GeneralSecurityException {
        final KeyPair leaf = newKeys();
        final Instant now = Instant.now();
        try {
            final X509v3CertificateBuilder b =
                    new JcaX509v3CertificateBuilder(
                            certificate,
                            serial(random),
                            Date.from(now.minus(Duration.ofHours(1))),
                            Date.from(now.plus(VALIDITY)),
                            new X500Name("CN=" + name),
                            leaf.getPublic());
            final JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(
                    Extension.extendedKeyUsage,
                    false,
                    new ExtendedKeyUsage(
                            new KeyPurposeId[] {
                                KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                            }));
            b.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(
                            new GeneralName[] {
                                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                                new GeneralName(GeneralName.dNSName, "localhost")
                            }));
            b.addExtension(
                    Extension.subjectKeyIdentifier,
                    false,
                    ext.createSubjectKeyIdentifier(leaf.getPublic()));
            b.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    ext.createAuthorityKeyIdentifier(certificate));
            final X509Certificate issued = sign(b, keys);
            final KeyStore store = emptyStore();
            store.setKeyEntry(
                    name, leaf.getPrivate(), password, new Certificate[] {issued, certificate});
            return store;
        } catch (final CertIOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot issue a certificate for " + name, e);
        }
    }

    /** A trust store (PKCS12) that trusts this authority only. */
    KeyStore trustStore() throws GeneralSecurityException {
        final KeyStore store = emptyStore();
        store.setCertificateEntry("neurostream-throwaway-ca", certificate);
        return store;
    }

    /**
     * Writes {@code store} to {@code file}, readable by this user only where the file system can.
     */
    static void write(final KeyStore store, final Path file, final char[] password)
            throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
        SecretFile.ownerOnly(file);
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        final KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (final IOException e) {
            throw new GeneralSecurityException(e);
        }
        return store;
    }

    private static KeyPair newKeys() throws GeneralSecurityException {
        final KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static BigInteger serial(final SecureRandom random) {
        return new BigInteger(64, random).add(BigInteger.ONE);
    }

    private static X509Certificate sign(final X509v3CertificateBuilder b, final KeyPair signer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(
                        b.build(new JcaContentSignerBuilder(SIGNATURE).build(signer.getPrivate())));
    }
}
