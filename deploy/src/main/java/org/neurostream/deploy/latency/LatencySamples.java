package org.neurostream.deploy.latency;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import org.HdrHistogram.Histogram;

/**
 * One latency sample per record, from the wall-clock moment it was stamped to the moment a consumer
 * held it, kept the same way for every latency the demo compares (its predictions and the one-hop
 * Kafka floor): no correction for coordinated omission on either, so that the two percentiles
 * answer the same question. Besides the histogram (microseconds, 3 significant digits) it keeps
 * each sample's flight, up to {@link #MAX_KEPT}, so that the tail can be set beside the
 * garbage-collection pauses ({@link #tail}). Thread-safe.
 */
public final class LatencySamples {
    /** Samples whose flight is kept (16 bytes each); later ones count in the histogram only. */
    static final int MAX_KEPT = 1 << 20;

    private final Histogram us = new Histogram(60_000_000L, 3);
    private long[] sent = new long[1024];
    private long[] received = new long[1024];
    private int kept;

    /** Records the flight of one record, stamped at {@code sentEpochNs}, held at the other. */
    public synchronized void record(final long sentEpochNs, final long receivedEpochNs) {
        us.recordValue(Math.max(0, (receivedEpochNs - sentEpochNs) / 1000));
        if (kept < MAX_KEPT) {
            if (kept == sent.length) {
                sent = Arrays.copyOf(sent, kept * 2);
                received = Arrays.copyOf(received, kept * 2);
            }
            sent[kept] = sentEpochNs;
            received[kept] = receivedEpochNs;
            kept++;
        }
    }

    /** Percentiles so far. */
    public synchronized LatencySnapshot snapshot() {
        return LatencySnapshot.of(us);
    }

    /**
     * The histogram so far, compressed and in Base64 (HdrHistogram's own encoding), for a reader
     * that merges the histograms of several runs ({@link #decode}).
     */
    public synchronized String encoded() {
        final ByteBuffer b = ByteBuffer.allocate(us.getNeededByteBufferCapacity());
        final int n = us.encodeIntoCompressedByteBuffer(b);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(b.array(), n));
    }

    /** A histogram of microseconds written by {@link #encoded()}. */
    public static Histogram decode(final String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (final java.util.zip.DataFormatException
                | java.nio.BufferUnderflowException
                | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an encoded latency histogram: " + e, e);
        }
    }

    /**
     * The samples at or above the percentile {@code percentile} of this histogram: how many, and
     * how many of those (among the kept) were in flight while a pause of {@code pauses} ran.
     *
     * @return {at or above, of them during a pause}
     */
    public synchronized int[] tail(final double percentile, final GcPauses pauses) {
        if (us.getTotalCount() == 0) {
            return new int[] {0, 0};
        }
        // the histogram's bucket of the percentile: a sample in it or above is in the tail
        final long threshold = us.lowestEquivalentValue(us.getValueAtPercentile(percentile));
        int above = 0;
        int inPause = 0;
        for (int i = 0; i < kept; i++) {
            if ((received[i] - sent[i]) / 1000 >= threshold) {
                above++;
                if (pauses.overlaps(sent[i], received[i])) {
                    inPause++;
                }
            }
        }
        return new int[] {above, inPause};
    }
}
