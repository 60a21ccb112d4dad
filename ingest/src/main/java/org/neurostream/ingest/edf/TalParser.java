package org.neurostream.ingest.edf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Parses the time-stamped annotation lists (TALs) of one annotation channel in one data record.
 *
 * <p>A TAL is {@code onset [0x15 duration] 0x14 (text 0x14)* 0x00}; the channel is TALs back to
 * back, padded with 0x00. Onset is {@code [+-]seconds}, duration {@code seconds}. Tolerated: an
 * onset without its sign. The first TAL of each record (the time-keeping TAL) has an empty text;
 * empty texts are never reported, as in MNE.
 */
final class TalParser {
    private static final byte TEXT_END = 0x14;
    private static final byte DURATION_START = 0x15;

    private final Path file;

    TalParser(Path file) {
        this.file = file;
    }

    /**
     * Returns the onset of the first TAL in {@code bytes[from, from + length)}, or NaN when there
     * is none: the start of the data record, in seconds from the header start time.
     */
    double firstOnset(byte[] bytes, int from, int length, long fileOffset)
            throws EdfFormatException {
        final int end = from + length;
        int p = from;
        while (p < end && bytes[p] == 0) {
            p++;
        }
        if (p == end) {
            return Double.NaN;
        }
        int q = p;
        while (q < end && bytes[q] != TEXT_END && bytes[q] != DURATION_START && bytes[q] != 0) {
            q++;
        }
        return number(bytes, p, q, fileOffset + (p - from), "onset", true);
    }

    /**
     * Appends the annotations of {@code bytes[from, from + length)} to {@code out}, onsets shifted
     * by {@code -startOffsetSeconds}; {@code fileOffset} is the file offset of {@code bytes[from]}
     * for error messages.
     */
    void parse(
            byte[] bytes,
            int from,
            int length,
            long fileOffset,
            double startOffsetSeconds,
            List<EdfAnnotation> out)
            throws EdfFormatException {
        final int end = from + length;
        int p = from;
        while (p < end) {
            if (bytes[p] == 0) {
                p++;
                continue;
            }
            final int talStart = p;
            int talEnd = p;
            while (talEnd < end && bytes[talEnd] != 0) {
                talEnd++;
            }
            if (talEnd == end || bytes[talEnd - 1] != TEXT_END) {
                throw new EdfFormatException(
                        file,
                        fileOffset + (talStart - from),
                        "annotation list does not end with 0x14 0x00 within its channel");
            }
            int q = p;
            while (bytes[q] != TEXT_END && bytes[q] != DURATION_START) {
                q++;
            }
            final double onset =
                    number(bytes, p, q, fileOffset + (p - from), "onset", true)
                            - startOffsetSeconds;
            double duration = 0;
            if (bytes[q] == DURATION_START) {
                final int d = q + 1;
                q = d;
                while (bytes[q] != TEXT_END && bytes[q] != DURATION_START) {
                    q++;
                }
                if (bytes[q] != TEXT_END) {
                    throw new EdfFormatException(
                            file,
                            fileOffset + (q - from),
                            "annotation list has a second duration field");
                }
                duration = number(bytes, d, q, fileOffset + (d - from), "duration", false);
            }
            int textStart = q + 1;
            for (int i = textStart; i < talEnd; i++) {
                if (bytes[i] == TEXT_END) {
                    if (i > textStart) {
                        out.add(
                                new EdfAnnotation(
                                        onset,
                                        duration,
                                        new String(
                                                bytes,
                                                textStart,
                                                i - textStart,
                                                StandardCharsets.UTF_8)));
                    }
                    textStart = i + 1;
                }
            }
            p = talEnd + 1;
        }
    }

    private double number(
            byte[] bytes, int from, int to, long fileOffset, String what, boolean signed)
            throws EdfFormatException {
        int i = from;
        boolean negative = false;
        if (signed && i < to && (bytes[i] == '+' || bytes[i] == '-')) {
            negative = bytes[i] == '-';
            i++;
        }
        final int digitsStart = i;
        int dots = 0;
        for (; i < to; i++) {
            if (bytes[i] == '.') {
                dots++;
            } else if (bytes[i] < '0' || bytes[i] > '9') {
                dots = 2;
                break;
            }
        }
        if (dots > 1 || digitsStart == to || (to - digitsStart == 1 && dots == 1)) {
            throw new EdfFormatException(
                    file,
                    fileOffset,
                    "annotation "
                            + what
                            + " "
                            + EdfHeader.quote(bytes, from, to - from)
                            + " is not a number of seconds");
        }
        final double value =
                Double.parseDouble(
                        new String(
                                bytes, digitsStart, to - digitsStart, StandardCharsets.US_ASCII));
        return negative ? -value : value;
    }
}
