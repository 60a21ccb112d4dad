package org.neurostream.models.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.neurostream.models.BandPowerFeatures;
import org.neurostream.models.pipeline.FilterDesign;
import org.neurostream.models.pipeline.Json;
import org.neurostream.operators.spectral.Band;
import org.neurostream.operators.spectral.BandEntropyKernel;
import org.neurostream.operators.spectral.BandPowerOptions;
import org.neurostream.operators.spectral.WelchConfig;
import org.neurostream.operators.spectral.WelchKernel;

/**
 * What an ONNX model is fed: one float32 tensor [channels, features] (row-major: channel c, feature
 * f at {@code c * features + f}) computed from the decoder's window with the job's kernels, so that
 * a graph sees in the job exactly what it was trained on (docs/decoders.md, "ONNX models"):
 *
 * <ul>
 *   <li>{@code band-power}: the job's band power ({@link WelchKernel}, one Welch segment over the
 *       raw window, the given bands, detrend and integration), log10 (floor {@link
 *       BandPowerFeatures#FLOOR}, as {@code bandpower-lr}) or linear; features = bands;
 *   <li>{@code band-entropy}: the job's band differential entropy: each band's 4th-order
 *       Butterworth band-pass run causally from the stream's first sample, h = 0.5 log(2 pi e
 *       sigma^2) of the population variance over the window ({@link BandEntropyKernel#entropy}), in
 *       nats or bits; features = bands;
 *   <li>{@code rbtransformer-tokens}: RBTransformer's band-entropy tokens: per electrode and band,
 *       h in bits of the band-passed signal scaled to unit variance over the window, that is 0.5
 *       log2(2 pi e var(band) / var(normaliser band)); the normaliser is a band-pass over the
 *       tokens' span (default 4-45 Hz) standing in for RBTransformer's z-scoring of the window (a
 *       causal filter cannot restart at every window); features = bands (theta, alpha, beta, gamma
 *       by default); the electrode identity embedding lives in the graph;
 *   <li>{@code raw}: the window's samples, unfiltered or through the model file's one band-pass;
 *       features = window samples.
 * </ul>
 *
 * Immutable; {@link #newFeatures} makes the per-thread computation.
 */
public final class OnnxInput {
    /** The tokens' bands of RBTransformer: theta, alpha, beta, gamma. */
    public static final String RBTRANSFORMER_BANDS = "theta:4-8,alpha:8-13,beta:13-30,gamma:30-45";

    private static final double LOG2 = 2.0;

    /** The input kinds, by the names model files use. */
    public enum Kind {
        BAND_POWER("band-power"),
        BAND_ENTROPY("band-entropy"),
        RBTRANSFORMER_TOKENS("rbtransformer-tokens"),
        RAW("raw");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The name in model files. */
        public String label() {
            return label;
        }

        /**
         * The kind named {@code name}.
         *
         * @throws IllegalArgumentException listing the names when none has that name
         */
        public static Kind parse(String name) {
            for (Kind k : values()) {
                if (k.label.equals(name)) {
                    return k;
                }
            }
            final List<String> names = new ArrayList<>();
            for (Kind k : values()) {
                names.add(k.label);
            }
            throw new IllegalArgumentException(
                    "unknown input kind '" + name + "'; known: " + String.join(", ", names));
        }
    }

    private final Kind kind;
    private final String bands;
    private final String detrend;
    private final String integration;
    private final boolean log10;
    private final boolean bits;
    private final Band normaliser;

    private OnnxInput(
            Kind kind,
            String bands,
            String detrend,
            String integration,
            boolean log10,
            boolean bits,
            Band normaliser) {
        this.kind = kind;
        this.bands = bands;
        this.detrend = detrend;
        this.integration = integration;
        this.log10 = log10;
        this.bits = bits;
        this.normaliser = normaliser;
    }

    /**
     * Band power of the given bands (the job's text form, {@code delta:1-4,...}), detrend ({@code
     * constant}, {@code linear}, {@code none}) and integration ({@code rect}, {@code trapz}); log10
     * or linear.
     */
    public static OnnxInput bandPower(
            String bands, String detrend, String integration, boolean log10) {
        Band.parseList(bands);
        return new OnnxInput(Kind.BAND_POWER, bands, detrend, integration, log10, false, null);
    }

    /** Band differential entropy of the given bands, in bits or nats. */
    public static OnnxInput bandEntropy(String bands, boolean bits) {
        Band.parseList(bands);
        return new OnnxInput(Kind.BAND_ENTROPY, bands, null, null, false, bits, null);
    }

    /** RBTransformer's tokens of the given bands, normalised by the band {@code lo}-{@code hi}. */
    public static OnnxInput rbTransformerTokens(String bands, double lo, double hi) {
        Band.parseList(bands);
        return new OnnxInput(
                Kind.RBTRANSFORMER_TOKENS,
                bands,
                null,
                null,
                false,
                true,
                FilterDesign.band(lo, hi));
    }

    /** The raw window (through the model file's filter, if it has one band). */
    public static OnnxInput raw() {
        return new OnnxInput(Kind.RAW, null, null, null, false, false, null);
    }

    /** The kind. */
    public Kind kind() {
        return kind;
    }

    /** Features per channel for windows of {@code window} samples: bands, or samples for raw. */
    public int featuresPerChannel(int window) {
        return kind == Kind.RAW ? window : Band.parseList(bands).size();
    }

    /**
     * The causal filters the input needs, or null for {@code raw}, which takes the model file's
     * (none or one band-pass).
     */
    public FilterDesign filter() {
        return switch (kind) {
            case BAND_POWER -> FilterDesign.none();
            case BAND_ENTROPY -> new FilterDesign(edges(Band.parseList(bands), null));
            case RBTRANSFORMER_TOKENS -> new FilterDesign(edges(Band.parseList(bands), normaliser));
            case RAW -> null;
        };
    }

    /**
     * Checks that the input can be computed on windows of {@code window} samples at fs: the bands
     * fit the rate, the Welch settings parse.
     *
     * @throws IllegalArgumentException saying what does not
     */
    public void check(int window, double fs) {
        switch (kind) {
            case BAND_POWER -> options(window, fs).welchConfig(fs);
            case BAND_ENTROPY, RBTRANSFORMER_TOKENS -> filter().check(fs);
            case RAW -> {}
        }
    }

    private static List<Band> edges(List<Band> bands, Band extra) {
        final List<Band> out = new ArrayList<>();
        for (Band b : bands) {
            out.add(FilterDesign.band(b.lo(), b.hi()));
        }
        if (extra != null) {
            out.add(extra);
        }
        return out;
    }

    private BandPowerOptions options(int window, double fs) {
        final BandPowerOptions d = BandPowerOptions.defaults();
        return new BandPowerOptions(window / fs, d.hopSeconds, 0.0, detrend, integration, bands);
    }

    /**
     * The per-thread computation for windows of {@code channels} x {@code window} samples at fs.
     */
    public Features newFeatures(int channels, int window, double fs) {
        return new Features(this, channels, window, fs);
    }

    /** Writes the input's section of the model file ({@code stages.input}). */
    public void write(ObjectNode node) {
        node.put("kind", kind.label());
        switch (kind) {
            case BAND_POWER -> {
                node.put("bands", bands);
                node.put("detrend", detrend);
                node.put("integration", integration);
                node.put("scale", log10 ? "log10" : "linear");
            }
            case BAND_ENTROPY -> {
                node.put("bands", bands);
                node.put("unit", bits ? "bits" : "nats");
            }
            case RBTRANSFORMER_TOKENS -> {
                node.put("bands", bands);
                node.putArray("normaliseHz").add(normaliser.lo()).add(normaliser.hi());
            }
            case RAW -> {}
        }
    }

    /**
     * Reads {@code stages.input}.
     *
     * @throws Json.Invalid naming the field at fault
     */
    public static OnnxInput read(JsonNode node, String path) {
        final Kind kind;
        try {
            kind = Kind.parse(Json.text(node, path, "kind"));
        } catch (IllegalArgumentException e) {
            throw new Json.Invalid(Json.path(path, "kind"), e.getMessage());
        }
        final Set<String> fields =
                switch (kind) {
                    case BAND_POWER -> Set.of("kind", "bands", "detrend", "integration", "scale");
                    case BAND_ENTROPY -> Set.of("kind", "bands", "unit");
                    case RBTRANSFORMER_TOKENS -> Set.of("kind", "bands", "normaliseHz");
                    case RAW -> Set.of("kind");
                };
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            final String field = it.next();
            if (!fields.contains(field)) {
                throw new Json.Invalid(
                        Json.path(path, field),
                        "unknown field for input kind " + kind.label() + "; known: " + fields);
            }
        }
        try {
            return switch (kind) {
                case BAND_POWER -> {
                    final String scale = Json.text(node, path, "scale");
                    if (!scale.equals("log10") && !scale.equals("linear")) {
                        throw new Json.Invalid(
                                Json.path(path, "scale"),
                                "must be log10 or linear, got '" + scale + "'");
                    }
                    yield bandPower(
                            Json.text(node, path, "bands"),
                            Json.text(node, path, "detrend"),
                            Json.text(node, path, "integration"),
                            scale.equals("log10"));
                }
                case BAND_ENTROPY -> {
                    final String unit = Json.text(node, path, "unit");
                    if (!unit.equals("nats") && !unit.equals("bits")) {
                        throw new Json.Invalid(
                                Json.path(path, "unit"),
                                "must be nats or bits, got '" + unit + "'");
                    }
                    yield bandEntropy(Json.text(node, path, "bands"), unit.equals("bits"));
                }
                case RBTRANSFORMER_TOKENS -> {
                    final double[] span = Json.numbers(node, path, "normaliseHz", 2);
                    yield rbTransformerTokens(Json.text(node, path, "bands"), span[0], span[1]);
                }
                case RAW -> raw();
            };
        } catch (IllegalArgumentException e) {
            throw new Json.Invalid(path, e.getMessage());
        }
    }

    /**
     * One thread's computation of the input tensor from a window, with its scratch allocated once:
     * {@link #compute} allocates nothing (band power excepted: the job's Welch kernel allocates
     * inside JTransforms' mixed-radix FFT).
     */
    public static final class Features {
        private final OnnxInput input;
        private final int channels;
        private final int perChannel;
        private final WelchKernel welch;
        private final float[][] signal;
        private final double[] power;
        private final double[] logPower;
        private final BandEntropyKernel entropy;
        private double sum;
        private double squares;

        private Features(OnnxInput input, int channels, int window, double fs) {
            this.input = input;
            this.channels = channels;
            this.perChannel = input.featuresPerChannel(window);
            if (input.kind == Kind.BAND_POWER) {
                final WelchConfig config = input.options(window, fs).welchConfig(fs);
                this.welch = new WelchKernel(config);
                this.signal = new float[channels][window];
                this.power = new double[channels * perChannel];
                this.logPower = new double[power.length];
            } else {
                this.welch = null;
                this.signal = null;
                this.power = null;
                this.logPower = null;
            }
            this.entropy =
                    input.kind == Kind.BAND_ENTROPY || input.kind == Kind.RBTRANSFORMER_TOKENS
                            ? new BandEntropyKernel(
                                    fs, input.filter().bands(), input.bits ? LOG2 : Math.E)
                            : null;
        }

        /** Values in the tensor: channels x features per channel. */
        public int size() {
            return channels * perChannel;
        }

        /**
         * Writes the tensor of one window into {@code out[0 .. size())} (absolute puts; the
         * buffer's position is left alone).
         *
         * @param window one channels x samples matrix per filter output, oldest sample first
         */
        public void compute(DMatrixRMaj[] window, FloatBuffer out) {
            switch (input.kind) {
                case BAND_POWER -> bandPower(window[0], out);
                case BAND_ENTROPY -> bandEntropy(window, out);
                case RBTRANSFORMER_TOKENS -> tokens(window, out);
                case RAW -> raw(window[0], out);
            }
        }

        private void bandPower(DMatrixRMaj window, FloatBuffer out) {
            final int samples = window.numCols;
            final double[] data = window.data;
            for (int c = 0; c < channels; c++) {
                final float[] row = signal[c];
                // the raw window holds the stream's float samples widened to double: exact
                for (int t = 0; t < samples; t++) {
                    row[t] = (float) data[c * samples + t];
                }
            }
            welch.bandPowers(signal, 0, samples, power, null);
            final double[] values = input.log10 ? logPower : power;
            if (input.log10) {
                BandPowerFeatures.logBandPower(power, logPower);
            }
            for (int i = 0; i < values.length; i++) {
                out.put(i, (float) values[i]);
            }
        }

        private void bandEntropy(DMatrixRMaj[] window, FloatBuffer out) {
            final int samples = window[0].numCols;
            for (int c = 0; c < channels; c++) {
                for (int b = 0; b < perChannel; b++) {
                    out.put(c * perChannel + b, (float) entropyOf(window[b].data, c, samples));
                }
            }
        }

        private void tokens(DMatrixRMaj[] window, FloatBuffer out) {
            final int samples = window[0].numCols;
            final double[] data = window[perChannel].data;
            for (int c = 0; c < channels; c++) {
                // dividing the band's variance by the normaliser's subtracts half its log2
                moments(data, c, samples);
                final double variance =
                        Math.max(
                                BandEntropyKernel.variance(sum, squares, samples),
                                BandEntropyKernel.VARIANCE_FLOOR);
                final double reference = 0.5 * Math.log(variance) / Math.log(LOG2);
                for (int b = 0; b < perChannel; b++) {
                    out.put(
                            c * perChannel + b,
                            (float) (entropyOf(window[b].data, c, samples) - reference));
                }
            }
        }

        /** h of row c. */
        private double entropyOf(double[] data, int c, int samples) {
            moments(data, c, samples);
            return entropy.entropy(sum, squares, samples);
        }

        /** The sum and sum of squares of row c, sample after sample as the job's kernel sums. */
        private void moments(double[] data, int c, int samples) {
            double s = 0;
            double s2 = 0;
            for (int t = c * samples; t < (c + 1) * samples; t++) {
                final double v = data[t];
                s += v;
                s2 += v * v;
            }
            sum = s;
            squares = s2;
        }

        private void raw(DMatrixRMaj window, FloatBuffer out) {
            final double[] data = window.data;
            final int n = channels * perChannel;
            for (int i = 0; i < n; i++) {
                out.put(i, (float) data[i]);
            }
        }
    }
}
