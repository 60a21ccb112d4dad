package org.neurostream.models.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.neurostream.models.onnx.OnnxPipeline;

/** The decoding pipelines, by the names the command line and model files use. */
public enum PipelineKind {
    /** Band-pass 8-30 Hz, CSP (6 filters), log power, shrinkage LDA. */
    CSP_LDA("csp-lda"),
    /** Filter bank 4-40 Hz in 4 Hz bands, CSP per band, selection by mutual information, LDA. */
    FBCSP_LDA("fbcsp-lda"),
    /** Band-pass 8-30 Hz, OAS covariance, Riemannian tangent space, logistic regression. */
    TS_LR("ts-lr"),
    /** Band-pass 8-30 Hz, OAS covariance, minimum Riemannian distance to the class means. */
    MDM("mdm"),
    /** Log10 band power of every channel and band, logistic regression. */
    BANDPOWER_LR("bandpower-lr"),
    /**
     * An ONNX graph run by ONNX Runtime on the window's features ({@link OnnxPipeline}); trained
     * outside NeuroStream, so it has no trainer and its filters follow its input.
     */
    ONNX("onnx");

    private static final String NOT_TRAINED =
            "onnx models are not trained by NeuroStream: export a graph from PyTorch (or any"
                    + " framework) and describe it in a model file (docs/decoders.md, \"ONNX"
                    + " models\")";

    private final String label;

    PipelineKind(String label) {
        this.label = label;
    }

    /** The name on the command line and in model files. */
    public String label() {
        return label;
    }

    /**
     * The pipeline named {@code name}.
     *
     * @throws IllegalArgumentException listing the names when there is none of that name
     */
    public static PipelineKind parse(String name) {
        for (PipelineKind k : values()) {
            if (k.label.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown pipeline '" + name + "'; known: " + names());
    }

    /** The names, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(PipelineKind::label).collect(Collectors.joining(", "));
    }

    /**
     * The causal filters this pipeline trains and runs on.
     *
     * @throws IllegalArgumentException for {@link #ONNX}, whose filters follow its model file's
     *     input ({@link PipelineModel#filter()})
     */
    public FilterDesign filter() {
        return switch (this) {
            case CSP_LDA, TS_LR, MDM -> FilterDesign.bandPass(8, 30);
            case FBCSP_LDA -> FilterDesign.filterBank();
            case BANDPOWER_LR -> FilterDesign.none();
            case ONNX -> throw new IllegalArgumentException(NOT_TRAINED);
        };
    }

    /** Whether {@code train-decoder} can train it ({@link #trainer()}); all but {@link #ONNX}. */
    public boolean trainable() {
        return this != ONNX;
    }

    /**
     * Its training procedure.
     *
     * @throws IllegalArgumentException for {@link #ONNX}, which is trained outside NeuroStream
     */
    public PipelineTrainer trainer() {
        return switch (this) {
            case CSP_LDA -> CspLda.trainer();
            case FBCSP_LDA -> FilterBankCspLda.trainer();
            case TS_LR -> TangentSpaceLr.trainer();
            case MDM -> MinimumDistanceToMean.trainer();
            case BANDPOWER_LR -> BandPowerLr.trainer();
            case ONNX -> throw new IllegalArgumentException(NOT_TRAINED);
        };
    }

    /** Whether it takes more than two classes. */
    public boolean multiClass() {
        return this == MDM || this == ONNX;
    }

    /** Reads the fitted stages of a model file whose filter section is {@code filter}. */
    DecoderPipeline read(
            JsonNode stages,
            int channels,
            int classes,
            double fs,
            int window,
            FilterDesign filter) {
        return switch (this) {
            case CSP_LDA -> CspLda.read(stages, channels, classes);
            case FBCSP_LDA -> FilterBankCspLda.read(stages, channels, classes, filter.outputs());
            case TS_LR -> TangentSpaceLr.read(stages, channels);
            case MDM -> MinimumDistanceToMean.read(stages, channels, classes);
            case BANDPOWER_LR -> BandPowerLr.read(stages, channels, fs, window);
            case ONNX -> OnnxPipeline.read(stages, channels, classes, fs, window, filter);
        };
    }

    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}
