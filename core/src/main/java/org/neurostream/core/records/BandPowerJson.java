package org.neurostream.core.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Writes a {@link BandPowerRecord}'s JSON, byte for byte what {@link RecordJson#newMapper()} writes
 * for it, without Jackson's bean path: the fields in declaration order straight into a reused byte
 * buffer, the doubles through {@link PlainDoubleText}. Band-power records are the largest records
 * the job writes per window (hundreds of doubles each), and the bean path's per-value dispatch was
 * a good part of their encoding on the band-power thread.
 *
 * <p>What it does not write itself it takes from Jackson, so that the text stays Jackson's: a
 * string with any character outside printable ASCII, a quote or a backslash (Jackson's escaping),
 * non-finite doubles (Jackson writes them as quoted strings), and doubles {@code PlainDoubleText}
 * declines ({@link Double#toString(double)}, as Jackson prints them). {@code BandPowerJsonTest}
 * compares the bytes with the mapper's on random and edge-case records.
 *
 * <p>Not thread-safe: one per writing thread (a sink's serializer keeps one).
 */
public final class BandPowerJson {
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final ObjectMapper JACKSON = RecordJson.newMapper();
    private static final byte[] NAN = jackson(Double.NaN);
    private static final byte[] POSITIVE_INFINITY = jackson(Double.POSITIVE_INFINITY);
    private static final byte[] NEGATIVE_INFINITY = jackson(Double.NEGATIVE_INFINITY);

    private static final byte[] KIND = ascii("{\"kind\":");
    private static final byte[] STREAM_ID = ascii(",\"stream_id\":");
    private static final byte[] SEQ = ascii(",\"seq\":");
    private static final byte[] START_NS = ascii(",\"start_ns\":");
    private static final byte[] END_NS = ascii(",\"end_ns\":");
    private static final byte[] INGEST_NS = ascii(",\"ingest_ns\":");
    private static final byte[] CHANNELS = ascii(",\"channels\":");
    private static final byte[] BANDS = ascii(",\"bands\":");
    private static final byte[] BAND_POWER = ascii(",\"band_power\":");
    private static final byte[] RELATIVE_POWER = ascii(",\"relative_power\":");
    private static final byte[] INTEGRATION = ascii(",\"integration\":");
    private static final byte[] NPERSEG = ascii(",\"nperseg\":");
    private static final byte[] WINDOW_SAMPLES = ascii(",\"window_samples\":");
    private static final byte[] AVERAGING_SECONDS = ascii(",\"averaging_seconds\":");
    private static final byte[] DIFFERENTIAL_ENTROPY = ascii(",\"differential_entropy\":");
    private static final byte[] DIFFERENTIAL_ENTROPY_FLOORED =
            ascii(",\"differential_entropy_floored\":");
    private static final byte[] ENTROPY_LOG_BASE = ascii(",\"entropy_log_base\":");
    private static final byte[] SETTLING = ascii(",\"settling\":");

    /** Room for a long's or a double's text. */
    private final char[] text = new char[Math.max(PlainDoubleText.MAX_LENGTH, 32)];

    private byte[] buffer = new byte[1 << 14];
    private int length;

    /** A writer with an empty buffer. */
    public BandPowerJson() {}

    /**
     * The record's JSON as {@code RecordJson.newMapper().writeValueAsBytes(record)} gives it.
     *
     * @throws IllegalArgumentException where Jackson would refuse a string of the record
     */
    public byte[] encode(final BandPowerRecord r) {
        length = 0;
        put(KIND);
        string(r.kind);
        put(STREAM_ID);
        string(r.streamId);
        put(SEQ);
        number(r.seq);
        put(START_NS);
        number(r.startNs);
        put(END_NS);
        number(r.endNs);
        put(INGEST_NS);
        number(r.ingestNs);
        put(CHANNELS);
        number(r.channels);
        put(BANDS);
        strings(r.bands);
        put(BAND_POWER);
        numbers(r.bandPower);
        put(RELATIVE_POWER);
        numbers(r.relativePower);
        put(INTEGRATION);
        string(r.integration);
        put(NPERSEG);
        number(r.nperseg);
        put(WINDOW_SAMPLES);
        number(r.windowSamples);
        put(AVERAGING_SECONDS);
        number(r.averagingSeconds);
        put(DIFFERENTIAL_ENTROPY);
        numbers(r.differentialEntropy);
        put(DIFFERENTIAL_ENTROPY_FLOORED);
        booleans(r.differentialEntropyFloored);
        put(ENTROPY_LOG_BASE);
        number(r.entropyLogBase);
        put(SETTLING);
        put(r.settling ? TRUE : FALSE);
        put((byte) '}');
        return Arrays.copyOf(buffer, length);
    }

    private void strings(final String[] values) {
        array(values == null ? -1 : values.length, i -> string(values[i]));
    }

    private void numbers(final double[] values) {
        if (values == null) {
            put(NULL);
            return;
        }
        ensure(2 + values.length * (PlainDoubleText.MAX_LENGTH + 1));
        buffer[length++] = '[';
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                buffer[length++] = ',';
            }
            number(values[i]);
        }
        put((byte) ']');
    }

    private void booleans(final boolean[] values) {
        array(values == null ? -1 : values.length, i -> put(values[i] ? TRUE : FALSE));
    }

    /** {@code null} for a length of -1, else {@code [e0,e1,...]}. */
    private void array(final int length, final IntConsumer element) {
        if (length < 0) {
            put(NULL);
            return;
        }
        put((byte) '[');
        for (int i = 0; i < length; i++) {
            if (i > 0) {
                put((byte) ',');
            }
            element.accept(i);
        }
        put((byte) ']');
    }

    private void number(final double value) {
        final int n = PlainDoubleText.write(value, text, 0);
        if (n >= 0) {
            chars(n);
        } else if (Double.isNaN(value)) {
            put(NAN);
        } else if (value == Double.POSITIVE_INFINITY) {
            put(POSITIVE_INFINITY);
        } else if (value == Double.NEGATIVE_INFINITY) {
            put(NEGATIVE_INFINITY);
        } else {
            final String s = Double.toString(value);
            s.getChars(0, s.length(), text, 0);
            chars(s.length());
        }
    }

    private void number(final long value) {
        final String s = Long.toString(value);
        s.getChars(0, s.length(), text, 0);
        chars(s.length());
    }

    /** ASCII chars of {@link #text} up to {@code n}. */
    private void chars(final int n) {
        ensure(n);
        final byte[] b = buffer;
        int at = length;
        for (int i = 0; i < n; i++) {
            b[at++] = (byte) text[i];
        }
        length = at;
    }

    private void string(final String s) {
        if (s == null) {
            put(NULL);
            return;
        }
        final int n = s.length();
        ensure(n + 2);
        final byte[] b = buffer;
        int at = length;
        b[at++] = '"';
        for (int i = 0; i < n; i++) {
            final char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                put(jackson(s));
                return;
            }
            b[at++] = (byte) c;
        }
        b[at++] = '"';
        length = at;
    }

    private void put(final byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void put(final byte b) {
        ensure(1);
        buffer[length++] = b;
    }

    private void ensure(final int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    private static byte[] jackson(final Object value) {
        try {
            return JACKSON.writeValueAsBytes(value);
        } catch (final JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value + " as JSON", e);
        }
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
