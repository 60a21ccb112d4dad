package org.neurostream.ingest.bridge;

import java.io.Closeable;
import java.io.IOException;

/**
 * A source of multichannel samples, read sample-major into caller arrays: equally spaced from
 * device time 0, unless {@link #deviceTimeNs} says otherwise (a series that starts later, or has a
 * timestamp per sample).
 */
public interface SampleSource extends Closeable {
    int channelCount();

    /** Samples per second per channel (for a source with timestamps, its mean rate). */
    double sampleRate();

    /**
     * The device time of sample {@code sample} (0-based; -1 asks for the time one period before the
     * first), ns. Equally spaced sources from time 0 (the default) return {@code sample *
     * periodNs}; a source that starts later adds its start, and one with timestamps gives the
     * timestamp of any sample of the block it read last.
     *
     * @param periodNs the frames' sample period, round(1e9 / {@link #sampleRate()})
     */
    default long deviceTimeNs(final long sample, final long periodNs) {
        return sample * periodNs;
    }

    /**
     * Reads up to {@code maxSamples} samples of every channel into {@code dst}, sample-major
     * ({@code dst[s * channels + c]}).
     *
     * @return samples per channel read, 0 at the end
     */
    int read(float[] dst, int maxSamples) throws IOException;

    /**
     * Reads up to {@code samples} samples per channel into channel-major arrays ({@code
     * result[c][s]}), the layout the spectral kernels take. Arrays are cut to what was read.
     */
    default float[][] readChannelMajor(final int samples) throws IOException {
        final int channels = channelCount();
        final float[][] signal = new float[channels][samples];
        final int chunk = 4096;
        final float[] block = new float[chunk * channels];
        int done = 0;
        int n;
        while (done < samples && (n = read(block, Math.min(chunk, samples - done))) > 0) {
            for (int s = 0; s < n; s++) {
                for (int c = 0; c < channels; c++) {
                    signal[c][done + s] = block[s * channels + c];
                }
            }
            done += n;
        }
        if (done < samples) {
            for (int c = 0; c < channels; c++) {
                signal[c] = java.util.Arrays.copyOf(signal[c], done);
            }
        }
        return signal;
    }
}
