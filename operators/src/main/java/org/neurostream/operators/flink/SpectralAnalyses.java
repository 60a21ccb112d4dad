package org.neurostream.operators.flink;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@link SpectralAnalysis} of each stream layout (channels and sample period) a band-power
 * subtask has seen, made on first use; the last one is found without a lookup, so a frame of the
 * same layout as the one before costs no key.
 */
final class SpectralAnalyses {
    /** Makes the analysis of a layout. */
    @FunctionalInterface
    interface Factory {
        SpectralAnalysis create(int channels, long periodNs);
    }

    private final Map<Layout, SpectralAnalysis> analyses = new HashMap<>();
    private final Factory factory;
    private Layout lastLayout;
    private SpectralAnalysis lastAnalysis;

    SpectralAnalyses(final Factory factory) {
        this.factory = factory;
    }

    /** The analysis of frames of {@code channels} channels sampled every {@code periodNs}. */
    SpectralAnalysis of(final int channels, final long periodNs) {
        if (lastLayout == null || !lastLayout.is(channels, periodNs)) {
            lastLayout = new Layout(channels, periodNs);
            lastAnalysis =
                    analyses.computeIfAbsent(lastLayout, k -> factory.create(channels, periodNs));
        }
        return lastAnalysis;
    }

    /** Frees every analysis's compute backend. */
    void close() {
        analyses.values().forEach(SpectralAnalysis::close);
    }

    /** Channels and sample period: what one {@link SpectralAnalysis} serves. */
    private record Layout(int channels, long periodNs) {
        boolean is(final int c, final long p) {
            return channels == c && periodNs == p;
        }
    }
}
