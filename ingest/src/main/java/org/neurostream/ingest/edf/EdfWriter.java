package org.neurostream.ingest.edf;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes EDF+C files (16-bit) that {@link EdfReader} and MNE read back: data channels sharing one
 * sample rate, one-second data records, and an {@code EDF Annotations} channel whose record r holds
 * the time-keeping entry {@code +r} and every annotation whose onset falls in that second.
 *
 * <p>Samples are physical values; each is stored as round((x - physMin) (digMax - digMin) /
 * (physMax - physMin) + digMin), clamped to the digital range, so it reads back within half a
 * digital step (exactly, for whole values, with the EEG Motor Movement/Imagery files' scale of one
 * microvolt per step).
 */
public final class EdfWriter {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yy");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH.mm.ss");
    private static final DateTimeFormatter RECORDING_DATE =
            DateTimeFormatter.ofPattern("dd-MMM-yyyy", Locale.ROOT);

    private EdfWriter() {}

    /**
     * The header of the data channels, shared by all of them.
     *
     * @param labels channel labels (at most 16 characters, ASCII)
     * @param samplesPerSecond the sample rate, a whole number of samples per one-second record
     * @param dimension physical unit, e.g. {@code uV}
     * @param physicalMin physical value of digitalMin
     * @param physicalMax physical value of digitalMax
     * @param digitalMin at least -32768
     * @param digitalMax at most 32767, above digitalMin
     * @param transducer transducer field of every channel
     * @param recording the EDF+ recording field after {@code Startdate dd-MMM-yyyy}
     * @param start start date and time
     * @param patient the EDF+ patient identification field (code, sex, birthdate, name; {@code X}
     *     for each unknown: {@code X X X X})
     */
    public record Header(
            List<String> labels,
            int samplesPerSecond,
            String dimension,
            double physicalMin,
            double physicalMax,
            int digitalMin,
            int digitalMax,
            String transducer,
            String recording,
            LocalDateTime start,
            String patient) {
        /** A header whose patient is unknown ({@code X X X X}). */
        public Header(
                final List<String> labels,
                final int samplesPerSecond,
                final String dimension,
                final double physicalMin,
                final double physicalMax,
                final int digitalMin,
                final int digitalMax,
                final String transducer,
                final String recording,
                final LocalDateTime start) {
            this(
                    labels,
                    samplesPerSecond,
                    dimension,
                    physicalMin,
                    physicalMax,
                    digitalMin,
                    digitalMax,
                    transducer,
                    recording,
                    start,
                    "X X X X");
        }

        /** Checks the fields. */
        public Header {
            labels = List.copyOf(labels);
            if (labels.isEmpty() || samplesPerSecond < 1) {
                throw new IllegalArgumentException("need channels and a sample rate >= 1");
            }
            if (digitalMin < -32768 || digitalMax > 32767 || digitalMin >= digitalMax) {
                throw new IllegalArgumentException(
                        "digital range must lie in [-32768, 32767]; got "
                                + digitalMin
                                + ".."
                                + digitalMax);
            }
            if (!(physicalMax > physicalMin)) {
                throw new IllegalArgumentException("physical maximum must exceed the minimum");
            }
        }
    }

    /**
     * Writes the file.
     *
     * @param signal {@code signal[channel][sample]}, the same whole number of seconds for every
     *     channel
     * @param annotations onsets within the recording, in seconds from its start
     * @throws IllegalArgumentException on channels of different lengths, a length that is not whole
     *     seconds, or an annotation outside the recording
     * @throws IOException when the file cannot be written
     */
    public static void write(
            Path file, Header header, float[][] signal, List<EdfAnnotation> annotations)
            throws IOException {
        final int channels = header.labels().size();
        final int spr = header.samplesPerSecond();
        if (signal.length != channels) {
            throw new IllegalArgumentException(
                    signal.length + " signals for " + channels + " labels");
        }
        final int samples = signal[0].length;
        for (float[] s : signal) {
            if (s.length != samples) {
                throw new IllegalArgumentException("channels of different lengths");
            }
        }
        if (samples % spr != 0) {
            throw new IllegalArgumentException(
                    samples + " samples are not a whole number of " + spr + "-sample records");
        }
        final int records = samples / spr;
        final List<List<String>> tals = new ArrayList<>();
        for (int r = 0; r < records; r++) {
            final List<String> list = new ArrayList<>();
            list.add("+" + r + "\u0014\u0014\u0000");
            tals.add(list);
        }
        for (EdfAnnotation a : annotations) {
            final int r = (int) Math.floor(a.onsetSeconds());
            if (a.onsetSeconds() < 0 || r >= records) {
                throw new IllegalArgumentException(
                        "annotation '" + a.text() + "' at " + a.onsetSeconds() + " s is outside");
            }
            tals.get(r)
                    .add(
                            "+"
                                    + decimal(a.onsetSeconds())
                                    + "\u0015"
                                    + decimal(a.durationSeconds())
                                    + "\u0014"
                                    + a.text()
                                    + "\u0014\u0000");
        }
        int talBytes = 0;
        for (List<String> list : tals) {
            int bytes = 0;
            for (String t : list) {
                bytes += t.getBytes(StandardCharsets.UTF_8).length;
            }
            talBytes = Math.max(talBytes, bytes);
        }
        final int annotationSamples = Math.max(30, (talBytes + 1) / 2);

        final double scale =
                (header.digitalMax() - (double) header.digitalMin())
                        / (header.physicalMax() - header.physicalMin());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(headerBytes(header, records, annotationSamples));
            final ByteBuffer record =
                    ByteBuffer.allocate((channels * spr + annotationSamples) * 2)
                            .order(ByteOrder.LITTLE_ENDIAN);
            for (int r = 0; r < records; r++) {
                record.clear();
                for (int c = 0; c < channels; c++) {
                    final float[] s = signal[c];
                    for (int i = 0; i < spr; i++) {
                        final double d =
                                Math.rint(
                                        (s[r * spr + i] - header.physicalMin()) * scale
                                                + header.digitalMin());
                        record.putShort(
                                (short)
                                        Math.max(
                                                header.digitalMin(),
                                                Math.min(header.digitalMax(), d)));
                    }
                }
                final int start = record.position();
                for (String t : tals.get(r)) {
                    record.put(t.getBytes(StandardCharsets.UTF_8));
                }
                while (record.position() < start + annotationSamples * 2) {
                    record.put((byte) 0);
                }
                out.write(record.array(), 0, record.position());
            }
        }
    }

    private static byte[] headerBytes(Header h, int records, int annotationSamples) {
        final int ns = h.labels().size() + 1;
        final StringBuilder b = new StringBuilder();
        field(b, "0", 8);
        field(b, h.patient(), 80);
        field(
                b,
                "Startdate "
                        + h.start().format(RECORDING_DATE).toUpperCase(Locale.ROOT)
                        + " "
                        + h.recording(),
                80);
        field(b, h.start().format(DATE), 8);
        field(b, h.start().format(TIME), 8);
        field(b, Integer.toString(256 * (ns + 1)), 8);
        field(b, "EDF+C", 44);
        field(b, Integer.toString(records), 8);
        field(b, "1", 8);
        field(b, Integer.toString(ns), 4);
        for (String label : h.labels()) {
            field(b, label, 16);
        }
        field(b, "EDF Annotations", 16);
        for (int c = 0; c < ns; c++) {
            field(b, c < ns - 1 ? h.transducer() : "", 80);
        }
        for (int c = 0; c < ns; c++) {
            field(b, c < ns - 1 ? h.dimension() : "", 8);
        }
        for (int c = 0; c < ns; c++) {
            field(b, c < ns - 1 ? decimal(h.physicalMin()) : "-1", 8);
        }
        for (int c = 0; c < ns; c++) {
            field(b, c < ns - 1 ? decimal(h.physicalMax()) : "1", 8);
        }
        for (int c = 0; c < ns; c++) {
            field(b, c < ns - 1 ? Integer.toString(h.digitalMin()) : "-32768", 8);
        }
        for (int c = 0; c < ns; c++) {
            field(b, c < ns - 1 ? Integer.toString(h.digitalMax()) : "32767", 8);
        }
        for (int c = 0; c < ns; c++) {
            field(b, "", 80);
        }
        for (int c = 0; c < ns; c++) {
            field(b, Integer.toString(c < ns - 1 ? h.samplesPerSecond() : annotationSamples), 8);
        }
        for (int c = 0; c < ns; c++) {
            field(b, "", 32);
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Shortest decimal text of a value ({@code 4.2}, {@code 0}, {@code -8092}). */
    private static String decimal(double v) {
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    private static void field(StringBuilder b, String value, int width) {
        if (value.length() > width) {
            throw new IllegalArgumentException("'" + value + "' is wider than " + width);
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < 32 || value.charAt(i) > 126) {
                throw new IllegalArgumentException("'" + value + "' is not printable ASCII");
            }
        }
        b.append(value);
        for (int i = value.length(); i < width; i++) {
            b.append(' ');
        }
    }
}
