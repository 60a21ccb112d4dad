package org.neurostream.models.synthetic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jtransforms.fft.DoubleFFT_1D;
import org.neurostream.ingest.edf.EdfAnnotation;
import org.neurostream.ingest.edf.EdfWriter;

/**
 * A seeded generator of motor-imagery runs shaped like the EEG Motor Movement/Imagery data set's
 * imagery runs: 64 channels with its labels, 160 Hz, 125 one-second records, in microvolts at one
 * microvolt per digital step, and its annotation schedule (15 rests {@code T0} of 4.2 s, each
 * followed by a left-fist {@code T1} or right-fist {@code T2} imagery trial of 4.1 s, in a balanced
 * random order).
 *
 * <p>The signal is a sum of sources seen through a smooth spatial mixing (Gaussian fall-off over an
 * electrode grid laid out from the 10-10 labels, about 2 cm per step):
 *
 * <ul>
 *   <li>background: {@link #BACKGROUND_SOURCES} 1/f sources at random places (broad mixing), 1/f
 *       noise of every electrode of its own, and white amplifier noise;
 *   <li>posterior alpha: two 10 Hz sources over O1 and O2;
 *   <li>sensorimotor rhythms: a mu (11 Hz) and a beta (22 Hz) source under C3 and under C4 (focal
 *       mixing), their amplitude drifting slowly, and during imagery the one contralateral to the
 *       imagined hand (C4 for {@code T1}, C3 for {@code T2}) reduced by the chosen depth (times a
 *       per-trial factor 0.6-1.4): 0.5 halves the amplitude, a quarter of the power remains.
 * </ul>
 *
 * <p>The source places, the mixing and the rhythms' frequencies depend on the seed alone, so the
 * runs of one seed are one simulated subject: calibrate on some, test on others. Each run's noise
 * and trial order depend on the seed and the run number. Same arguments, same bytes.
 */
public final class MotorImageryGenerator {
    /** Samples per second. */
    public static final int FS = 160;

    /** Seconds per run. */
    public static final int SECONDS = 125;

    /** 1/f background sources. */
    public static final int BACKGROUND_SOURCES = 16;

    /** The data set's channel labels, in its order. */
    public static final List<String> LABELS =
            List.of(
                    "Fc5.", "Fc3.", "Fc1.", "Fcz.", "Fc2.", "Fc4.", "Fc6.", "C5..", "C3..", "C1..",
                    "Cz..", "C2..", "C4..", "C6..", "Cp5.", "Cp3.", "Cp1.", "Cpz.", "Cp2.", "Cp4.",
                    "Cp6.", "Fp1.", "Fpz.", "Fp2.", "Af7.", "Af3.", "Afz.", "Af4.", "Af8.", "F7..",
                    "F5..", "F3..", "F1..", "Fz..", "F2..", "F4..", "F6..", "F8..", "Ft7.", "Ft8.",
                    "T7..", "T8..", "T9..", "T10.", "Tp7.", "Tp8.", "P7..", "P5..", "P3..", "P1..",
                    "Pz..", "P2..", "P4..", "P6..", "P8..", "Po7.", "Po3.", "Poz.", "Po4.", "Po8.",
                    "O1..", "Oz..", "O2..", "Iz..");

    private static final double BACKGROUND_UV = 9.0;
    private static final double ELECTRODE_NOISE_UV = 3.0;
    private static final double WHITE_NOISE_UV = 1.0;
    private static final double ALPHA_UV = 8.0;
    private static final double MU_UV = 7.0;
    private static final double BETA_UV = 3.5;
    private static final double REST_SECONDS = 4.2;
    private static final double TASK_SECONDS = 4.1;
    private static final int TRIAL_PAIRS = 15;

    private final long seed;
    private final double depth;
    private final double[][] position;
    private final double[][] background;
    private final double muHz;
    private final double betaHz;
    private final double alphaHz;

    /**
     * A simulated subject.
     *
     * @param seed the subject's seed
     * @param depth imagery's reduction of the contralateral mu and beta amplitude, 0 to 0.7
     */
    public MotorImageryGenerator(long seed, double depth) {
        if (!(depth >= 0 && depth <= 0.7)) {
            throw new IllegalArgumentException("depth must be within [0, 0.7], got " + depth);
        }
        this.seed = seed;
        this.depth = depth;
        this.position = new double[LABELS.size()][];
        for (int c = 0; c < LABELS.size(); c++) {
            position[c] = position(LABELS.get(c));
        }
        final SplittableRandom subject = new SplittableRandom(seed);
        this.background = new double[BACKGROUND_SOURCES][];
        for (int s = 0; s < BACKGROUND_SOURCES; s++) {
            background[s] =
                    new double[] {-5 + 10 * subject.nextDouble(), -5 + 9 * subject.nextDouble()};
        }
        this.muHz = 10 + 2 * subject.nextDouble();
        this.betaHz = 19 + 6 * subject.nextDouble();
        this.alphaHz = 9 + 2 * subject.nextDouble();
    }

    /**
     * Writes runs 1..{@code runs} to {@code dir} as {@code synth-s<seed>-r<NN>.edf}.
     *
     * @return the files written, in run order
     */
    public List<Path> writeRuns(Path dir, int runs) throws IOException {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        }
        Files.createDirectories(dir);
        final List<Path> files = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
            final Path file =
                    dir.resolve(String.format(Locale.ROOT, "synth-s%d-r%02d.edf", seed, r));
            final Run run = run(r);
            EdfWriter.write(
                    file,
                    new EdfWriter.Header(
                            LABELS,
                            FS,
                            "uV",
                            -8092,
                            8092,
                            -8092,
                            8092,
                            "simulated",
                            String.format(
                                    Locale.ROOT,
                                    "X X neurostream-synth-eeg seed=%d depth=%s run=%d",
                                    seed,
                                    depth,
                                    r),
                            LocalDateTime.of(2026, 1, 1, 12, 0, 0).plusMinutes(3L * r)),
                    run.signal(),
                    run.annotations());
            files.add(file);
        }
        return files;
    }

    /**
     * One run's signal and annotations.
     *
     * @param signal {@code signal[channel][sample]} in microvolts, rounded to whole microvolts
     * @param annotations the schedule, onsets in seconds
     */
    public record Run(float[][] signal, List<EdfAnnotation> annotations) {}

    /** Run {@code number} (1, 2, ...). */
    public Run run(int number) {
        final SplittableRandom random = new SplittableRandom(seed * 1_000_003L + number);
        final int n = FS * SECONDS;
        final List<EdfAnnotation> annotations = schedule(random);
        final double[][] out = new double[LABELS.size()][n];
        for (double[] source : background) {
            addMixed(out, source, 3.0, scaled(pink(random, n), BACKGROUND_UV));
        }
        for (int c = 0; c < out.length; c++) {
            final double[] own = scaled(pink(random, n), ELECTRODE_NOISE_UV);
            for (int t = 0; t < n; t++) {
                out[c][t] += own[t] + WHITE_NOISE_UV * random.nextGaussian();
            }
        }
        for (double x : new double[] {-1, 1}) {
            addMixed(
                    out,
                    new double[] {x, -4},
                    1.5,
                    scaled(rhythm(random, n, alphaHz, 1.0), ALPHA_UV));
        }
        // left hemisphere (C3) first: T2, the right hand, desynchronises it
        final double[][] motor = {{-2, 0}, {2, 0}};
        final String[] contralateral = {"T2", "T1"};
        for (int side = 0; side < 2; side++) {
            final double[] envelope = envelope(random, n, annotations, contralateral[side]);
            final double[] mu = scaled(rhythm(random, n, muHz, 1.0), MU_UV);
            final double[] beta = scaled(rhythm(random, n, betaHz, 2.0), BETA_UV);
            for (int t = 0; t < n; t++) {
                mu[t] = (mu[t] + beta[t]) * envelope[t];
            }
            addMixed(out, motor[side], 1.0, mu);
        }
        final float[][] signal = new float[out.length][n];
        for (int c = 0; c < out.length; c++) {
            for (int t = 0; t < n; t++) {
                signal[c][t] = (float) Math.rint(Math.max(-8092, Math.min(8092, out[c][t])));
            }
        }
        return new Run(signal, annotations);
    }

    /** 15 rests, each followed by a T1 or T2 trial; 8 of one kind and 7 of the other. */
    private static List<EdfAnnotation> schedule(SplittableRandom random) {
        final List<String> tasks = new ArrayList<>();
        final boolean moreLeft = random.nextBoolean();
        for (int i = 0; i < TRIAL_PAIRS; i++) {
            tasks.add((i % 2 == 0) == moreLeft ? "T1" : "T2");
        }
        for (int i = tasks.size() - 1; i > 0; i--) {
            final int j = random.nextInt(i + 1);
            tasks.set(i, tasks.set(j, tasks.get(i)));
        }
        final List<EdfAnnotation> out = new ArrayList<>();
        for (int i = 0; i < TRIAL_PAIRS; i++) {
            // onsets on a 0.1 s grid, as the data set's (16 samples at 160 Hz)
            final double rest = Math.round(i * (REST_SECONDS + TASK_SECONDS) * 10) / 10.0;
            out.add(new EdfAnnotation(rest, REST_SECONDS, "T0"));
            out.add(
                    new EdfAnnotation(
                            Math.round((rest + REST_SECONDS) * 10) / 10.0,
                            TASK_SECONDS,
                            tasks.get(i)));
        }
        return out;
    }

    /**
     * Amplitude of one sensorimotor source: a slow log-normal drift, times 1 - depth x (0.6..1.4)
     * during each trial of {@code task}, ramped in over 0.3-0.8 s after the onset and out over 0.5
     * s after the end.
     */
    private double[] envelope(
            SplittableRandom random, int n, List<EdfAnnotation> annotations, String task) {
        final double[] drift = scaled(pink(random, n), 0.15);
        final double[] e = new double[n];
        for (int t = 0; t < n; t++) {
            e[t] = Math.exp(drift[t]);
        }
        for (EdfAnnotation a : annotations) {
            if (!a.text().equals(task)) {
                continue;
            }
            final double d = depth * (0.6 + 0.8 * random.nextDouble());
            final double on = a.onsetSeconds();
            final double off = on + a.durationSeconds();
            for (int t = (int) (on * FS); t < Math.min(n, (int) ((off + 0.5) * FS)); t++) {
                final double s = (double) t / FS;
                final double in = Math.min(1, Math.max(0, (s - on - 0.3) / 0.5));
                final double out = Math.min(1, Math.max(0, 1 - (s - off) / 0.5));
                e[t] *= 1 - d * Math.min(in, out);
            }
        }
        return e;
    }

    /** Adds {@code source} to every channel with weight exp(-d^2 / (2 width^2)). */
    private void addMixed(double[][] out, double[] at, double width, double[] source) {
        for (int c = 0; c < out.length; c++) {
            final double dx = position[c][0] - at[0];
            final double dy = position[c][1] - at[1];
            final double w = Math.exp(-(dx * dx + dy * dy) / (2 * width * width));
            if (w < 1e-4) {
                continue;
            }
            final double[] row = out[c];
            for (int t = 0; t < row.length; t++) {
                row[t] += w * source[t];
            }
        }
    }

    /** White Gaussian noise shaped to a 1/f power spectrum (DC removed), unit RMS. */
    private static double[] pink(SplittableRandom random, int n) {
        return shaped(random, n, f -> f > 0 ? 1.0 / Math.sqrt(f) : 0.0);
    }

    /** Narrow-band noise: a Gaussian spectral peak at {@code hz} of deviation {@code width}. */
    private static double[] rhythm(SplittableRandom random, int n, double hz, double width) {
        return shaped(random, n, f -> Math.exp(-(f - hz) * (f - hz) / (2 * width * width)));
    }

    private static double[] shaped(
            SplittableRandom random, int n, java.util.function.DoubleUnaryOperator gain) {
        final double[] a = new double[n];
        for (int t = 0; t < n; t++) {
            a[t] = random.nextGaussian();
        }
        final DoubleFFT_1D fft = new DoubleFFT_1D(n);
        fft.realForward(a);
        // JTransforms' packing for even n: a[0] = Re X0, a[1] = Re X(n/2), then Re/Im pairs
        a[0] *= gain.applyAsDouble(0.0);
        a[1] *= gain.applyAsDouble(FS / 2.0);
        for (int k = 1; k < n / 2; k++) {
            final double g = gain.applyAsDouble((double) k * FS / n);
            a[2 * k] *= g;
            a[2 * k + 1] *= g;
        }
        fft.realInverse(a, true);
        double squares = 0.0;
        for (double v : a) {
            squares += v * v;
        }
        final double rms = Math.sqrt(squares / n);
        for (int t = 0; t < n; t++) {
            a[t] /= rms;
        }
        return a;
    }

    private static double[] scaled(double[] x, double factor) {
        for (int t = 0; t < x.length; t++) {
            x[t] *= factor;
        }
        return x;
    }

    /**
     * The grid position of a 10-10 label: rows Fp 4, Af 3, F 2, Fc/Ft 1, C/T 0, Cp/Tp -1, P -2, Po
     * -3, O -4, Iz -5; odd numbers left (1 = -1, 3 = -2, ...), even right, z on the midline.
     */
    static double[] position(String label) {
        final String l = label.replace(".", "").toLowerCase(Locale.ROOT);
        int split = 0;
        while (split < l.length()
                && Character.isLetter(l.charAt(split))
                && l.charAt(split) != 'z') {
            split++;
        }
        final String row = l.substring(0, split);
        final String column = l.substring(split);
        final double y =
                switch (row) {
                    case "fp" -> 4;
                    case "af" -> 3;
                    case "f" -> 2;
                    case "fc", "ft" -> 1;
                    case "c", "t" -> 0;
                    case "cp", "tp" -> -1;
                    case "p" -> -2;
                    case "po" -> -3;
                    case "o" -> -4;
                    case "i" -> -5;
                    default -> throw new IllegalArgumentException("unknown label " + label);
                };
        final double x;
        if (column.equals("z")) {
            x = 0;
        } else {
            final int number = Integer.parseInt(column);
            x = number % 2 == 1 ? -(number + 1) / 2.0 : number / 2.0;
        }
        return new double[] {x, y};
    }
}
