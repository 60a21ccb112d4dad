package org.neurostream.operators.descriptors;

import java.util.function.Consumer;
import org.neurostream.core.records.DescriptorRecord;

/**
 * The per-stream work of the streaming descriptors without Flink's runtime, so that the function,
 * the benchmark and the tests run one and the same code. Samples go into a {@link DescriptorState};
 * once a window's worth is in and then every hop, the records of the fast descriptors
 * (connectivity, aperiodic, Hjorth, PAC, alpha; defaults every 1 s over the last 10 s) come out,
 * and on the DFA grid (every 10 s over the last 60 s) a DFA record. Both grids count samples from
 * the stream's first sample, so the output depends only on the samples, never on how they were cut
 * into frames, on arrival timing or watermarks; each window's values are those of {@link
 * DescriptorKernels} (the offline analysis's kernels) on exactly its samples.
 *
 * <p>One instance serves every stream of one layout (channels and sample period) on one thread; it
 * holds the kernels and scratch, the streams' states everything else. Per sample nothing is
 * allocated; per window, the records.
 */
public final class DescriptorStream {
    private final DescriptorOptions options;
    private final int channels;
    private final long periodNs;
    private final int window;
    private final int hop;
    private final int dfaWindow;
    private final int dfaHop;
    private final int capacity;
    private final DescriptorKernels fast;
    private final DescriptorKernels slow;
    private final float[][] fastScratch;
    private final float[][] slowScratch;

    /**
     * For streams of {@code channels} channels sampled every {@code periodNs}.
     *
     * @throws IllegalArgumentException when the options do not fit the sampling rate
     */
    public DescriptorStream(
            final DescriptorOptions options, final int channels, final long periodNs) {
        final double fs = 1e9 / periodNs;
        this.options = options;
        this.channels = channels;
        this.periodNs = periodNs;
        this.window = options.windowSamples(fs);
        this.hop = options.hopSamples(fs);
        this.dfaWindow = options.dfaWindowSamples(fs);
        this.dfaHop = options.dfaHopSamples(fs);
        if (window < 1 || hop < 1 || dfaWindow < 1 || dfaHop < 1) {
            throw new IllegalArgumentException("windows and hops must hold at least one sample");
        }
        this.capacity = Math.max(window, dfaWindow);
        this.fast = new DescriptorKernels(options, channels, fs, window);
        this.slow = new DescriptorKernels(options, channels, fs, dfaWindow);
        this.fastScratch = new float[channels][window];
        this.slowScratch = new float[channels][dfaWindow];
    }

    /** A fresh state for a stream whose first sample is at device time {@code startNs}. */
    public DescriptorState newState(final long startNs) {
        final DescriptorState s = new DescriptorState();
        s.channels = channels;
        s.periodNs = periodNs;
        s.startNs = startNs;
        s.capacity = capacity;
        s.ring = new float[channels * capacity];
        s.nextFastAt = window;
        s.nextDfaAt = dfaWindow;
        return s;
    }

    /** Bytes of one stream's checkpointed state (the ring dominates). */
    public long stateBytes() {
        return 4L * 9 + 8L * 5 + 4L * channels * capacity;
    }

    /**
     * Appends {@code count} samples per channel, sample-major as frames carry them ({@code
     * samples[offset + i * channels + c]}), and hands every record that falls due to {@code out}.
     *
     * @param ingestNs ingest stamp the records emitted now depend on (wall-clock ns)
     */
    public void append(
            final DescriptorState s,
            final float[] samples,
            final int offset,
            final int count,
            final String streamId,
            final long ingestNs,
            final Consumer<DescriptorRecord> out) {
        final float[] ring = s.ring;
        final int cap = capacity;
        int i = 0;
        while (i < count) {
            // up to the next emission point or the end of the ring, whichever comes first
            final long due = Math.min(s.nextFastAt, s.nextDfaAt);
            final int slot = (int) (s.samples % cap);
            final int take = (int) Math.min(Math.min(count - i, due - s.samples), cap - slot);
            for (int k = 0; k < take; k++) {
                final int from = offset + (i + k) * channels;
                for (int c = 0; c < channels; c++) {
                    ring[c * cap + slot + k] = samples[from + c];
                }
            }
            s.samples += take;
            i += take;
            if (s.samples == s.nextFastAt) {
                emitFast(s, streamId, ingestNs, out);
                s.nextFastAt += hop;
            }
            if (s.samples == s.nextDfaAt) {
                emitDfa(s, streamId, ingestNs, out);
                s.nextDfaAt += dfaHop;
            }
        }
    }

    private void emitFast(
            final DescriptorState s,
            final String streamId,
            final long ingestNs,
            final Consumer<DescriptorRecord> out) {
        unroll(s, fastScratch, window);
        fast.screen(fastScratch, 0);
        final DescriptorRecord[] aperiodicAndAlpha = fast.aperiodicAndAlpha(fastScratch, 0);
        final DescriptorRecord[] records = {
            fast.connectivity(fastScratch, 0),
            aperiodicAndAlpha[0],
            fast.hjorth(fastScratch, 0),
            fast.pac(fastScratch, 0),
            aperiodicAndAlpha[1]
        };
        for (final DescriptorRecord r : records) {
            stamp(r, s, window, streamId, ingestNs);
            out.accept(r);
        }
    }

    private void emitDfa(
            final DescriptorState s,
            final String streamId,
            final long ingestNs,
            final Consumer<DescriptorRecord> out) {
        unroll(s, slowScratch, dfaWindow);
        slow.screen(slowScratch, 0);
        final DescriptorRecord r = slow.dfa(slowScratch, 0);
        stamp(r, s, dfaWindow, streamId, ingestNs);
        out.accept(r);
    }

    private static void stamp(
            final DescriptorRecord r,
            final DescriptorState s,
            final int length,
            final String streamId,
            final long ingestNs) {
        r.streamId = streamId;
        r.endNs = s.startNs + s.samples * s.periodNs;
        r.startNs = r.endNs - length * s.periodNs;
        r.ingestNs = ingestNs;
    }

    /** The last {@code length} samples of every channel, oldest first. */
    private void unroll(final DescriptorState s, final float[][] into, final int length) {
        final int cap = capacity;
        final int end = (int) (s.samples % cap);
        final int start = Math.floorMod(end - length, cap);
        for (int c = 0; c < channels; c++) {
            final int base = c * cap;
            if (start + length <= cap) {
                System.arraycopy(s.ring, base + start, into[c], 0, length);
            } else {
                final int first = cap - start;
                System.arraycopy(s.ring, base + start, into[c], 0, first);
                System.arraycopy(s.ring, base, into[c], first, length - first);
            }
        }
    }

    /** The options this stream runs with. */
    public DescriptorOptions options() {
        return options;
    }
}
