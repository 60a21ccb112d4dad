package org.neurostream.operators.compute;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.neurostream.operators.spectral.WelchConfig;

/**
 * Windows of many streams and channel layouts gathered into one device call each time the batch is
 * flushed: one call per Welch configuration and window length (streams of one sampling rate share
 * it whatever their channel counts), all of them submitted before the first is waited for. A window
 * is queued with {@link #add}, which copies its samples at once (the caller may reuse its arrays);
 * its band powers are written into the caller's output arrays by the next {@link #flush}, not
 * before. The backends are made by {@link BandPowerBackends#create}, one per configuration, so a
 * device failure falls back to the CPU as every hot path does, without losing a queued window.
 *
 * <p>{@link #view} gives a {@link BandPowerBackend} whose {@link BandPowerBackend#bandPowers}
 * queues the window here, for code written against that interface (the job's per-stream analysis).
 *
 * <p>One instance belongs to one thread; nothing is allocated per window once the batch has held
 * its largest number of rows.
 */
public final class BandPowerBatch implements AutoCloseable {
    private final BackendKind kind;
    private final int maxRows;
    private final Map<Shape, Group> groups = new LinkedHashMap<>();
    private int rows;
    private int windows;

    /**
     * A batch on backends of {@code kind} that reports itself {@link #full()} once it holds {@code
     * maxRows} channel rows.
     *
     * @throws IllegalArgumentException when maxRows &lt; 1
     */
    public BandPowerBatch(final BackendKind kind, final int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be >= 1; got " + maxRows);
        }
        this.kind = Objects.requireNonNull(kind, "kind");
        this.maxRows = maxRows;
    }

    /**
     * Queues the band powers of every {@code channels[c]} over {@code [offset, offset + length)}:
     * written by the next {@link #flush} as {@link BandPowerBackend#bandPowers} writes them
     * (channel c, band b at {@code out[c * bands + b]}; relativeOut may be null).
     *
     * @throws IllegalArgumentException when an output is shorter than channels x bands
     * @throws IndexOutOfBoundsException when the range lies outside a channel's array
     */
    public void add(
            final WelchConfig config,
            final float[][] channels,
            final int offset,
            final int length,
            final double[] out,
            final double[] relativeOut) {
        final Group g = groups.computeIfAbsent(new Shape(config, length), this::group);
        final int needed = channels.length * g.backend.bandCount();
        CpuBandPowerBackend.checkOutput("out", out, needed);
        if (relativeOut != null) {
            CpuBandPowerBackend.checkOutput("relativeOut", relativeOut, needed);
        }
        for (final float[] channel : channels) {
            Objects.checkFromIndexSize(offset, length, channel.length);
        }
        g.add(channels, offset, length, out, relativeOut);
        rows += channels.length;
        windows++;
    }

    /** Windows queued since the last flush. */
    public int windows() {
        return windows;
    }

    /** Channel rows queued since the last flush. */
    public int rows() {
        return rows;
    }

    /** Whether the batch holds its most rows: flush it before adding more. */
    public boolean full() {
        return rows >= maxRows;
    }

    /**
     * Computes every queued window, one device call per configuration, and writes its outputs; the
     * batch is empty afterwards.
     */
    public void flush() {
        if (windows == 0) {
            return;
        }
        for (final Group g : groups.values()) {
            g.submit();
        }
        for (final Group g : groups.values()) {
            g.complete();
        }
        rows = 0;
        windows = 0;
    }

    /** The backend that runs the next flush, for logs: {@code cpu} or {@code opencl}. */
    public String name() {
        for (final Group g : groups.values()) {
            return g.backend.name();
        }
        return kind.label();
    }

    /**
     * A backend for windows of {@code config} whose {@link BandPowerBackend#bandPowers} queues the
     * window in this batch and returns the segment count at once: the outputs are written by the
     * batch's next {@link #flush}, so the caller must not read them before. Its slots are not
     * served (it has no device of its own); closing it leaves the batch open.
     */
    public BandPowerBackend view(final WelchConfig config) {
        return new View(config);
    }

    /** Releases every backend; queued windows are dropped. */
    @Override
    public void close() {
        for (final Group g : groups.values()) {
            g.backend.close();
        }
        groups.clear();
        rows = 0;
        windows = 0;
    }

    private Group group(final Shape shape) {
        return new Group(BandPowerBackends.create(shape.config, kind), shape.length);
    }

    /** What shares one device call: the Welch configuration and the window's length. */
    private record Shape(WelchConfig config, int length) {}

    /** The queued windows of one shape and the backend that computes them. */
    private static final class Group {
        final BandPowerBackend backend;
        final int length;
        final int bands;
        final List<double[]> outs = new ArrayList<>();
        final List<double[]> relativeOuts = new ArrayList<>();
        int[] rowCounts = new int[8];
        float[] staging = new float[0];
        double[] result = new double[0];
        double[] relativeResult = new double[0];
        int rows;
        boolean relative;
        boolean submitted;

        Group(final BandPowerBackend backend, final int length) {
            this.backend = backend;
            this.length = length;
            this.bands = backend.bandCount();
        }

        void add(
                final float[][] channels,
                final int offset,
                final int length,
                final double[] out,
                final double[] relativeOut) {
            final int floats = (rows + channels.length) * length;
            if (staging.length < floats) {
                staging = Arrays.copyOf(staging, Math.max(floats, staging.length * 2));
            }
            for (int c = 0; c < channels.length; c++) {
                System.arraycopy(channels[c], offset, staging, (rows + c) * length, length);
            }
            final int window = outs.size();
            if (rowCounts.length == window) {
                rowCounts = Arrays.copyOf(rowCounts, window * 2);
            }
            rowCounts[window] = channels.length;
            outs.add(out);
            relativeOuts.add(relativeOut);
            relative |= relativeOut != null;
            rows += channels.length;
        }

        void submit() {
            if (rows == 0) {
                return;
            }
            final FloatBuffer in = backend.input(0, rows, length);
            in.put(staging, 0, rows * length);
            in.flip();
            backend.submit(0);
            submitted = true;
        }

        void complete() {
            if (!submitted) {
                return;
            }
            final int values = rows * bands;
            if (result.length < values) {
                result = new double[values];
                relativeResult = new double[values];
            }
            backend.complete(0, result, relative ? relativeResult : null);
            int at = 0;
            for (int w = 0; w < outs.size(); w++) {
                final int n = rowCounts[w] * bands;
                System.arraycopy(result, at, outs.get(w), 0, n);
                final double[] relativeOut = relativeOuts.get(w);
                if (relativeOut != null) {
                    System.arraycopy(relativeResult, at, relativeOut, 0, n);
                }
                at += n;
            }
            outs.clear();
            relativeOuts.clear();
            rows = 0;
            relative = false;
            submitted = false;
        }
    }

    /** The batch seen as one configuration's backend (see {@link #view}). */
    private final class View implements BandPowerBackend {
        private final WelchConfig config;
        private final int bandCount;

        View(final WelchConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            this.bandCount = config.bands().size();
        }

        @Override
        public String name() {
            return BandPowerBatch.this.name();
        }

        @Override
        public String device() {
            return "batch of " + BandPowerBatch.this.name();
        }

        @Override
        public WelchConfig config() {
            return config;
        }

        @Override
        public int bandCount() {
            return bandCount;
        }

        @Override
        public int bandPowers(
                final float[][] channels,
                final int offset,
                final int length,
                final double[] out,
                final double[] relativeOut) {
            add(config, channels, offset, length, out, relativeOut);
            return config.segmentCount(length);
        }

        @Override
        public int depth() {
            return 1;
        }

        @Override
        public FloatBuffer input(final int slot, final int channels, final int length) {
            throw new UnsupportedOperationException("a batch's view queues through bandPowers");
        }

        @Override
        public void submit(final int slot) {
            throw new UnsupportedOperationException("a batch's view queues through bandPowers");
        }

        @Override
        public int complete(final int slot, final double[] out, final double[] relativeOut) {
            throw new UnsupportedOperationException("a batch's view queues through bandPowers");
        }

        @Override
        public void close() {
            // the batch owns the backends
        }
    }
}
