package org.neurostream.models.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ejml.data.DMatrixRMaj;
import org.neurostream.models.BandPowerFeatures;
import org.neurostream.models.logistic.LogisticRegression;
import org.neurostream.operators.spectral.BandPowerOptions;
import org.neurostream.operators.spectral.WelchConfig;
import org.neurostream.operators.spectral.WelchKernel;

/**
 * {@code bandpower-lr}, the decoder the job has shipped from the start: log10 band power of every
 * channel and band ({@link BandPowerFeatures}, the job's {@link WelchKernel} over the raw window,
 * the job's default bands) and standardised L2 logistic regression, the strength chosen by inner
 * cross-validation over {@link #L2_GRID}. Two classes. The model file of the earlier format ({@code
 * kind: logistic}) loads as this pipeline.
 */
public final class BandPowerLr extends FittedPipeline {
    /** The L2 strengths inner cross-validation chooses from: one per decade, 1e-3 to 100. */
    static final double[] L2_GRID = {1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2};

    private final BandPowerOptions options;
    private final LogisticRegression logistic;
    private final double fs;

    BandPowerLr(BandPowerOptions options, LogisticRegression logistic, int channels, double fs) {
        super(PipelineKind.BANDPOWER_LR, 2, channels);
        this.options = options;
        this.logistic = logistic;
        this.fs = fs;
        if (logistic.featureCount() != channels * options.welchConfig(fs).bands().size()) {
            throw new IllegalArgumentException(
                    "bandpower-lr: "
                            + logistic.featureCount()
                            + " weights for "
                            + channels
                            + " channels x "
                            + options.welchConfig(fs).bands().size()
                            + " bands");
        }
    }

    /** The job's band-power options with a window of {@code windowSamples} at fs. */
    static BandPowerOptions options(int windowSamples, double fs) {
        final BandPowerOptions d = BandPowerOptions.defaults();
        return new BandPowerOptions(
                windowSamples / fs, d.hopSeconds, 0.0, d.detrend, d.integration, d.bands);
    }

    /** The trainer. */
    public static PipelineTrainer trainer() {
        return (trials, rows) -> {
            CspLda.requireTwoClasses(trials, rows, PipelineKind.BANDPOWER_LR);
            final BandPowerOptions options = options(trials.samples(), trials.fs());
            final Features features = new Features(options, trials.channels(), trials.fs());
            final double[][] x = new double[rows.length][];
            for (int k = 0; k < rows.length; k++) {
                x[k] = new double[features.count()];
                features.compute(trials.epochs()[rows[k]][0], x[k]);
            }
            final LogisticRegression logistic =
                    LogisticStage.fit(
                            x,
                            trials.labels(rows),
                            trials.groups(rows),
                            L2_GRID,
                            trials.innerFolds(),
                            true);
            return new BandPowerLr(options, logistic, trials.channels(), trials.fs());
        };
    }

    /** The pipeline of an earlier-format model file's logistic regression. */
    static BandPowerLr legacy(
            BandPowerOptions options, LogisticRegression logistic, int channels, double fs) {
        return new BandPowerLr(options, logistic, channels, fs);
    }

    static BandPowerLr read(JsonNode stages, int channels, double fs, int window) {
        final JsonNode welch = Json.object(stages, "stages", "welch");
        final BandPowerOptions o = options(window, fs);
        final String bands = Json.text(welch, "stages.welch", "bands");
        final String detrend = Json.text(welch, "stages.welch", "detrend");
        final String integration = Json.text(welch, "stages.welch", "integration");
        final BandPowerOptions options;
        try {
            options =
                    new BandPowerOptions(
                            o.windowSeconds, o.hopSeconds, 0.0, detrend, integration, bands);
            options.welchConfig(fs);
        } catch (IllegalArgumentException e) {
            throw new Json.Invalid("stages.welch", e.getMessage());
        }
        final int features = channels * options.welchConfig(fs).bands().size();
        final LogisticRegression logistic =
                LogisticStage.read(
                        Json.object(stages, "stages", "logistic"), "stages.logistic", features);
        return new BandPowerLr(options, logistic, channels, fs);
    }

    /** The classifier. */
    public LogisticRegression logistic() {
        return logistic;
    }

    /** The band-power options. */
    public BandPowerOptions options() {
        return options;
    }

    @Override
    public WindowScorer newScorer() {
        final Features features = new Features(options, channels, fs);
        final double[] x = new double[features.count()];
        return new BandPowerScorer() {
            @Override
            public void probabilities(final DMatrixRMaj[] window, final double[] out) {
                features.compute(window[0], x);
                score(out);
            }

            @Override
            public WelchConfig welchConfig() {
                return features.config;
            }

            @Override
            public void probabilitiesOfBandPower(
                    final double[] bandPower, final int offset, final double[] out) {
                BandPowerFeatures.logBandPower(bandPower, offset, x);
                score(out);
            }

            private void score(final double[] out) {
                out[1] = logistic.probability(x);
                out[0] = 1.0 - out[1];
            }
        };
    }

    @Override
    public void writeStages(ObjectNode stages) {
        final ObjectNode welch = stages.putObject("welch");
        welch.put("bands", options.bands);
        welch.put("detrend", options.detrend);
        welch.put("integration", options.integration);
        welch.put("config", options.welchConfig(fs).toString());
        LogisticStage.write(logistic, stages.putObject("logistic"));
    }

    /** Log10 band power of a raw window through the job's Welch kernel; reusable scratch. */
    private static final class Features {
        private final WelchConfig config;
        private final WelchKernel kernel;
        private final float[][] signal;
        private final double[] power;

        Features(BandPowerOptions options, int channels, double fs) {
            this.config = options.welchConfig(fs);
            this.kernel = new WelchKernel(config);
            this.signal = new float[channels][options.windowSamples(fs)];
            this.power = new double[channels * config.bands().size()];
        }

        int count() {
            return power.length;
        }

        void compute(DMatrixRMaj window, double[] out) {
            final int samples = window.numCols;
            final double[] data = window.data;
            for (int c = 0; c < signal.length; c++) {
                final float[] row = signal[c];
                // the window holds the raw float samples widened to double: narrowing is exact
                for (int t = 0; t < samples; t++) {
                    row[t] = (float) data[c * samples + t];
                }
            }
            kernel.bandPowers(signal, 0, samples, power, null);
            BandPowerFeatures.logBandPower(power, out);
        }
    }
}
