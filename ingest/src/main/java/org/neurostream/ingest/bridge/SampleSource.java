package org.neurostream.ingest.bridge;

import java.io.Closeable;
import java.io.IOException;

/** A source of equally spaced multichannel samples, read sample-major into caller arrays. */
public interface SampleSource extends Closeable {
    int channelCount();

    /** Samples per second per channel. */
    double sampleRate();

    /**
     * Reads up to {@code maxSamples} samples of every channel into {@code dst}, sample-major
     * ({@code dst[s * channels + c]}).
     *
     * @return samples per channel read, 0 at the end
     */
    int read(float[] dst, int maxSamples) throws IOException;
}
