package org.neurostream.monitoring.dashboard;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import org.neurostream.core.io.SecretFile;

/**
 * Who may read the dashboard. Bound to a loopback address, anyone on this machine may (the
 * default); bound anywhere else, a request must present the token, compared in constant time so
 * that response times tell nothing about how much of a guess was right.
 */
public final class DashboardAccess {
    /** The environment variable that holds the token when no file names one. */
    public static final String TOKEN_VARIABLE = "NEUROSTREAM_DASHBOARD_TOKEN";

    private final byte[] tokenDigest;
    private final String token;

    private DashboardAccess(final String token) {
        this.token = token;
        this.tokenDigest = token == null ? null : sha256(token);
    }

    /**
     * The token the user keeps for the dashboard: the first line of {@code file} when one is named,
     * else {@link #TOKEN_VARIABLE} in {@code environment}, else null. Never from a command-line
     * argument, which every user of the machine can read.
     *
     * @throws IOException when the file is missing, empty or unreadable (one line naming it)
     */
    public static String token(final Path file, final Map<String, String> environment)
            throws IOException {
        if (file != null) {
            return SecretFile.read(file, "the dashboard token");
        }
        final String value = environment.get(TOKEN_VARIABLE);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Open access, for a server bound to loopback. */
    public static DashboardAccess open() {
        return new DashboardAccess(null);
    }

    /** Access with {@code token}, which must not be blank. */
    public static DashboardAccess withToken(final String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the dashboard token must not be blank");
        }
        return new DashboardAccess(token);
    }

    /**
     * The policy for a server bound to {@code bind}: open on loopback, else {@code token}, or a
     * fresh random one when {@code token} is null. A token given for a loopback address is required
     * too: the user asked for it.
     */
    public static DashboardAccess forBind(final InetAddress bind, final String token) {
        if (token != null) {
            return withToken(token);
        }
        return bind.isLoopbackAddress() ? open() : withToken(randomToken());
    }

    /** 128 random bits as 32 hex digits. */
    public static String randomToken() {
        final byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Whether requests need a token. */
    public boolean requiresToken() {
        return tokenDigest != null;
    }

    /** The token requests must present; null when none is needed. */
    public String token() {
        return token;
    }

    /**
     * Whether {@code presented} (null when the request carried none) grants access. Both sides are
     * hashed first so that the comparison takes the same time whatever the lengths.
     */
    public boolean allows(final String presented) {
        if (tokenDigest == null) {
            return true;
        }
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(tokenDigest, sha256(presented));
    }

    private static byte[] sha256(final String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
