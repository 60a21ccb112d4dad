package org.neurostream.ingest.identifiers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.neurostream.core.io.SecretFile;

/**
 * What of a recording identifies a person, and what stream metadata, journals and Kafka get
 * instead: by default a stable pseudonym, {@code anon-} and 16 hex digits of HMAC-SHA-256 of the
 * value (trimmed, lower case) under a key, so that two recordings of one person share a pseudonym
 * under one key while the person stays unknown to anyone without it. The identifiers are the
 * readers' identification fields (EDF/BDF's patient and recording fields, through {@link #field})
 * and the parts of file names the user marks with patterns ({@link #name}); with {@link #kept()}
 * ({@code --keep-identifiers}) they pass unchanged. Fields that say nothing (blank, or EDF+'s
 * {@code X} for unknown in every subfield) stay absent rather than becoming a pseudonym that every
 * such file would share.
 *
 * <p>The key is the user's ({@code --pseudonym-key-file FILE}, or {@value #KEY_VARIABLE} in the
 * environment), or random for one run, when pseudonyms link nothing across runs.
 */
public final class Identifiers {
    /** The environment variable that holds the pseudonym key when no file is named. */
    public static final String KEY_VARIABLE = "NEUROSTREAM_PSEUDONYM_KEY";

    /** Every pseudonym starts with this. */
    public static final String PREFIX = "anon-";

    /** The shortest key taken, in bytes. */
    public static final int MIN_KEY_BYTES = 16;

    private static final Pattern UNKNOWN = Pattern.compile("[Xx](\\s+[Xx])*");
    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] key;
    private final String keyOrigin;
    private final List<Pattern> marked;
    private final AtomicInteger fields = new AtomicInteger();
    private final AtomicInteger names = new AtomicInteger();

    private Identifiers(final byte[] key, final String keyOrigin, final List<Pattern> marked) {
        this.key = key;
        this.keyOrigin = keyOrigin;
        this.marked = List.copyOf(marked);
    }

    /** Identifiers pass unchanged ({@code --keep-identifiers}). */
    public static Identifiers kept() {
        return new Identifiers(null, null, List.of());
    }

    /** Pseudonyms under a random key of this run; file name parts matching {@code marked}. */
    public static Identifiers pseudonyms(final List<Pattern> marked) {
        final byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new Identifiers(key, "a random key of this run", marked);
    }

    /**
     * Pseudonyms under {@code key} (at least {@link #MIN_KEY_BYTES} bytes), named {@code origin} in
     * the notice.
     *
     * @throws IllegalArgumentException when the key is shorter
     */
    public static Identifiers pseudonyms(
            final byte[] key, final String origin, final List<Pattern> marked) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(
                    origin + ": the pseudonym key must have at least " + MIN_KEY_BYTES + " bytes");
        }
        return new Identifiers(key.clone(), origin, marked);
    }

    /**
     * The identifiers a command's options ask for: kept, or pseudonyms under the key in {@code
     * keyFile}, else under {@value #KEY_VARIABLE} of {@code environment}, else a random key.
     *
     * @throws IOException one line naming the key file or variable and what is wrong with it
     */
    public static Identifiers of(
            final boolean keep,
            final Path keyFile,
            final List<Pattern> marked,
            final Map<String, String> environment)
            throws IOException {
        if (keep) {
            return kept();
        }
        try {
            if (keyFile != null) {
                return pseudonyms(
                        SecretFile.read(keyFile, "the pseudonym key")
                                .getBytes(StandardCharsets.UTF_8),
                        keyFile.toString(),
                        marked);
            }
            final String fromEnvironment = environment.get(KEY_VARIABLE);
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                return pseudonyms(
                        fromEnvironment.strip().getBytes(StandardCharsets.UTF_8),
                        KEY_VARIABLE,
                        marked);
            }
        } catch (final IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
        return pseudonyms(marked);
    }

    /** Whether identifiers pass unchanged. */
    public boolean keeps() {
        return key == null;
    }

    /** The pseudonym of {@code value}: {@code anon-} and 16 hex digits. */
    public String pseudonym(final String value) {
        if (key == null) {
            throw new IllegalStateException("identifiers are kept: there is no pseudonym key");
        }
        try {
            final Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            final byte[] digest =
                    mac.doFinal(
                            value.strip()
                                    .toLowerCase(Locale.ROOT)
                                    .getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest, 0, 8);
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + ALGORITHM, e);
        }
    }

    /**
     * What metadata gets of an identification field: null when it says nothing, the field itself
     * when identifiers are kept, else its pseudonym.
     */
    public String field(final String value) {
        if (value == null || value.isBlank() || UNKNOWN.matcher(value.strip()).matches()) {
            return null;
        }
        if (keeps()) {
            return value.strip();
        }
        fields.incrementAndGet();
        return pseudonym(value);
    }

    /**
     * {@code text} (a file name, a path, a session name) with every part that a marked pattern
     * matches replaced by its pseudonym; unchanged when identifiers are kept.
     */
    public String name(final String text) {
        if (keeps() || marked.isEmpty()) {
            return text;
        }
        String out = text;
        for (final Pattern p : marked) {
            final Matcher m = p.matcher(out);
            final StringBuilder b = new StringBuilder();
            boolean any = false;
            while (m.find()) {
                if (m.end() > m.start()) {
                    m.appendReplacement(b, Matcher.quoteReplacement(pseudonym(m.group())));
                    any = true;
                }
            }
            m.appendTail(b);
            if (any) {
                names.incrementAndGet();
                out = b.toString();
            }
        }
        return out;
    }

    /**
     * The one line a run says about identifiers it replaced, or null when it replaced none: what
     * was replaced, under which key, and how to keep them.
     */
    public String notice() {
        if (keeps() || fields.get() + names.get() == 0) {
            return null;
        }
        final StringBuilder s =
                new StringBuilder("identifiers replaced by pseudonyms (HMAC-SHA-256 under ")
                        .append(keyOrigin)
                        .append("): ");
        if (fields.get() > 0) {
            s.append("the identification fields of the headers");
        }
        if (names.get() > 0) {
            s.append(fields.get() > 0 ? ", " : "")
                    .append("the parts of file names matching ")
                    .append(String.join(" ", marked.stream().map(Pattern::pattern).toList()));
        }
        return s.append("; --keep-identifiers keeps them").toString();
    }
}
