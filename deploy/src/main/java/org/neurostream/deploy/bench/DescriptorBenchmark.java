package org.neurostream.deploy.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.neurostream.operators.descriptors.DescriptorOptions;
import org.neurostream.operators.descriptors.DescriptorState;
import org.neurostream.operators.descriptors.DescriptorStream;
import org.neurostream.operators.descriptors.PhaseSynchronyKernel;
import org.neurostream.operators.flink.DescriptorStateSerializer;
import org.neurostream.operators.spectral.Band;

/**
 * The cost of the resting-state descriptors.
 *
 * <p>Stream: {@link DescriptorStream} (what {@code DescriptorFunction} runs per frame) with the
 * streaming defaults (connectivity, aperiodic, Hjorth, PAC and alpha every 1 s over the last 10 s;
 * DFA every 10 s over the last 60 s) on one stream of C channels at fs Hz: 60 s of seeded signal (a
 * 10 Hz rhythm, red noise and white noise per channel) is appended in blocks of F samples over and
 * over, the stream's time running on. After a warm-up stretch (by default 130 s of signal, so that
 * DFA has run too), the process CPU time (every thread, GC and JIT included) and the calling
 * thread's are read across the measured stretch; the figure is CPU seconds per second of signal,
 * the fraction of one core the stream needs. Also: the bytes of the stream's checkpointed state,
 * and the time to write it with its serializer (the checkpoint's serialization cost), best of 20.
 *
 * <p>Connectivity at scale: {@link PhaseSynchronyKernel} over 256 channels at 1 kHz (32,640 pairs,
 * the five default bands, five 2 s epochs: the 10 s window), called once per second of signal in
 * the stream; the figure is the calling thread's CPU seconds per call (= per second of signal),
 * median of 5 after 2 warm-up calls.
 */
public final class DescriptorBenchmark {
    private static volatile double sink;

    private DescriptorBenchmark() {}

    /**
     * One stream's figures.
     *
     * @param coreFraction process CPU seconds per second of signal
     * @param threadCoreFraction the calling thread's CPU seconds per second of signal
     * @param records records emitted while measured
     * @param stateBytes bytes of the serialized state
     * @param checkpointMs milliseconds to serialize the state, best of 20
     */
    public record StreamResult(
            double coreFraction,
            double threadCoreFraction,
            long records,
            long stateBytes,
            double checkpointMs) {}

    /**
     * The reference: 64 channels at 160 Hz, blocks of 16 samples, 130 s warm-up, 120 s measured.
     */
    public static StreamResult stream() throws IOException {
        return stream(64, 160, 16, 130, 120);
    }

    /** Measures one stream on the calling thread (see the class comment). */
    public static StreamResult stream(
            final int channels,
            final double fs,
            final int block,
            final double warmupSeconds,
            final double signalSeconds)
            throws IOException {
        final long periodNs = Math.round(1e9 / fs);
        final int n = (int) Math.round(60 * fs);
        final float[] signal = signal(channels, fs, n);
        final DescriptorStream stream =
                new DescriptorStream(DescriptorOptions.DEFAULTS, channels, periodNs);
        final DescriptorState state = stream.newState(0);
        final long[] records = {0};
        final int[] at = {0};
        final Runnable append =
                () -> {
                    stream.append(
                            state,
                            signal,
                            at[0] * channels,
                            block,
                            "bench/eeg",
                            0L,
                            r -> {
                                records[0]++;
                                sink += r.endNs;
                            });
                    at[0] = (at[0] + block) % (n - block + 1);
                };
        final long warmupBlocks = (long) Math.ceil(warmupSeconds * fs / block);
        for (long b = 0; b < warmupBlocks; b++) {
            append.run();
        }
        final long measuredBlocks = (long) Math.ceil(signalSeconds * fs / block);
        final long recordsBefore = records[0];
        final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean();
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final long process0 = os.getProcessCpuTime();
        final long thread0 = threads.getCurrentThreadCpuTime();
        for (long b = 0; b < measuredBlocks; b++) {
            append.run();
        }
        final long thread1 = threads.getCurrentThreadCpuTime();
        final long process1 = os.getProcessCpuTime();
        final double seconds = measuredBlocks * block / fs;

        final DataOutputSerializer out = new DataOutputSerializer(1 << 20);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            out.clear();
            final long t = System.nanoTime();
            DescriptorStateSerializer.INSTANCE.serialize(state, out);
            best = Math.min(best, (System.nanoTime() - t) / 1e6);
        }
        return new StreamResult(
                (process1 - process0) * 1e-9 / seconds,
                (thread1 - thread0) * 1e-9 / seconds,
                records[0] - recordsBefore,
                out.length(),
                best);
    }

    /** Connectivity of 256 channels at 1 kHz over a 10 s window: CPU seconds per call. */
    public static double connectivitySecondsPerWindow() {
        return connectivitySecondsPerWindow(256, 1000);
    }

    /** As above for {@code channels} channels at {@code fs} Hz. */
    public static double connectivitySecondsPerWindow(final int channels, final double fs) {
        final int epoch = (int) Math.round(2 * fs);
        final PhaseSynchronyKernel kernel =
                new PhaseSynchronyKernel(channels, fs, epoch, Band.DEFAULT_BANDS, 5);
        final float[] flat = signal(channels, fs, 5 * epoch);
        final float[][] x = new float[channels][5 * epoch];
        for (int i = 0; i < 5 * epoch; i++) {
            for (int c = 0; c < channels; c++) {
                x[c][i] = flat[i * channels + c];
            }
        }
        final boolean[] usable = new boolean[channels];
        Arrays.fill(usable, true);
        final int values = Band.DEFAULT_BANDS.size() * kernel.pairs();
        final double[] plv = new double[values];
        final double[] pli = new double[values];
        final double[] wpli = new double[values];
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final double[] seconds = new double[5];
        for (int i = -2; i < seconds.length; i++) {
            final long t = threads.getCurrentThreadCpuTime();
            kernel.compute(x, 0, 5, usable, plv, pli, wpli);
            if (i >= 0) {
                seconds[i] = (threads.getCurrentThreadCpuTime() - t) * 1e-9;
            }
            sink += plv[i & 7];
        }
        Arrays.sort(seconds);
        return seconds[seconds.length / 2];
    }

    /** Sample-major seeded signal: a 10 Hz rhythm, red noise and white noise per channel. */
    private static float[] signal(final int channels, final double fs, final int n) {
        final SplittableRandom random = new SplittableRandom(18);
        final float[] x = new float[channels * n];
        for (int c = 0; c < channels; c++) {
            double red = 0;
            for (int i = 0; i < n; i++) {
                red = 0.98 * red + 5 * gaussian(random);
                x[i * channels + c] =
                        (float)
                                (20 * Math.sin(2 * Math.PI * 10 * i / fs + c)
                                        + red
                                        + gaussian(random));
            }
        }
        return x;
    }

    private static double gaussian(final SplittableRandom random) {
        final double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * random.nextDouble());
    }
}
