package org.neurostream.operators.compute;

import org.neurostream.operators.spectral.WelchConfig;

/**
 * The band-power hot path: Welch band powers of many channels over one sample range, with the
 * conventions of {@link org.neurostream.operators.spectral.WelchKernel} (which the CPU
 * implementation runs and the OpenCL implementation matches within 1e-4 relative).
 *
 * <p>One instance belongs to one thread. {@link #close()} releases device resources; a closed
 * backend must not be called again.
 */
public interface BandPowerBackend extends AutoCloseable {

    /** The backend that computes the next batch: {@code cpu} or {@code opencl}. */
    String name();

    /** The device the next batch runs on, for logs: an OpenCL device name, or {@code java}. */
    String device();

    /** The Welch configuration every batch is computed with. */
    WelchConfig config();

    /** Number of bands, the stride of the outputs. */
    int bandCount();

    /**
     * Band powers of every {@code channels[c]} over {@code [offset, offset + length)}: channel c,
     * band b goes to {@code out[c * bandCount() + b]}, and its power relative to the relative range
     * to {@code relativeOut[c * bandCount() + b]} when relativeOut is not null.
     *
     * @return the number of segments averaged per channel; 0 when length &lt; nperseg (all powers
     *     are then 0)
     * @throws IllegalArgumentException when an output is shorter than channels x bands
     * @throws IndexOutOfBoundsException when the range lies outside a channel's array
     */
    int bandPowers(float[][] channels, int offset, int length, double[] out, double[] relativeOut);

    /** Releases what the backend holds (device queues and buffers); never throws. */
    @Override
    void close();
}
