package org.neurostream.deploy.latency;

import org.HdrHistogram.Histogram;

/** Percentiles of a latency histogram recorded in microseconds, reported in milliseconds. */
public record LatencySnapshot(long count, double p50Ms, double p99Ms, double maxMs) {
    static LatencySnapshot of(final Histogram h) {
        if (h.getTotalCount() == 0) {
            return new LatencySnapshot(0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new LatencySnapshot(
                h.getTotalCount(),
                h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0,
                h.getMaxValue() / 1000.0);
    }
}
