package org.neurostream.ingest.lsl;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.List;

/**
 * Writes pulled samples as CSV, as {@code neurostream lsl pull} prints them: a header {@code
 * timestamp,<label of each channel>} ({@code ch<i>} where the stream has no labels), then one row a
 * sample: the timestamp and the values, every number written so that it parses back to the same
 * value (float32 values as floats, float64 as doubles, integers exactly), strings quoted as RFC
 * 4180 says. Reuses one buffer per row.
 */
public final class SampleCsv {
    private final Writer out;
    private final StringBuilder row = new StringBuilder(256);
    private final double correction;

    /**
     * @param correction added to each timestamp (the clock correction, or 0 for the stamps as
     *     received)
     */
    public SampleCsv(final Writer out, final double correction) {
        this.out = out;
        this.correction = correction;
    }

    /** Writes the header for {@code info}. */
    public void header(final StreamInfo info) throws IOException {
        row.setLength(0);
        row.append("timestamp");
        final List<String> labels = info.channelLabels();
        for (int c = 0; c < info.channelCount(); c++) {
            row.append(',');
            final String label = c < labels.size() ? labels.get(c) : "";
            field(label.isEmpty() ? "ch" + c : label);
        }
        row.append('\n');
        out.write(row.toString());
    }

    /** Writes one sample. */
    public void row(final LslSample s) throws IOException {
        row.setLength(0);
        row.append(exact(s.timestamp() + correction));
        for (int c = 0; c < s.channelCount(); c++) {
            row.append(',');
            switch (s.format()) {
                case FLOAT32 -> row.append(exact(s.floatValue(c)));
                case DOUBLE64 -> row.append(exact(s.doubleValue(c)));
                case STRING -> field(s.stringValue(c));
                default -> row.append(s.longValue(c));
            }
        }
        row.append('\n');
        out.write(row.toString());
    }

    private void field(final String text) {
        if (text.indexOf(',') < 0
                && text.indexOf('"') < 0
                && text.indexOf('\n') < 0
                && text.indexOf('\r') < 0) {
            row.append(text);
            return;
        }
        row.append('"').append(text.replace("\"", "\"\"")).append('"');
    }

    /** A float written so that {@link Float#parseFloat} gives it back. */
    public static String exact(final float v) {
        final String s = Float.toString(v);
        if (Float.floatToRawIntBits(Float.parseFloat(s)) == Float.floatToRawIntBits(v)
                || Float.isNaN(v)) {
            return s;
        }
        return new BigDecimal(v).toString();
    }

    /** A double written so that {@link Double#parseDouble} gives it back. */
    public static String exact(final double v) {
        final String s = Double.toString(v);
        if (Double.doubleToRawLongBits(Double.parseDouble(s)) == Double.doubleToRawLongBits(v)
                || Double.isNaN(v)) {
            return s;
        }
        return new BigDecimal(v).toString();
    }
}
