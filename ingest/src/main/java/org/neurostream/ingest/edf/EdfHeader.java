package org.neurostream.ingest.edf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The parsed header of an EDF, EDF+ or BDF(+) file: the fixed 256-byte part and one {@link
 * EdfSignal} per channel, annotation channels included, in file order.
 *
 * <p>Layout (byte offsets; {@code ns} = number of signals; signal fields are stored field-major,
 * all labels first, then all transducers, ...):
 *
 * <pre>
 *   0  version    8   "0" (EDF) or 0xFF "BIOSEMI" (BDF)
 *   8  patient   80
 *  88  recording 80
 * 168  startdate  8   dd.mm.yy
 * 176  starttime  8   hh.mm.ss
 * 184  header bytes 8 = 256 * (ns + 1)
 * 192  reserved  44   "EDF+C", "EDF+D", "BDF+C", "BDF+D", "24BIT" or blank
 * 236  records    8   -1 = unknown
 * 244  record duration 8 (seconds)
 * 252  ns         4
 * 256  ns * (label 16, transducer 80, dimension 8, phys min 8, phys max 8,
 *            dig min 8, dig max 8, prefilter 80, samples per record 8, reserved 32)
 * </pre>
 *
 * <p>Tolerated deviations (each seen in real files; MNE reads them too):
 *
 * <ul>
 *   <li>Annotation channels whose transducer, physical dimension or prefilter are not blank (the
 *       PhysioNet EEG Motor Movement/Imagery files write prefilter {@code "HP:0Hz LP:0Hz N:0Hz"}
 *       and dimension {@code "-"} there, which the strict EDFlib refuses). These fields are kept
 *       but never used.
 *   <li>Text fields padded with NUL instead of blanks; blanks stripped at both ends.
 *   <li>Numeric fields with blanks on either side, a leading {@code '+'}, a decimal comma, or an
 *       integral value written with a fraction ({@code "1.000"} for an integer field).
 *   <li>Start date and time with any non-digit separators ({@code "12:08:09"}); the EDF+ recording
 *       field's {@code "Startdate dd-MMM-yyyy"} four-digit year, when present, wins over the
 *       two-digit header year.
 *   <li>Labels {@code "EDF Annotations"} and {@code "BDF Annotations"} recognised in any file,
 *       whatever the reserved field says; digital range of annotation channels not checked.
 *   <li>Digital minimum and maximum outside the 16 / 24-bit range (only used for scaling).
 *   <li>{@code -1} records (unknown, written by recorders that crashed): the reader derives the
 *       count from the file size.
 * </ul>
 *
 * <p>Still refused, with the offset of the field: a bad version, a non-numeric or out-of-range
 * numeric field, an impossible date or time, a header byte count that is not {@code 256 * (ns +
 * 1)}, a file that ends inside the header, and a data channel whose digital minimum equals its
 * digital maximum (no scaling exists).
 */
public final class EdfHeader {
    /** Size of the fixed part of the header in bytes. */
    public static final int FIXED_HEADER_BYTES = 256;

    private static final int[] SIGNAL_FIELD_WIDTHS = {16, 80, 8, 8, 8, 8, 8, 80, 8, 32};
    private static final String[] SIGNAL_FIELD_NAMES = {
        "label",
        "transducer",
        "physical dimension",
        "physical minimum",
        "physical maximum",
        "digital minimum",
        "digital maximum",
        "prefilter",
        "samples per record",
        "signal reserved"
    };
    private static final int BYTES_PER_SIGNAL = 256;
    private static final int MAX_SIGNALS = 9999;
    private static final String[] MONTHS = {
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
    };

    private final Path file;
    private final boolean bdf;
    private final String version;
    private final String patient;
    private final String recording;
    private final LocalDateTime startDateTime;
    private final int headerBytes;
    private final String reserved;
    private final long recordsDeclared;
    private final double recordDurationSeconds;
    private final List<EdfSignal> signals;

    private EdfHeader(
            Path file,
            boolean bdf,
            String version,
            String patient,
            String recording,
            LocalDateTime startDateTime,
            int headerBytes,
            String reserved,
            long recordsDeclared,
            double recordDurationSeconds,
            List<EdfSignal> signals) {
        this.file = file;
        this.bdf = bdf;
        this.version = version;
        this.patient = patient;
        this.recording = recording;
        this.startDateTime = startDateTime;
        this.headerBytes = headerBytes;
        this.reserved = reserved;
        this.recordsDeclared = recordsDeclared;
        this.recordDurationSeconds = recordDurationSeconds;
        this.signals = signals;
    }

    /**
     * Reads and checks the header of a file without opening it for samples; works for files whose
     * channels have different sample rates.
     *
     * @throws EdfFormatException if the header is not a valid EDF / BDF header
     * @throws IOException if the file cannot be read
     */
    public static EdfHeader read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file, channel);
        }
    }

    /** Reads and checks the header from an open channel (position unchanged). */
    static EdfHeader read(Path file, FileChannel channel) throws IOException {
        final long size = channel.size();
        final byte[] fixed = readUpTo(channel, 0, FIXED_HEADER_BYTES);
        final Fields f = new Fields(file, fixed, size);

        if (size == 0) {
            throw new EdfFormatException(file, 0, "file is empty: not an EDF or BDF file");
        }
        final boolean bdf;
        final String version;
        if (fixed.length > 0 && fixed[0] == (byte) 0xFF) {
            f.require(0, 8, "version");
            if (!"BIOSEMI".equals(latin1(fixed, 1, 7))) {
                throw new EdfFormatException(
                        file,
                        0,
                        "version field is "
                                + quote(fixed, 0, 8)
                                + ", not 0xFF \"BIOSEMI\" (BDF): not an EDF or BDF file");
            }
            bdf = true;
            version = latin1(fixed, 0, 8);
        } else {
            final int available = Math.min(8, fixed.length);
            if (!"0".equals(strip(latin1(fixed, 0, available)))) {
                throw new EdfFormatException(
                        file,
                        0,
                        "version field is "
                                + quote(fixed, 0, available)
                                + ", not \"0\" (EDF) or 0xFF \"BIOSEMI\" (BDF):"
                                + " not an EDF or BDF file");
            }
            f.require(0, 8, "version");
            bdf = false;
            version = "0";
        }

        final String patient = f.text(8, 80, "patient");
        final String recording = f.text(88, 80, "recording");
        final int[] date = f.threeNumbers(168, 8, "start date");
        final int[] time = f.threeNumbers(176, 8, "start time");
        final LocalDateTime start = startDateTime(f, date, time, recording);
        final int headerBytes = f.integer(184, 8, "header bytes");
        final String reserved = f.text(192, 44, "reserved");
        final long records = f.integer(236, 8, "number of data records");
        if (records < -1) {
            throw f.error(236, "number of data records is " + records + ", below -1");
        }
        final double duration = f.decimal(244, 8, "data record duration");
        if (duration < 0) {
            throw f.error(244, "data record duration is " + duration + " s, negative");
        }
        final int ns = f.integer(252, 4, "number of signals");
        if (ns < 1 || ns > MAX_SIGNALS) {
            throw f.error(252, "number of signals is " + ns + ", not in 1.." + MAX_SIGNALS);
        }
        final int expectedHeaderBytes = BYTES_PER_SIGNAL * (ns + 1);
        if (headerBytes != expectedHeaderBytes) {
            throw f.error(
                    184,
                    "header bytes field says "
                            + headerBytes
                            + " but "
                            + ns
                            + " signals need 256 * ("
                            + ns
                            + " + 1) = "
                            + expectedHeaderBytes);
        }

        final byte[] all = readUpTo(channel, 0, expectedHeaderBytes);
        if (all.length < expectedHeaderBytes) {
            long fieldOffset = FIXED_HEADER_BYTES;
            String fieldName = SIGNAL_FIELD_NAMES[0];
            long blockStart = FIXED_HEADER_BYTES;
            for (int k = 0; k < SIGNAL_FIELD_WIDTHS.length; k++) {
                final long blockEnd = blockStart + (long) ns * SIGNAL_FIELD_WIDTHS[k];
                if (all.length < blockEnd) {
                    fieldOffset =
                            blockStart
                                    + (all.length - blockStart)
                                            / SIGNAL_FIELD_WIDTHS[k]
                                            * SIGNAL_FIELD_WIDTHS[k];
                    fieldName = SIGNAL_FIELD_NAMES[k];
                    break;
                }
                blockStart = blockEnd;
            }
            throw new EdfFormatException(
                    file,
                    fieldOffset,
                    "file ends at byte "
                            + size
                            + " inside the "
                            + fieldName
                            + " field; the header of "
                            + ns
                            + " signals is "
                            + expectedHeaderBytes
                            + " bytes");
        }
        final Fields s = new Fields(file, all, size);
        final String[][] text = new String[SIGNAL_FIELD_WIDTHS.length][];
        final long[] offsets = new long[SIGNAL_FIELD_WIDTHS.length];
        long blockStart = FIXED_HEADER_BYTES;
        for (int k = 0; k < SIGNAL_FIELD_WIDTHS.length; k++) {
            offsets[k] = blockStart;
            blockStart += (long) ns * SIGNAL_FIELD_WIDTHS[k];
        }
        final String[] labels = new String[ns];
        final boolean[] annotation = new boolean[ns];
        for (int i = 0; i < ns; i++) {
            labels[i] = s.text(offsets[0] + 16L * i, 16, "label");
            annotation[i] =
                    "EDF Annotations".equals(labels[i]) || "BDF Annotations".equals(labels[i]);
        }
        text[1] = texts(s, offsets[1], 80, ns, "transducer");
        text[2] = texts(s, offsets[2], 8, ns, "physical dimension");
        final double[] physMin = new double[ns];
        final double[] physMax = new double[ns];
        final int[] digMin = new int[ns];
        final int[] digMax = new int[ns];
        for (int i = 0; i < ns; i++) {
            physMin[i] = s.decimal(offsets[3] + 8L * i, 8, "physical minimum of signal " + i);
        }
        for (int i = 0; i < ns; i++) {
            physMax[i] = s.decimal(offsets[4] + 8L * i, 8, "physical maximum of signal " + i);
        }
        for (int i = 0; i < ns; i++) {
            digMin[i] = s.integer(offsets[5] + 8L * i, 8, "digital minimum of signal " + i);
        }
        for (int i = 0; i < ns; i++) {
            digMax[i] = s.integer(offsets[6] + 8L * i, 8, "digital maximum of signal " + i);
            if (!annotation[i] && digMax[i] == digMin[i]) {
                throw s.error(
                        offsets[6] + 8L * i,
                        "signal "
                                + i
                                + " ("
                                + labels[i]
                                + ") has digital maximum = digital minimum = "
                                + digMin[i]
                                + ": no scaling to physical values exists");
            }
        }
        text[7] = texts(s, offsets[7], 80, ns, "prefilter");
        final int[] samplesPerRecord = new int[ns];
        for (int i = 0; i < ns; i++) {
            final long at = offsets[8] + 8L * i;
            samplesPerRecord[i] = s.integer(at, 8, "samples per record of signal " + i);
            if (samplesPerRecord[i] < 1) {
                throw s.error(
                        at, "signal " + i + " has " + samplesPerRecord[i] + " samples per record");
            }
        }
        text[9] = texts(s, offsets[9], 32, ns, "signal reserved");

        final List<EdfSignal> signals = new ArrayList<>(ns);
        for (int i = 0; i < ns; i++) {
            signals.add(
                    new EdfSignal(
                            labels[i],
                            text[1][i],
                            text[2][i],
                            physMin[i],
                            physMax[i],
                            digMin[i],
                            digMax[i],
                            text[7][i],
                            samplesPerRecord[i],
                            text[9][i],
                            annotation[i]));
        }
        final boolean hasData = signals.stream().anyMatch(sig -> !sig.annotationChannel());
        if (hasData && !(duration > 0)) {
            throw f.error(244, "data record duration is 0 s but the file has data signals");
        }
        return new EdfHeader(
                file,
                bdf,
                version,
                patient,
                recording,
                start,
                headerBytes,
                reserved,
                records,
                duration,
                Collections.unmodifiableList(signals));
    }

    /** Returns the file this header was read from. */
    public Path file() {
        return file;
    }

    /** Returns true for BDF (24-bit samples), false for EDF (16-bit samples). */
    public boolean isBdf() {
        return bdf;
    }

    /** Returns 3 for BDF, 2 for EDF. */
    public int bytesPerSample() {
        return bdf ? 3 : 2;
    }

    /** Returns the version field: {@code "0"} for EDF, {@code "\u00FFBIOSEMI"} for BDF. */
    public String version() {
        return version;
    }

    /** Returns the local patient identification field, stripped. */
    public String patient() {
        return patient;
    }

    /** Returns the local recording identification field, stripped. */
    public String recording() {
        return recording;
    }

    /** Returns the start date and time of the first data record (whole seconds). */
    public LocalDateTime startDateTime() {
        return startDateTime;
    }

    /** Returns the number of header bytes, {@code 256 * (signalCount() + 1)}. */
    public int headerBytes() {
        return headerBytes;
    }

    /** Returns the reserved field, stripped: "EDF+C", "EDF+D", "BDF+C", "BDF+D", "24BIT" or "". */
    public String reserved() {
        return reserved;
    }

    /** Returns true when the reserved field marks EDF+ or BDF+. */
    public boolean isPlus() {
        return reserved.startsWith("EDF+") || reserved.startsWith("BDF+");
    }

    /**
     * Returns true for EDF+D / BDF+D, whose records may have gaps between them; the reader still
     * delivers their samples back to back.
     */
    public boolean isDiscontinuous() {
        return reserved.startsWith("EDF+D") || reserved.startsWith("BDF+D");
    }

    /** Returns the number of data records the header declares, -1 when it says unknown. */
    public long recordsDeclared() {
        return recordsDeclared;
    }

    /** Returns the duration of one data record in seconds. */
    public double recordDurationSeconds() {
        return recordDurationSeconds;
    }

    /** Returns the number of channels in the file, annotation channels included. */
    public int signalCount() {
        return signals.size();
    }

    /** Returns all channels in file order, annotation channels included. */
    public List<EdfSignal> signals() {
        return signals;
    }

    /** Returns the size of one data record in bytes: sum of samples per record times 2 or 3. */
    public long recordBytes() {
        long samples = 0;
        for (EdfSignal signal : signals) {
            samples += signal.samplesPerRecord();
        }
        return samples * bytesPerSample();
    }

    /** Returns the byte offset of channel {@code index}'s samples-per-record field. */
    long samplesPerRecordFieldOffset(int index) {
        return FIXED_HEADER_BYTES + (long) signals.size() * (16 + 80 + 8 * 5 + 80) + 8L * index;
    }

    private static LocalDateTime startDateTime(Fields f, int[] date, int[] time, String recording)
            throws EdfFormatException {
        int year = date[2] >= 85 ? 1900 + date[2] : 2000 + date[2];
        // EDF+ keeps the four-digit year in the recording field ("Startdate 12-AUG-2009 ...").
        if (recording.startsWith("Startdate ") && recording.length() >= 21) {
            final String plusDate = recording.substring(10, 21);
            if (plusDate.charAt(2) == '-' && plusDate.charAt(6) == '-') {
                final String month = plusDate.substring(3, 6).toUpperCase(Locale.ROOT);
                final String yyyy = plusDate.substring(7, 11);
                if (yyyy.chars().allMatch(Character::isDigit)
                        && List.of(MONTHS).contains(month)
                        && Integer.parseInt(yyyy) % 100 == date[2]) {
                    year = Integer.parseInt(yyyy);
                }
            }
        }
        final LocalDate day;
        try {
            day = LocalDate.of(year, date[1], date[0]);
        } catch (DateTimeException e) {
            throw f.error(168, "start date " + quote(f.bytes, 168, 8) + " is not a valid date");
        }
        final LocalTime clock;
        try {
            clock = LocalTime.of(time[0], time[1], time[2]);
        } catch (DateTimeException e) {
            throw f.error(176, "start time " + quote(f.bytes, 176, 8) + " is not a valid time");
        }
        return LocalDateTime.of(day, clock);
    }

    private static String[] texts(Fields f, long offset, int width, int ns, String name)
            throws EdfFormatException {
        final String[] out = new String[ns];
        for (int i = 0; i < ns; i++) {
            out[i] = f.text(offset + (long) width * i, width, name);
        }
        return out;
    }

    private static byte[] readUpTo(FileChannel channel, long position, int length)
            throws IOException {
        final long size = channel.size();
        final int n = (int) Math.max(0, Math.min(length, size - position));
        final ByteBuffer buffer = ByteBuffer.allocate(n);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        if (buffer.hasRemaining()) {
            final byte[] partial = new byte[buffer.position()];
            System.arraycopy(buffer.array(), 0, partial, 0, partial.length);
            return partial;
        }
        return buffer.array();
    }

    static String latin1(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    /** Strips blanks and NUL padding at both ends. */
    static String strip(String s) {
        int begin = 0;
        int end = s.length();
        while (begin < end && isPad(s.charAt(begin))) {
            begin++;
        }
        while (end > begin && isPad(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(begin, end);
    }

    private static boolean isPad(char c) {
        return c == ' ' || c == '\0';
    }

    /** Quotes bytes for an error message, escaping anything not printable ASCII. */
    static String quote(byte[] bytes, int offset, int length) {
        final StringBuilder sb = new StringBuilder(length + 2).append('"');
        for (int i = offset; i < offset + length && i < bytes.length; i++) {
            final int b = bytes[i] & 0xFF;
            if (b >= 32 && b < 127 && b != '"' && b != '\\') {
                sb.append((char) b);
            } else {
                sb.append(String.format(Locale.ROOT, "\\x%02X", b));
            }
        }
        return sb.append('"').toString();
    }

    /** Reads typed header fields from the first bytes of the file. */
    private static final class Fields {
        private final Path file;
        private final byte[] bytes;
        private final long fileSize;

        Fields(Path file, byte[] bytes, long fileSize) {
            this.file = file;
            this.bytes = bytes;
            this.fileSize = fileSize;
        }

        EdfFormatException error(long offset, String reason) {
            return new EdfFormatException(file, offset, reason);
        }

        void require(long offset, int width, String name) throws EdfFormatException {
            if (offset + width > bytes.length) {
                throw error(
                        offset,
                        "file ends at byte "
                                + fileSize
                                + " inside the "
                                + name
                                + " field (bytes "
                                + offset
                                + ".."
                                + (offset + width - 1)
                                + ")");
            }
        }

        String text(long offset, int width, String name) throws EdfFormatException {
            require(offset, width, name);
            return strip(latin1(bytes, (int) offset, width));
        }

        int integer(long offset, int width, String name) throws EdfFormatException {
            final String value = text(offset, width, name).replace(',', '.');
            if (value.matches("[+-]?\\d{1,9}")) {
                return Integer.parseInt(value.startsWith("+") ? value.substring(1) : value);
            }
            if (value.matches("[+-]?\\d{1,9}\\.0*")) {
                return (int) Double.parseDouble(value);
            }
            throw bad(offset, width, name, "not an integer");
        }

        double decimal(long offset, int width, String name) throws EdfFormatException {
            final String value = text(offset, width, name).replace(',', '.');
            if (value.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                final double d = Double.parseDouble(value);
                if (Double.isFinite(d)) {
                    return d;
                }
            }
            throw bad(offset, width, name, "not a number");
        }

        int[] threeNumbers(long offset, int width, String name) throws EdfFormatException {
            final String[] parts = text(offset, width, name).split("\\D+", -1);
            final int[] out = new int[3];
            if (parts.length != 3) {
                throw bad(offset, width, name, "not three numbers like dd.mm.yy or hh.mm.ss");
            }
            for (int i = 0; i < 3; i++) {
                if (parts[i].isEmpty() || parts[i].length() > 2) {
                    throw bad(offset, width, name, "not three numbers like dd.mm.yy or hh.mm.ss");
                }
                out[i] = Integer.parseInt(parts[i]);
            }
            return out;
        }

        private EdfFormatException bad(long offset, int width, String name, String what) {
            return error(
                    offset,
                    "field '" + name + "' is " + quote(bytes, (int) offset, width) + ", " + what);
        }
    }
}
