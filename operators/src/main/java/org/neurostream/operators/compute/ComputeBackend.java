package org.neurostream.operators.compute;

import java.util.List;

/**
 * What every compute backend of a hot path has in common: a name, the device it runs on, what it
 * measured about its own device work, and resources to release. {@link BandPowerBackend} and {@link
 * MotifBackend} extend it, so that {@link ComputeBackends} selects and guards both the same way.
 */
public interface ComputeBackend extends AutoCloseable {

    /** The backend that runs the next batch: {@code cpu} or {@code opencl}. */
    String name();

    /** The device the next batch runs on, for logs: an OpenCL device name, or {@code java}. */
    String device();

    /**
     * Device time per command kind (transfers and kernels) since the backend was made, when it was
     * made with {@link BackendOptions#profiling()} on an OpenCL device; empty otherwise.
     */
    default List<OpenClProfile.Entry> profile() {
        return List.of();
    }

    /** Releases what the backend holds (device queues and buffers); never throws. */
    @Override
    void close();
}
