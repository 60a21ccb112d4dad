package org.neurostream.ingest.calcium;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.neurostream.core.records.Csv;
import org.neurostream.ingest.npy.NpyWriter;

/**
 * A seeded, GCaMP-like calcium-imaging session with known spikes, for the demo and for tests (real
 * recordings' licences do not allow shipping them). Per ROI r and frame t:
 *
 * <pre>
 *   c_t = g c_{t-1} + s_t,  g = exp(-1 / (tau fs)),  c before frame 0 = 0
 *   F_t = F0_r (1 - bleach t / frames) (1 + c_t) + noise F0_r N(0, 1)
 * </pre>
 *
 * with F0_r uniform in [300, 900), spikes s_t uniform in [0.8, 1.6) dF/F from two sources:
 * independent Poisson spikes at {@code rateHz} per ROI, and population bursts (Poisson onsets at
 * {@code burstRateHz}) that each ROI joins with probability {@code recruitment}, a geometric number
 * of frames (mean 1.5, at most 6) after the onset, so that avalanches span a few frames. Spikes of
 * one ROI in one frame add up to one ground-truth event. No neuropil: the traces are F as if
 * neuropil-corrected already. Random numbers come from {@link SplittableRandom} and {@link
 * StrictMath}, so a seed gives the same bytes on every JVM.
 */
public final class SyntheticGcamp {
    /** File name stem of the demo session: {@code <stem>.npy} and {@code <stem>-spikes.csv}. */
    public static final String DEMO_NAME = "synthetic-gcamp";

    private final Parameters parameters;
    private final CalciumTraces traces;
    private final double[] spikes;

    /**
     * What to generate.
     *
     * @param rois number of ROIs, at least 1
     * @param fs frames per second
     * @param seconds length; frames = round(seconds fs)
     * @param tauSeconds calcium decay time
     * @param rateHz independent spike rate per ROI
     * @param burstRateHz population burst rate
     * @param recruitment probability that an ROI joins a burst
     * @param noise noise sd as a fraction of F0 (dF/F units)
     * @param bleach fraction of F0 lost over the session
     * @param seed random seed
     */
    public record Parameters(
            int rois,
            double fs,
            double seconds,
            double tauSeconds,
            double rateHz,
            double burstRateHz,
            double recruitment,
            double noise,
            double bleach,
            long seed) {
        /** Checks the ranges. */
        public Parameters {
            if (rois < 1
                    || !(fs > 0)
                    || !(seconds > 0)
                    || !(tauSeconds > 0)
                    || !(rateHz >= 0)
                    || !(burstRateHz >= 0)
                    || !(recruitment >= 0 && recruitment <= 1)
                    || !(noise >= 0)
                    || !(bleach >= 0 && bleach < 1)
                    || !finite(fs, seconds, tauSeconds, rateHz, burstRateHz, noise)) {
                throw new IllegalArgumentException(
                        "synthetic session parameters out of range: " + this);
            }
        }

        /**
         * The shipped demo session: 40 ROIs at 30 Hz for 120 s, tau 1 s, 0.1 Hz spikes per ROI,
         * bursts at 0.1 Hz joined by half the ROIs, noise 0.1 dF/F, 3 % bleaching, seed 20261123.
         */
        public static Parameters demo() {
            return new Parameters(40, 30.0, 120.0, 1.0, 0.1, 0.1, 0.5, 0.1, 0.03, 20261123L);
        }

        private static boolean finite(final double... values) {
            for (final double v : values) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
            return true;
        }

        /** Number of frames, round(seconds fs). */
        public int frames() {
            return (int) Math.round(seconds * fs);
        }
    }

    private SyntheticGcamp(
            final Parameters parameters, final CalciumTraces traces, final double[] spikes) {
        this.parameters = parameters;
        this.traces = traces;
        this.spikes = spikes;
    }

    /**
     * Generates a session.
     *
     * @throws IllegalArgumentException when rois x frames does not fit in an array
     */
    public static SyntheticGcamp generate(final Parameters p) {
        final int rois = p.rois();
        final int frames = p.frames();
        if ((long) rois * frames > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(rois + " ROIs x " + frames + " frames is too large");
        }
        final SplittableRandom random = new SplittableRandom(p.seed());
        final double[] s = new double[rois * frames];
        final double perFrame = p.rateHz() / p.fs();
        final double burstPerFrame = p.burstRateHz() / p.fs();
        for (int t = 0; t < frames; t++) {
            for (int r = 0; r < rois; r++) {
                if (random.nextDouble() < perFrame) {
                    s[t * rois + r] += amplitude(random);
                }
            }
            if (random.nextDouble() < burstPerFrame) {
                for (int r = 0; r < rois; r++) {
                    if (random.nextDouble() < p.recruitment()) {
                        int delay = 0;
                        while (delay < 6 && random.nextDouble() < 0.6) {
                            delay++;
                        }
                        final double a = amplitude(random);
                        if (t + delay < frames) {
                            s[(t + delay) * rois + r] += a;
                        }
                    }
                }
            }
        }
        final double g = StrictMath.exp(-1.0 / (p.tauSeconds() * p.fs()));
        final double[] f0 = new double[rois];
        for (int r = 0; r < rois; r++) {
            f0[r] = 300 + 600 * random.nextDouble();
        }
        final double[] c = new double[rois];
        final float[] f = new float[rois * frames];
        for (int t = 0; t < frames; t++) {
            final double bleached = 1.0 - p.bleach() * t / frames;
            for (int r = 0; r < rois; r++) {
                c[r] = g * c[r] + s[t * rois + r];
                f[t * rois + r] =
                        (float)
                                (f0[r] * bleached * (1 + c[r])
                                        + p.noise() * f0[r] * gaussian(random));
            }
        }
        final List<String> labels = new ArrayList<>(rois);
        for (int r = 0; r < rois; r++) {
            labels.add("roi" + r);
        }
        return new SyntheticGcamp(p, new CalciumTraces(null, rois, frames, f, labels), s);
    }

    /** The parameters it was made from. */
    public Parameters parameters() {
        return parameters;
    }

    /** The raw fluorescence F, frame-major, ROI labels "roi0" ... */
    public CalciumTraces traces() {
        return traces;
    }

    /** The true spike size (dF/F) of an ROI at a frame, 0 where none. */
    public double spike(final int roi, final int frame) {
        return spikes[frame * traces.roiCount() + roi];
    }

    /** Number of ground-truth events (ROI-frames with a spike). */
    public int spikeCount() {
        int n = 0;
        for (final double v : spikes) {
            n += v > 0 ? 1 : 0;
        }
        return n;
    }

    /**
     * {@link #write}s the session as {@code calcium-synth} does and returns the line it prints:
     * {@code calcium-synth: N ROIs x N frames at FS Hz, N true spikes -> NPY, CSV}.
     */
    public String writeReport(final Path dir, final String name) throws IOException {
        final Path[] files = write(dir, name);
        return String.format(
                Locale.ROOT,
                "calcium-synth: %d ROIs x %d frames at %s Hz, %d true spikes -> %s, %s",
                parameters.rois(),
                parameters.frames(),
                Csv.number(parameters.fs()),
                spikeCount(),
                files[0],
                files[1]);
    }

    /**
     * Writes {@code dir/<name>.npy} (float32, [ROIs, frames], the layout of suite2p's F.npy) and
     * {@code dir/<name>-spikes.csv} (header {@code t_us,address,amplitude}, sorted by t_us then
     * address; t_us = round(frame 1e6 / fs), address = 0-based ROI, amplitude = true spike size in
     * dF/F), creating dir if needed.
     *
     * @return the two files
     */
    public Path[] write(final Path dir, final String name) throws IOException {
        Files.createDirectories(dir);
        final int rois = traces.roiCount();
        final int frames = traces.frameCount();
        final float[] roiMajor = new float[rois * frames];
        for (int r = 0; r < rois; r++) {
            for (int t = 0; t < frames; t++) {
                roiMajor[r * frames + t] = traces.value(r, t);
            }
        }
        final Path npy = dir.resolve(name + ".npy");
        NpyWriter.write(npy, roiMajor, rois, frames);
        final Path csv = dir.resolve(name + "-spikes.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("t_us,address,amplitude\n");
            for (int t = 0; t < frames; t++) {
                final long tUs = Math.round(t * 1e6 / parameters.fs());
                for (int r = 0; r < rois; r++) {
                    final double a = spikes[t * rois + r];
                    if (a > 0) {
                        w.write(tUs + "," + r + "," + (float) a + "\n");
                    }
                }
            }
        }
        return new Path[] {npy, csv};
    }

    private static double amplitude(final SplittableRandom random) {
        return 0.8 + 0.8 * random.nextDouble();
    }

    /** A standard normal draw (Box-Muller, StrictMath for bit-reproducibility). */
    private static double gaussian(final SplittableRandom random) {
        final double u = 1.0 - random.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u))
                * StrictMath.cos(2.0 * StrictMath.PI * random.nextDouble());
    }
}
