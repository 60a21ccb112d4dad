package org.neurostream.models.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.ejml.data.DMatrixRMaj;
import org.neurostream.ingest.npy.NpyArray;

/** The reference values of {@code decoders/make_golden.py} and its fixture. */
final class Golden {
    static final JsonNode ROOT = load();

    private Golden() {}

    private static JsonNode load() {
        try (InputStream in = Golden.class.getResourceAsStream("/decoders/golden.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode fixture() {
        return ROOT.get("fixture");
    }

    static Path resource(String name) {
        try {
            return Paths.get(Golden.class.getResource("/decoders/" + name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixture's epochs, {@code [trial]} channels x samples. */
    static DMatrixRMaj[] fixtureEpochs() throws IOException {
        final NpyArray a = NpyArray.read(resource("fixture_epochs.npy"));
        final int trials = a.dim(0);
        final int channels = a.dim(1);
        final int samples = a.dim(2);
        final double[] all = a.toDoubleArray();
        final DMatrixRMaj[] out = new DMatrixRMaj[trials];
        for (int i = 0; i < trials; i++) {
            out[i] = new DMatrixRMaj(channels, samples);
            System.arraycopy(all, i * channels * samples, out[i].data, 0, channels * samples);
        }
        return out;
    }

    static int[] fixtureLabels() throws IOException {
        final double[] v = NpyArray.read(resource("fixture_labels.npy")).toDoubleArray();
        final int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i];
        }
        return out;
    }

    static double[] vector(JsonNode node) {
        final double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).doubleValue();
        }
        return out;
    }

    static int[] ints(JsonNode node) {
        final int[] out = new int[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).intValue();
        }
        return out;
    }

    static DMatrixRMaj matrix(JsonNode node) {
        final int rows = node.size();
        final int cols = node.get(0).size();
        final DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m.set(r, c, node.get(r).get(c).doubleValue());
            }
        }
        return m;
    }

    static double[][] rows(JsonNode node) {
        final double[][] out = new double[node.size()][];
        for (int r = 0; r < out.length; r++) {
            out[r] = vector(node.get(r));
        }
        return out;
    }

    /** Largest |a - b| over the entries, relative to the largest |b|. */
    static double relativeError(DMatrixRMaj a, DMatrixRMaj b) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < b.getNumElements(); i++) {
            diff = Math.max(diff, Math.abs(a.data[i] - b.data[i]));
            scale = Math.max(scale, Math.abs(b.data[i]));
        }
        return diff / scale;
    }

    static double maxAbsDifference(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths " + a.length + " and " + b.length);
        }
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}
