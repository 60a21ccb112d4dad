package org.neurostream.deploy.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.neurostream.core.io.Folders;
import org.neurostream.ingest.nwb.NwbFile;
import org.neurostream.ingest.nwb.NwbInfo;
import org.neurostream.ingest.nwb.NwbSeriesReader;
import org.neurostream.ingest.nwb.SyntheticNwb;

/**
 * NWB reading speed.
 *
 * <p>Read: a synthetic {@link SyntheticNwb} file of 384 int16 channels at 30 kHz (a Neuropixels 1.0
 * probe's action-potential band), {@value #READ_SECONDS} s of recording in deflate-4 chunks of 8192
 * samples x 64 channels (1 MiB, the shape h5py and neuroconv give such series), read back with
 * {@link NwbSeriesReader#read(float[], int)} into float32 volts, one block after another on one
 * thread, three passes after a warm-up pass with the file in the page cache; the figure is the best
 * pass: stored sample bytes (2 per sample) per second of the reading thread's CPU time.
 *
 * <p>Info: a synthetic file of the same layout, about 1 GB (chunks stored undeflated, so that it is
 * made in seconds; {@code nwb info} reads no chunk and no chunk index), listed as {@code nwb info}
 * lists it: in this JVM (open plus listing; the first time, then the median of 5), and as a whole
 * {@code ./neurostream nwb info} process (launcher and JVM start included; median of 3 after one
 * warm-up run) where the launcher is found.
 */
public final class NwbBenchmark {
    /** Recording length of the read benchmark's file, seconds. */
    public static final int READ_SECONDS = 10;

    static final int CHANNELS = 384;
    static final double RATE = 30_000;
    static final int CHUNK_ROWS = 8192;
    static final int CHUNK_COLUMNS = 64;

    private static volatile float sink;

    private NwbBenchmark() {}

    /** The read benchmark's figures. */
    public record Read(
            double mbPerCpuSecond, double mbPerWallSecond, double fileMb, double storedMb) {}

    /** The info benchmark's figures. */
    public record Info(
            double fileGb,
            double firstOpenMs,
            double firstOpenCpuMs,
            double medianOpenMs,
            double processSeconds) {}

    /**
     * Writes the read benchmark's file of {@code seconds} of recording into {@code dir} and reads
     * it back.
     */
    public static Read read(final Path dir, final double seconds) throws IOException {
        final Path file = dir.resolve("probe-" + seconds + "s.nwb");
        final long samples = (long) (seconds * RATE);
        SyntheticNwb.write(file, CHANNELS, RATE, samples, CHUNK_ROWS, CHUNK_COLUMNS, 4, 19L);
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final double storedMb = samples * CHANNELS * 2 / 1e6;
        double bestCpu = Double.POSITIVE_INFINITY;
        double bestWall = Double.POSITIVE_INFINITY;
        for (int pass = -1; pass < 3; pass++) {
            final long cpu0 = threads.getCurrentThreadCpuTime();
            final long wall0 = System.nanoTime();
            readAll(file);
            final double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            final double wall = (System.nanoTime() - wall0) / 1e9;
            if (pass >= 0) {
                bestCpu = Math.min(bestCpu, cpu);
                bestWall = Math.min(bestWall, wall);
            }
        }
        return new Read(storedMb / bestCpu, storedMb / bestWall, Files.size(file) / 1e6, storedMb);
    }

    private static void readAll(final Path file) throws IOException {
        try (NwbFile nwb = NwbFile.open(file)) {
            final NwbSeriesReader reader = nwb.openSeries(nwb.series().get(0));
            final float[] block = new float[4096 * CHANNELS];
            float acc = 0;
            int n;
            while ((n = reader.read(block, 4096)) > 0) {
                acc += block[(n - 1) * CHANNELS];
            }
            sink = acc;
        }
    }

    /**
     * Writes a file of about {@code bytes} into {@code dir} and times its listing.
     *
     * @param launcher the {@code neurostream} launcher, or null to skip the whole-process figure
     */
    public static Info info(final Path dir, final long bytes, final Path launcher)
            throws IOException, InterruptedException {
        final Path file = dir.resolve("probe-" + bytes + "-bytes.nwb");
        final long rows = bytes / (CHANNELS * 2L) / CHUNK_ROWS * CHUNK_ROWS;
        SyntheticNwb.write(file, CHANNELS, RATE, rows, CHUNK_ROWS, CHUNK_COLUMNS, 0, 23L);
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final long cpu0 = threads.getCurrentThreadCpuTime();
        final double first = listMs(file);
        final double firstCpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6;
        final double[] ms = new double[5];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = listMs(file);
        }
        Arrays.sort(ms);
        double process = Double.NaN;
        if (launcher != null) {
            final double[] s = new double[3];
            for (int i = -1; i < s.length; i++) {
                final long t0 = System.nanoTime();
                final Process p =
                        new ProcessBuilder(launcher.toString(), "nwb", "info", file.toString())
                                .redirectErrorStream(true)
                                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                                .start();
                if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IOException("nwb info failed on " + file);
                }
                if (i >= 0) {
                    s[i] = (System.nanoTime() - t0) / 1e9;
                }
            }
            Arrays.sort(s);
            process = s[1];
        }
        return new Info(Files.size(file) / 1e9, first, firstCpu, ms[ms.length / 2], process);
    }

    private static double listMs(final Path file) throws IOException {
        final long t0 = System.nanoTime();
        try (NwbFile nwb = NwbFile.open(file)) {
            final List<String> lines = NwbInfo.lines(nwb);
            sink = lines.size();
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Both benchmarks as {@code NAME=VALUE UNIT} lines, in a temporary folder removed after. */
    public static List<String> lines(final Path launcher) throws IOException, InterruptedException {
        final Path dir = Files.createTempDirectory("neurostream-nwb-bench-");
        try {
            final Info info = info(dir, 1_000_000_000L, launcher);
            final Read read = read(dir, READ_SECONDS);
            return List.of(
                    String.format(
                            Locale.ROOT,
                            "nwb.read.gzip_384ch_30khz.mb_per_s=%.0f MB/s of int16 samples per core"
                                    + " (%.0f MB/s wall; %.0f MB of samples in a %.0f MB file, chunks 8192x64)",
                            read.mbPerCpuSecond(),
                            read.mbPerWallSecond(),
                            read.storedMb(),
                            read.fileMb()),
                    String.format(
                            Locale.ROOT,
                            "nwb.info_1gb.open_ms=%.0f ms in process (first, %.0f ms of CPU; then median %.1f ms),"
                                    + " file %.2f GB",
                            info.firstOpenMs(),
                            info.firstOpenCpuMs(),
                            info.medianOpenMs(),
                            info.fileGb()),
                    Double.isNaN(info.processSeconds())
                            ? "nwb.info_1gb.process skipped: no launcher (set NEUROSTREAM_HOME)"
                            : String.format(
                                    Locale.ROOT,
                                    "nwb.info_1gb.process.seconds=%.3f s (./neurostream nwb info, JVM start included)",
                                    info.processSeconds()));
        } finally {
            Folders.deleteRecursively(dir);
        }
    }
}
