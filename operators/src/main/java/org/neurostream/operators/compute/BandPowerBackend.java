package org.neurostream.operators.compute;

import java.nio.FloatBuffer;
import org.neurostream.operators.spectral.WelchConfig;

/**
 * The band-power hot path: Welch band powers of many channels over one sample range, with the
 * conventions of {@link org.neurostream.operators.spectral.WelchKernel} (which the CPU
 * implementation runs and the OpenCL implementation matches within 1e-4 relative).
 *
 * <p>Two ways in. {@link #bandPowers} takes the caller's arrays and returns when the outputs are
 * written. The slots ({@link #input}, {@link #submit}, {@link #complete}) keep up to {@link
 * #depth()} batches in flight: the caller writes a batch into a slot's host buffer (pinned memory
 * on a GPU, so the copy to the device is a plain DMA), submits it, fills the next slot while the
 * device works, and completes the slots in any order. A slot's buffer must not change between its
 * submit and its complete, and {@link #bandPowers} must not be called while a slot is in flight.
 *
 * <p>One instance belongs to one thread. {@link #close()} releases device resources; a closed
 * backend must not be called again.
 */
public interface BandPowerBackend extends ComputeBackend {

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
     * @throws IllegalStateException when a slot is in flight
     */
    int bandPowers(float[][] channels, int offset, int length, double[] out, double[] relativeOut);

    /** The number of slots: how many batches may be in flight at once (1 on the CPU path). */
    int depth();

    /**
     * The host buffer of {@code slot} for a batch of {@code channels} channels of {@code length}
     * samples each, channel-major (channel c's samples at {@code c * length}), position 0 and limit
     * channels x length: fill it, then {@link #submit} the slot. Ask for it again for every batch:
     * it may be another buffer after the buffers grew or the backend fell back to the CPU.
     *
     * @throws IndexOutOfBoundsException when slot is not in [0, depth)
     * @throws IllegalArgumentException when channels or length is negative
     * @throws IllegalStateException when the slot's batch is in flight
     */
    FloatBuffer input(int slot, int channels, int length);

    /**
     * Starts the batch in the slot's buffer, as shaped by the last {@link #input} call; returns at
     * once on a device.
     *
     * @throws IllegalStateException when the slot has no batch or one already in flight
     */
    void submit(int slot);

    /**
     * Waits for the slot's batch and writes its outputs as {@link #bandPowers} does.
     *
     * @return the number of segments averaged per channel
     * @throws IllegalArgumentException when an output is shorter than channels x bands
     * @throws IllegalStateException when the slot has no batch in flight
     */
    int complete(int slot, double[] out, double[] relativeOut);
}
