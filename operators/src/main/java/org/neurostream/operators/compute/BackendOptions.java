package org.neurostream.operators.compute;

/**
 * How a compute backend is made, beyond its kind: options that only change how the OpenCL path
 * works, never what it computes. The CPU path ignores them.
 *
 * @param profiling time every transfer and kernel with OpenCL profiling events ({@link
 *     ComputeBackend#profile()}); costs a little host time per command, so benchmarks turn it on
 *     for a separate run
 * @param holdWindows let the motif path keep its last window on the device when {@link
 *     MotifBackend#process} returns, so that the host prepares the next batch's window while the
 *     device works; that window's detections then come with the next call ({@code process} or
 *     {@code finish}). Off by default: each call then sends every detection of the bins it closes
 *     before it returns, as a stream operator needs
 */
public record BackendOptions(boolean profiling, boolean holdWindows) {

    /** No profiling; every call decides what it closes before returning. */
    public static final BackendOptions DEFAULT = new BackendOptions(false, false);

    /** These options with profiling on or off. */
    public BackendOptions withProfiling(final boolean on) {
        return new BackendOptions(on, holdWindows);
    }

    /** These options with windows held across calls, or not. */
    public BackendOptions withHeldWindows(final boolean on) {
        return new BackendOptions(profiling, on);
    }
}
