package org.neurostream.operators.compute;

import static org.jocl.CL.CL_PROFILING_COMMAND_END;
import static org.jocl.CL.CL_PROFILING_COMMAND_START;
import static org.jocl.CL.clGetEventProfilingInfo;
import static org.jocl.CL.clReleaseEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_event;

/**
 * Device time per command kind, from OpenCL profiling events: each transfer and kernel of a
 * profiled backend is enqueued with an event, and once the command is done its start and end times
 * (CL_PROFILING_COMMAND_START / END, nanoseconds of the device's clock) are added under the
 * command's name ({@code h2d}, {@code d2h} or the kernel's name). One instance belongs to one
 * backend and so to one thread.
 */
public final class OpenClProfile {

    /**
     * What one kind of command took.
     *
     * @param name {@code h2d} (host to device), {@code d2h} (device to host) or a kernel name
     * @param count commands of this kind
     * @param deviceNanos sum of end - start over them
     * @param bytes bytes moved by them (transfers), 0 for kernels
     */
    public record Entry(String name, long count, long deviceNanos, long bytes) {
        /**
         * Mean device microseconds per {@code batches} batches (several commands may share one).
         */
        public double microsPer(final long batches) {
            return batches <= 0 ? 0 : deviceNanos / 1e3 / batches;
        }

        /** Bytes per device second, in GB/s (1e9 bytes), 0 for kernels. */
        public double gigabytesPerSecond() {
            return deviceNanos <= 0 ? 0 : bytes / (double) deviceNanos;
        }
    }

    private final Map<String, long[]> totals = new LinkedHashMap<>();
    private final long[] time = new long[1];
    private final Pointer timePointer = Pointer.to(time);

    /** Adds a finished command's device time under {@code name}, then releases its event. */
    void add(final String name, final cl_event event, final long bytes) {
        try {
            clGetEventProfilingInfo(
                    event, CL_PROFILING_COMMAND_START, Sizeof.cl_ulong, timePointer, null);
            final long start = time[0];
            clGetEventProfilingInfo(
                    event, CL_PROFILING_COMMAND_END, Sizeof.cl_ulong, timePointer, null);
            final long[] t = totals.computeIfAbsent(name, k -> new long[3]);
            t[0]++;
            t[1] += Math.max(0, time[0] - start);
            t[2] += bytes;
        } finally {
            clReleaseEvent(event);
        }
    }

    /** The totals so far, in the order the command kinds first ran. */
    public List<Entry> entries() {
        final List<Entry> out = new ArrayList<>(totals.size());
        totals.forEach((name, t) -> out.add(new Entry(name, t[0], t[1], t[2])));
        return out;
    }
}
