package org.neurostream.operators.compute;

import static org.jocl.CL.CL_MAP_WRITE;
import static org.jocl.CL.CL_MEM_ALLOC_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateCommandQueue;
import static org.jocl.CL.clEnqueueMapBuffer;
import static org.jocl.CL.clEnqueueUnmapMemObject;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseMemObject;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_mem;

/**
 * The bound a batched hot path cannot beat on a discrete device: how fast the host-to-device link
 * copies a batch's bytes from pinned host memory, measured the way the backends copy (one
 * non-blocking {@code clEnqueueWriteBuffer} from a {@code CL_MEM_ALLOC_HOST_PTR} buffer mapped
 * once, into a device buffer), with nothing else on the device.
 */
public final class OpenClTransfers {

    /**
     * A measurement.
     *
     * @param device the device copied to
     * @param bytes bytes per copy
     * @param copies timed copies
     * @param gigabytesPerSecond bytes per second over the timed copies, in GB/s (1e9 bytes)
     */
    public record Rate(String device, long bytes, int copies, double gigabytesPerSecond) {}

    private OpenClTransfers() {}

    /**
     * Copies {@code bytes} from pinned host memory to the device that {@code kind} selects (nothing
     * for {@code cpu}, a GPU for {@code auto}, the preferred device for {@code opencl}), two copies
     * to warm up, then back to back for about {@code seconds} (at least 3 copies), each waited for.
     *
     * @return the rate, or empty when the kind selects no device
     */
    public static Optional<Rate> hostToDevice(
            final BackendKind kind, final long bytes, final double seconds) {
        if (kind == BackendKind.CPU) {
            return Optional.empty();
        }
        final Optional<OpenClDevice> found =
                kind == BackendKind.AUTO ? OpenClDevices.firstGpu() : OpenClDevices.preferred();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        final OpenClDevice device = found.get();
        final cl_context context = OpenClPrograms.context(device);
        final cl_command_queue queue = clCreateCommandQueue(context, device.deviceId, 0, null);
        cl_mem host = null;
        cl_mem target = null;
        ByteBuffer mapped = null;
        try {
            host = clCreateBuffer(context, CL_MEM_ALLOC_HOST_PTR, bytes, null, null);
            target = clCreateBuffer(context, CL_MEM_READ_ONLY, bytes, null, null);
            mapped =
                    clEnqueueMapBuffer(
                            queue, host, true, CL_MAP_WRITE, 0, bytes, 0, null, null, null);
            for (int i = 0; i < mapped.capacity(); i += 4096) {
                mapped.put(i, (byte) i); // touch every page: the copy reads real memory
            }
            final Pointer from = Pointer.to(mapped);
            for (int i = 0; i < 2; i++) {
                clEnqueueWriteBuffer(queue, target, false, 0, bytes, from, 0, null, null);
                clFinish(queue);
            }
            final long end = System.nanoTime() + (long) (seconds * 1e9);
            final long start = System.nanoTime();
            int copies = 0;
            long now;
            do {
                clEnqueueWriteBuffer(queue, target, false, 0, bytes, from, 0, null, null);
                clFinish(queue);
                copies++;
                now = System.nanoTime();
            } while (now < end || copies < 3);
            return Optional.of(
                    new Rate(
                            device.toString(),
                            bytes,
                            copies,
                            (double) bytes * copies / (now - start)));
        } finally {
            if (mapped != null) {
                clEnqueueUnmapMemObject(queue, host, mapped, 0, null, null);
                clFinish(queue);
            }
            if (host != null) {
                clReleaseMemObject(host);
            }
            if (target != null) {
                clReleaseMemObject(target);
            }
            clReleaseCommandQueue(queue);
        }
    }
}
