package org.neurostream.operators.flink;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.operators.spectral.WelchKernel;

/**
 * The Welch segments' periodograms of each stream's last window, kept so that the next windows,
 * which overlap it, transform only their new segments: where the hop is a whole number of segment
 * steps, window n + 1's segments are window n's from the (hop / step)-th on plus hop / step new
 * ones. Each segment's periodogram is the one {@link WelchKernel#segmentPowers} computes, and a
 * window's are summed oldest first ({@link WelchKernel#bandPowersOfSegments}), so the band powers
 * are the bits of transforming every segment of every window.
 *
 * <p>Derived data, not state: nothing here is checkpointed. A stream's periodograms are used only
 * while its state goes on from the record they were last used for (same start, the next record
 * number, one hop more samples); otherwise (a restore, a restarted stream, a state from elsewhere)
 * they are computed again from the window. Memory: channels x segments per window x {@link
 * WelchKernel#usedBins} doubles per stream (72 MB for 384 channels, 116 segments of 1024 samples
 * and bins up to 6 kHz at 30 kHz); streams beyond {@link #BUDGET_BYTES} lose theirs, least recently
 * used first, and get them again from their windows.
 */
final class SegmentPeriodograms {
    /** Memory for all streams' periodograms of one layout, in bytes. */
    static final long BUDGET_BYTES = 1L << 30;

    private final WelchKernel kernel;
    private final int channels;
    private final int window;
    private final int hop;
    private final int step;
    private final int nperseg;
    private final int segments;
    private final int used;
    private final int maxStreams;
    private final float[] wrapped;

    /** The window's segments (0 = its first) whose periodograms a record computes anew. */
    private final int[] fresh;

    private final LinkedHashMap<String, Periodograms> streams =
            new LinkedHashMap<>(16, 0.75f, true);

    /** Whether windows of {@code window} samples every {@code hop} can share segments. */
    static boolean shares(final WelchKernel kernel, final int window, final int hop) {
        final int step = kernel.config().step();
        final int segments = kernel.config().segmentCount(window);
        return hop % step == 0 && hop / step < segments;
    }

    SegmentPeriodograms(
            final WelchKernel kernel, final int channels, final int window, final int hop) {
        this.kernel = kernel;
        this.channels = channels;
        this.window = window;
        this.hop = hop;
        this.step = kernel.config().step();
        this.nperseg = kernel.config().nperseg();
        this.segments = kernel.config().segmentCount(window);
        this.used = kernel.usedBins();
        final long bytes = 8L * channels * segments * used;
        this.maxStreams = (int) Math.max(1, Math.min(1024, BUDGET_BYTES / bytes));
        this.wrapped = new float[nperseg];
        this.fresh = new int[segments];
    }

    /**
     * The band powers of record {@code r} from the window that ends at {@code s.samples}, whose
     * oldest sample is at {@code oldest} in each channel's part of the ring.
     */
    void bandPowers(
            final SpectralState s,
            final String streamId,
            final int oldest,
            final BandPowerRecord r,
            final int bands) {
        final Periodograms p = periodograms(streamId);
        if (p.startNs != s.startNs || p.nextRecord != r.seq || p.nextSamples != s.samples) {
            Arrays.fill(p.segmentAt, -1);
        }
        // segment g starts at stream sample g x step; the window's first is (samples - window) /
        // step, a whole number because windows end at window + n x hop
        final long first = (s.samples - window) / step;
        final int firstSlot = (int) (first % segments);
        int count = 0;
        for (int k = 0; k < segments; k++) {
            final long g = first + k;
            if (p.segmentAt[(int) (g % segments)] != g) {
                fresh[count++] = k;
            }
        }
        // channel by channel: a channel's new segments overlap by half and lie together in its
        // part of the ring, so each sample comes from memory once, and its periodograms are still
        // in the cache when they are summed; the values are those of any order
        for (int c = 0; c < channels; c++) {
            final int base = c * window;
            for (int j = 0; j < count; j++) {
                final int k = fresh[j];
                final int slot = (int) ((first + k) % segments);
                // the ring holds the window from oldest on, wrapping at its end
                final int at = (oldest + k * step) % window;
                final int out = (c * segments + slot) * used;
                if (at + nperseg <= window) {
                    kernel.segmentPowers(s.ring, base + at, p.powers, out);
                } else {
                    System.arraycopy(s.ring, base + at, wrapped, 0, window - at);
                    System.arraycopy(s.ring, base, wrapped, window - at, nperseg - (window - at));
                    kernel.segmentPowers(wrapped, 0, p.powers, out);
                }
            }
            kernel.bandPowersOfSegments(
                    p.powers,
                    c * segments * used,
                    firstSlot,
                    segments,
                    r.bandPower,
                    c * bands,
                    r.relativePower,
                    c * bands);
        }
        for (int j = 0; j < count; j++) {
            final long g = first + fresh[j];
            p.segmentAt[(int) (g % segments)] = g;
        }
        p.startNs = s.startNs;
        p.nextRecord = r.seq + 1;
        p.nextSamples = s.samples + hop;
    }

    /** The stream's periodograms; a new stream past the budget takes the oldest stream's arrays. */
    private Periodograms periodograms(final String streamId) {
        Periodograms p = streams.get(streamId);
        if (p != null) {
            return p;
        }
        if (streams.size() >= maxStreams) {
            final Iterator<Map.Entry<String, Periodograms>> eldest = streams.entrySet().iterator();
            p = eldest.next().getValue();
            eldest.remove();
            p.nextRecord = -1;
        } else {
            p = new Periodograms(channels * segments * used, segments);
        }
        streams.put(streamId, p);
        return p;
    }

    /** One stream's periodograms, per channel and ring slot, and what they go on from. */
    private static final class Periodograms {
        final double[] powers;

        /** The segment (counted from the stream's first sample) each slot holds; -1: none. */
        final long[] segmentAt;

        long startNs;
        long nextRecord = -1;
        long nextSamples;

        Periodograms(final int values, final int segments) {
            powers = new double[values];
            segmentAt = new long[segments];
            Arrays.fill(segmentAt, -1);
        }
    }
}
