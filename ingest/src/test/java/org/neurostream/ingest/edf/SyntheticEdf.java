package org.neurostream.ingest.edf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Writes small EDF / BDF files byte by byte, field by field, so that tests know every digital
 * value, scaling and annotation list they contain.
 */
final class SyntheticEdf {
    /** Digital value of data channel {@code channel} at sample {@code sample} (from file start). */
    @FunctionalInterface
    interface DigitalValues {
        int at(int channel, long sample);
    }

    /** One channel's header. */
    record Signal(
            String label,
            String transducer,
            String dimension,
            String physicalMin,
            String physicalMax,
            String digitalMin,
            String digitalMax,
            String prefilter,
            int samplesPerRecord) {

        static Signal data(String label, String pMin, String pMax, int dMin, int dMax, int spr) {
            return new Signal(
                    label,
                    "AgAgCl electrode",
                    "uV",
                    pMin,
                    pMax,
                    Integer.toString(dMin),
                    Integer.toString(dMax),
                    "HP:0.1Hz",
                    spr);
        }

        /** The physical value the EDF specification gives {@code digital}, in double. */
        double physical(int digital) {
            final double pMin = Double.parseDouble(physicalMin);
            final double pMax = Double.parseDouble(physicalMax);
            final double dMin = Double.parseDouble(digitalMin);
            final double dMax = Double.parseDouble(digitalMax);
            return (digital - dMin) * (pMax - pMin) / (dMax - dMin) + pMin;
        }

        static Signal annotations(String label, int spr) {
            return new Signal(label, "", "", "-1", "1", "-32768", "32767", "", spr);
        }
    }

    private final boolean bdf;
    private String version;
    private String patient = "X X X X";
    private String recording = "Startdate 02-MAR-2021 X X synthetic";
    private String startDate = "02.03.21";
    private String startTime = "10.20.30";
    private String reserved;
    private String recordsField;
    private String durationField = "0.5";
    private String headerBytesField;
    private final List<Signal> signals = new ArrayList<>();
    private DigitalValues digital = (c, s) -> 0;
    private IntFunction<String> tals = r -> "";

    private SyntheticEdf(boolean bdf) {
        this.bdf = bdf;
        this.reserved = bdf ? "BDF+C" : "EDF+C";
    }

    static SyntheticEdf edf() {
        return new SyntheticEdf(false);
    }

    static SyntheticEdf bdf() {
        return new SyntheticEdf(true);
    }

    SyntheticEdf version(String value) {
        version = value;
        return this;
    }

    SyntheticEdf patient(String value) {
        patient = value;
        return this;
    }

    SyntheticEdf recording(String value) {
        recording = value;
        return this;
    }

    SyntheticEdf start(String date, String time) {
        startDate = date;
        startTime = time;
        return this;
    }

    SyntheticEdf reserved(String value) {
        reserved = value;
        return this;
    }

    /** Overrides the number-of-records field (default: the number of records written). */
    SyntheticEdf recordsField(String value) {
        recordsField = value;
        return this;
    }

    SyntheticEdf durationField(String value) {
        durationField = value;
        return this;
    }

    SyntheticEdf headerBytesField(String value) {
        headerBytesField = value;
        return this;
    }

    SyntheticEdf signal(Signal signal) {
        signals.add(signal);
        return this;
    }

    SyntheticEdf digital(DigitalValues values) {
        digital = values;
        return this;
    }

    /** TAL text of record {@code r} for every annotation channel, padded with 0x00. */
    SyntheticEdf tals(IntFunction<String> perRecord) {
        tals = perRecord;
        return this;
    }

    int headerBytes() {
        return 256 * (signals.size() + 1);
    }

    int recordBytes() {
        int samples = 0;
        for (Signal s : signals) {
            samples += s.samplesPerRecord();
        }
        return samples * (bdf ? 3 : 2);
    }

    Path write(Path file, int records) throws IOException {
        Files.write(file, bytes(records));
        return file;
    }

    byte[] bytes(int records) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (version != null) {
            field(out, version, 8);
        } else if (bdf) {
            out.write(0xFF);
            field(out, "BIOSEMI", 7);
        } else {
            field(out, "0", 8);
        }
        field(out, patient, 80);
        field(out, recording, 80);
        field(out, startDate, 8);
        field(out, startTime, 8);
        field(out, headerBytesField != null ? headerBytesField : "" + headerBytes(), 8);
        field(out, reserved, 44);
        field(out, recordsField != null ? recordsField : "" + records, 8);
        field(out, durationField, 8);
        field(out, "" + signals.size(), 4);
        signals.forEach(s -> field(out, s.label(), 16));
        signals.forEach(s -> field(out, s.transducer(), 80));
        signals.forEach(s -> field(out, s.dimension(), 8));
        signals.forEach(s -> field(out, s.physicalMin(), 8));
        signals.forEach(s -> field(out, s.physicalMax(), 8));
        signals.forEach(s -> field(out, s.digitalMin(), 8));
        signals.forEach(s -> field(out, s.digitalMax(), 8));
        signals.forEach(s -> field(out, s.prefilter(), 80));
        signals.forEach(s -> field(out, "" + s.samplesPerRecord(), 8));
        signals.forEach(s -> field(out, "", 32));
        final int bytesPerSample = bdf ? 3 : 2;
        for (int r = 0; r < records; r++) {
            int channel = 0;
            for (Signal s : signals) {
                final int spr = s.samplesPerRecord();
                if (s.label().endsWith("Annotations")) {
                    final byte[] tal = tals.apply(r).getBytes(StandardCharsets.UTF_8);
                    if (tal.length > spr * bytesPerSample) {
                        throw new IllegalArgumentException("TALs of record " + r + " too long");
                    }
                    out.write(tal, 0, tal.length);
                    out.write(
                            new byte[spr * bytesPerSample - tal.length],
                            0,
                            spr * bytesPerSample - tal.length);
                    continue;
                }
                for (int i = 0; i < spr; i++) {
                    final int v = digital.at(channel, (long) r * spr + i);
                    out.write(v & 0xFF);
                    out.write((v >> 8) & 0xFF);
                    if (bdf) {
                        out.write((v >> 16) & 0xFF);
                    }
                }
                channel++;
            }
        }
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String value, int width) {
        final byte[] b = value.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length > width) {
            throw new IllegalArgumentException("'" + value + "' is wider than " + width);
        }
        out.write(b, 0, b.length);
        for (int i = b.length; i < width; i++) {
            out.write(' ');
        }
    }
}
