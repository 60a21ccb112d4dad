package org.neurostream.monitoring.dashboard;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.neurostream.core.records.AlphaRecord;
import org.neurostream.core.records.AperiodicRecord;
import org.neurostream.core.records.ConnectivityRecord;
import org.neurostream.core.records.DescriptorRecord;

/**
 * The resting-state descriptors of one stream as the dashboard shows them: the latest connectivity
 * matrices (PLV, PLI and wPLI of every channel pair in every band), and the latest aperiodic
 * exponent and alpha frequencies summarised over channels, which the page plots over time. The
 * matrices are large (3 x bands x pairs values) and change once a second at most, so a delta
 * carries them only when a new connectivity record came since the last one ({@link #sent}).
 */
final class DescriptorView {
    /** The connectivity measures, in the order of their arrays here and in the JSON. */
    static final String[] MEASURES = {
        ConnectivityRecord.JSON_PLV, ConnectivityRecord.JSON_PLI, ConnectivityRecord.JSON_WPLI
    };

    private long connectivityRecords;
    private boolean connectivityChanged;
    private int channels;
    private String[] bands = new String[0];
    private double[] loHz = new double[0];
    private double[] hiHz = new double[0];
    private final double[][] values = new double[MEASURES.length][];

    private long aperiodicRecords;
    private long aperiodicMs;
    private final double[] exponent = {Double.NaN, Double.NaN, Double.NaN};
    private double offsetMean = Double.NaN;

    private long alphaRecords;
    private long alphaMs;
    private double peakHzMean = Double.NaN;
    private double instantaneousHzMean = Double.NaN;

    /** The index of a connectivity measure in {@link #MEASURES}, -1 for any other name. */
    static int measure(final String jsonName) {
        for (int m = 0; m < MEASURES.length; m++) {
            if (MEASURES[m].equals(jsonName)) {
                return m;
            }
        }
        return -1;
    }

    /**
     * A connectivity record: its band names and edges from {@code r}, its measures already read
     * into {@code measures[m]} (the first {@code counts[m]}, null values as NaN).
     */
    void connectivity(final JsonNode r, final double[][] measures, final int[] counts) {
        connectivityRecords++;
        connectivityChanged = true;
        channels = r.path(DescriptorRecord.JSON_CHANNELS).asInt();
        final JsonNode b = r.path(ConnectivityRecord.JSON_BANDS);
        if (bands.length != b.size()) {
            bands = new String[b.size()];
            loHz = new double[b.size()];
            hiHz = new double[b.size()];
        }
        for (int i = 0; i < bands.length; i++) {
            bands[i] = b.get(i).asText();
            loHz[i] = r.path(ConnectivityRecord.JSON_LO_HZ).path(i).asDouble(Double.NaN);
            hiHz[i] = r.path(ConnectivityRecord.JSON_HI_HZ).path(i).asDouble(Double.NaN);
        }
        for (int m = 0; m < MEASURES.length; m++) {
            final int n = Math.max(counts[m], 0);
            if (values[m] == null || values[m].length != n) {
                values[m] = new double[n];
            }
            System.arraycopy(measures[m], 0, values[m], 0, n);
        }
    }

    /** An aperiodic record, received at {@code nowMs}: its exponents' mean, least and greatest. */
    void aperiodic(final JsonNode r, final long nowMs) {
        aperiodicRecords++;
        aperiodicMs = nowMs;
        double sum = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int n = 0;
        for (final JsonNode v : r.path(AperiodicRecord.JSON_EXPONENT)) {
            if (v.isNumber()) {
                final double x = v.asDouble();
                sum += x;
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
                n++;
            }
        }
        exponent[0] = n == 0 ? Double.NaN : sum / n;
        exponent[1] = n == 0 ? Double.NaN : lo;
        exponent[2] = n == 0 ? Double.NaN : hi;
        offsetMean = mean(r.path(AperiodicRecord.JSON_OFFSET));
    }

    /** An alpha-frequency record, received at {@code nowMs}: its frequencies' means. */
    void alpha(final JsonNode r, final long nowMs) {
        alphaRecords++;
        alphaMs = nowMs;
        peakHzMean = mean(r.path(AlphaRecord.JSON_PEAK_HZ));
        instantaneousHzMean = mean(r.path(AlphaRecord.JSON_INSTANTANEOUS_HZ));
    }

    /** The mean of the numbers of a JSON array (nulls skipped); NaN when it has none. */
    private static double mean(final JsonNode array) {
        double sum = 0;
        int n = 0;
        for (final JsonNode v : array) {
            if (v.isNumber()) {
                sum += v.asDouble();
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Whether a delta has carried the latest connectivity matrices. */
    void sent() {
        connectivityChanged = false;
    }

    /**
     * Writes the fields {@code connectivity} (in a full state, or when it changed), {@code
     * aperiodic} and {@code alpha} of the stream's object, each only once a record of its kind
     * came.
     */
    void write(final JsonGenerator g, final boolean full) throws IOException {
        if (connectivityRecords > 0 && (full || connectivityChanged)) {
            g.writeObjectFieldStart("connectivity");
            g.writeNumberField("records", connectivityRecords);
            g.writeNumberField("channels", channels);
            g.writeArrayFieldStart("bands");
            for (final String b : bands) {
                g.writeString(b);
            }
            g.writeEndArray();
            writeArray(g, ConnectivityRecord.JSON_LO_HZ, loHz, loHz.length);
            writeArray(g, ConnectivityRecord.JSON_HI_HZ, hiHz, hiHz.length);
            for (int m = 0; m < MEASURES.length; m++) {
                // to 0.001: what a colour map shows, and half the bytes
                g.writeArrayFieldStart(MEASURES[m]);
                for (final double v : values[m]) {
                    if (Double.isFinite(v)) {
                        g.writeNumber(Math.round(v * 1000) / 1000.0);
                    } else {
                        g.writeNull();
                    }
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        if (aperiodicRecords > 0) {
            g.writeObjectFieldStart("aperiodic");
            g.writeNumberField("records", aperiodicRecords);
            g.writeNumberField("ms", aperiodicMs);
            DashboardState.writeDouble(g, "exponent_mean", exponent[0]);
            DashboardState.writeDouble(g, "exponent_min", exponent[1]);
            DashboardState.writeDouble(g, "exponent_max", exponent[2]);
            DashboardState.writeDouble(g, "offset_mean", offsetMean);
            g.writeEndObject();
        }
        if (alphaRecords > 0) {
            g.writeObjectFieldStart("alpha");
            g.writeNumberField("records", alphaRecords);
            g.writeNumberField("ms", alphaMs);
            DashboardState.writeDouble(g, "peak_hz_mean", peakHzMean);
            DashboardState.writeDouble(g, "instantaneous_hz_mean", instantaneousHzMean);
            g.writeEndObject();
        }
    }

    private static void writeArray(
            final JsonGenerator g, final String name, final double[] v, final int n)
            throws IOException {
        g.writeArrayFieldStart(name);
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(v[i])) {
                g.writeNumber(v[i]);
            } else {
                g.writeNull();
            }
        }
        g.writeEndArray();
    }
}
