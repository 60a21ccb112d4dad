package org.neurostream.operators.compute;

import static org.jocl.CL.CL_DEVICE_TYPE_ACCELERATOR;
import static org.jocl.CL.CL_DEVICE_TYPE_CPU;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;

import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * One OpenCL device as {@link OpenClDevices} found it, with the limits the kernels are sized by.
 * Instances are created once per JVM, so identity is equality.
 */
public final class OpenClDevice {
    final cl_platform_id platformId;
    final cl_device_id deviceId;
    private final String platform;
    private final String name;
    private final long type;
    private final long localMemBytes;
    private final long maxWorkGroupSize;
    private final int computeUnits;

    OpenClDevice(
            final cl_platform_id platformId,
            final cl_device_id deviceId,
            final String platform,
            final String name,
            final long type,
            final long localMemBytes,
            final long maxWorkGroupSize,
            final int computeUnits) {
        this.platformId = platformId;
        this.deviceId = deviceId;
        this.platform = platform;
        this.name = name;
        this.type = type;
        this.localMemBytes = localMemBytes;
        this.maxWorkGroupSize = maxWorkGroupSize;
        this.computeUnits = computeUnits;
    }

    /** The platform's name, for example {@code Portable Computing Language}. */
    public String platform() {
        return platform;
    }

    /** The device's name as the driver reports it. */
    public String name() {
        return name;
    }

    /** Whether the driver reports the device as a GPU. */
    public boolean isGpu() {
        return (type & CL_DEVICE_TYPE_GPU) != 0;
    }

    /** gpu, accelerator, cpu or other: the device type for logs. */
    public String typeLabel() {
        if (isGpu()) {
            return "gpu";
        }
        if ((type & CL_DEVICE_TYPE_ACCELERATOR) != 0) {
            return "accelerator";
        }
        return (type & CL_DEVICE_TYPE_CPU) != 0 ? "cpu" : "other";
    }

    /** Local (work-group shared) memory in bytes. */
    public long localMemBytes() {
        return localMemBytes;
    }

    /** Largest work-group the device accepts. */
    public long maxWorkGroupSize() {
        return maxWorkGroupSize;
    }

    /** Parallel compute units (multiprocessors of a GPU, cores of a CPU device), at least 1. */
    public int computeUnits() {
        return computeUnits;
    }

    /** {@code name (type, platform)}, for logs. */
    @Override
    public String toString() {
        return name + " (" + typeLabel() + ", " + platform + ")";
    }
}
