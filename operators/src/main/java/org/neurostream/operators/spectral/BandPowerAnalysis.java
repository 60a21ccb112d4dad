package org.neurostream.operators.spectral;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.neurostream.core.records.Csv;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.compute.BandPowerBackend;
import org.neurostream.operators.compute.BandPowerBackends;
import org.neurostream.operators.compute.CpuBandPowerBackend;

/**
 * Offline band power and band differential entropy of a span of samples, with the job's own
 * kernels: the work of the {@code bandpower} command, given the samples (channel-major) and the
 * channel labels by whoever read the file.
 */
public final class BandPowerAnalysis {
    private BandPowerAnalysis() {}

    /**
     * What {@code bandpower} does with the span it read: {@link #bandPower} of {@code signal} on
     * {@code backend}, with {@code bde} also its {@link #entropy}, written by {@link #writeCsv}.
     *
     * @throws IllegalArgumentException starting {@code --bde:} when the entropy cannot be had
     */
    public static void write(
            final Path out,
            final WelchConfig config,
            final BackendKind backend,
            final float[][] signal,
            final List<String> labels,
            final boolean bde)
            throws IOException {
        final double[][] power = bandPower(config, backend, signal);
        double[] entropy = null;
        if (bde) {
            try {
                entropy = entropy(signal, config.fs(), config.bands());
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException("--bde: " + e.getMessage(), e);
            }
        }
        writeCsv(out, labels, config.bands(), power[0], power[1], entropy);
    }

    /**
     * Band and relative power per channel and band (channel-major, {@code [channel * bands +
     * band]}): one Welch average over all of {@code signal}. The CPU kernel runs over contiguous
     * groups of channels, one group per core (channels are independent, and the numbers are those
     * of one kernel call); another backend takes the whole span.
     *
     * @return {@code {power, relative}}
     */
    public static double[][] bandPower(
            final WelchConfig config, final BackendKind backend, final float[][] signal) {
        final int values = signal.length * config.bands().size();
        final double[] power = new double[values];
        final double[] relative = new double[values];
        try (BandPowerBackend kernel = BandPowerBackends.create(config, backend)) {
            if (kernel instanceof CpuBandPowerBackend) {
                onAllCores(config, kernel, signal, power, relative);
            } else {
                kernel.bandPowers(signal, 0, signal[0].length, power, relative);
            }
        }
        return new double[][] {power, relative};
    }

    private static void onAllCores(
            final WelchConfig config,
            final BandPowerBackend first,
            final float[][] signal,
            final double[] power,
            final double[] relative) {
        final int channels = signal.length;
        final int groups =
                Math.max(1, Math.min(channels, Runtime.getRuntime().availableProcessors()));
        final int nb = config.bands().size();
        final List<Thread> threads = new ArrayList<>();
        final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        for (int g = 0; g < groups; g++) {
            final int from = (int) ((long) channels * g / groups);
            final int to = (int) ((long) channels * (g + 1) / groups);
            final BandPowerBackend kernel = g == 0 ? first : new CpuBandPowerBackend(config);
            final Thread t =
                    new Thread(
                            () -> {
                                try {
                                    final double[] p = new double[(to - from) * nb];
                                    final double[] r = new double[(to - from) * nb];
                                    kernel.bandPowers(
                                            Arrays.copyOfRange(signal, from, to),
                                            0,
                                            signal[0].length,
                                            p,
                                            r);
                                    System.arraycopy(p, 0, power, from * nb, p.length);
                                    System.arraycopy(r, 0, relative, from * nb, r.length);
                                } catch (final RuntimeException e) {
                                    failure.compareAndSet(null, e);
                                }
                            },
                            "bandpower-" + g);
            t.start();
            threads.add(t);
        }
        for (final Thread t : threads) {
            try {
                t.join();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /**
     * Band differential entropy per channel and band (channel-major): the filters start from rest
     * at the span's start, and the variance covers the span after its first second, which they need
     * to settle.
     *
     * @throws IllegalArgumentException when a band does not fit the sample rate, or the span is no
     *     longer than the settling second
     */
    public static double[] entropy(
            final float[][] signal, final double fs, final List<Band> bandList) {
        final BandEntropyKernel kernel = new BandEntropyKernel(fs, bandList);
        final int count = signal[0].length;
        final int settle = kernel.settlingSamples();
        if (count <= settle) {
            throw new IllegalArgumentException(
                    String.format(
                            "the span holds %d samples, no more than the first second (%d samples)"
                                    + " the filters need to settle",
                            count, settle));
        }
        final int values = signal.length * kernel.bandCount();
        final double[] state = new double[kernel.stateLength(signal.length)];
        final double[] settling = new double[values]; // sums over the settling second, dropped
        final double[] sum = new double[values];
        final double[] sumSquares = new double[values];
        for (int c = 0; c < signal.length; c++) {
            kernel.filter(signal[c], 0, settle, c, state, settling, settling, 0);
            kernel.filter(signal[c], settle, count - settle, c, state, sum, sumSquares, 0);
        }
        final double[] h = new double[values];
        kernel.entropies(sum, sumSquares, count - settle, h, null);
        return h;
    }

    /**
     * Writes the {@code bandpower} CSV: {@code
     * channel,label,band,lo_hz,hi_hz,power,relative[,bde]}, one row per channel and band,
     * channel-major.
     *
     * @param entropy band differential entropy, or null for no {@code bde} column
     */
    public static void writeCsv(
            final Path out,
            final List<String> labels,
            final List<Band> bandList,
            final double[] power,
            final double[] relative,
            final double[] entropy)
            throws IOException {
        final int nb = bandList.size();
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            w.write(
                    entropy == null
                            ? "channel,label,band,lo_hz,hi_hz,power,relative\n"
                            : "channel,label,band,lo_hz,hi_hz,power,relative,bde\n");
            final StringBuilder line = new StringBuilder(128);
            for (int c = 0; c < labels.size(); c++) {
                for (int b = 0; b < nb; b++) {
                    final Band band = bandList.get(b);
                    line.setLength(0);
                    line.append(c)
                            .append(',')
                            .append(Csv.field(labels.get(c)))
                            .append(',')
                            .append(band.name())
                            .append(',')
                            .append(Csv.number(band.lo()))
                            .append(',')
                            .append(Csv.number(band.hi()))
                            .append(',')
                            .append(power[c * nb + b])
                            .append(',')
                            .append(relative[c * nb + b]);
                    if (entropy != null) {
                        line.append(',').append(entropy[c * nb + b]);
                    }
                    line.append('\n');
                    w.append(line);
                }
            }
        }
    }
}
