package org.neurostream.operators.compute;

import static org.jocl.CL.CL_DEVICE_LOCAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetPlatformIDs;
import static org.jocl.CL.clGetPlatformInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * The OpenCL devices of this machine, found once per JVM. Finding none is a normal outcome (no
 * OpenCL library, no installed platform, a platform without devices), reported by {@link
 * #absenceReason()}, never thrown.
 */
public final class OpenClDevices {
    private static final Object LOCK = new Object();
    private static List<OpenClDevice> devices;
    private static String absenceReason;
    private static boolean platformFound;

    private OpenClDevices() {}

    /** Every device of every platform, GPUs first, then accelerators, then the rest. */
    public static List<OpenClDevice> all() {
        synchronized (LOCK) {
            if (devices == null) {
                discover();
            }
            return devices;
        }
    }

    /** The first GPU device, if any. */
    public static Optional<OpenClDevice> firstGpu() {
        return all().stream().filter(OpenClDevice::isGpu).findFirst();
    }

    /** The preferred device of any type (a GPU first), if any. */
    public static Optional<OpenClDevice> preferred() {
        return all().stream().findFirst();
    }

    /**
     * Whether at least one OpenCL platform is installed (even one without devices): tests may skip
     * only when this is false.
     */
    public static boolean platformExists() {
        all();
        synchronized (LOCK) {
            return platformFound;
        }
    }

    /**
     * Why there is no device, for messages (for example "no OpenCL platform is installed"); null
     * when devices were found.
     */
    public static String absenceReason() {
        all();
        synchronized (LOCK) {
            return absenceReason;
        }
    }

    private static void discover() {
        final List<OpenClDevice> found = new ArrayList<>();
        String reason = null;
        try {
            CL.setExceptionsEnabled(true);
            final int[] count = new int[1];
            clGetPlatformIDs(0, null, count);
            final cl_platform_id[] platforms = new cl_platform_id[count[0]];
            clGetPlatformIDs(platforms.length, platforms, null);
            platformFound = platforms.length > 0;
            for (final cl_platform_id p : platforms) {
                addDevices(p, found);
            }
            if (platforms.length == 0) {
                reason = "no OpenCL platform is installed";
            } else if (found.isEmpty()) {
                reason = "the OpenCL platforms have no device";
            }
        } catch (final RuntimeException | LinkageError e) {
            // No ICD loader, no platform (CL_PLATFORM_NOT_FOUND_KHR) or no JOCL native library.
            reason = "no OpenCL platform is available (" + e + ")";
        }
        found.sort(Comparator.comparingInt(OpenClDevices::rank));
        devices = List.copyOf(found);
        absenceReason = found.isEmpty() ? reason : null;
    }

    private static void addDevices(final cl_platform_id platform, final List<OpenClDevice> found) {
        final String platformName = string(platform);
        final int[] count = new int[1];
        try {
            clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, count);
        } catch (final RuntimeException e) {
            // CL_DEVICE_NOT_FOUND: a platform without devices
            return;
        }
        final cl_device_id[] ids = new cl_device_id[count[0]];
        clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, ids.length, ids, null);
        for (final cl_device_id id : ids) {
            found.add(
                    new OpenClDevice(
                            platform,
                            id,
                            platformName,
                            deviceString(id, CL_DEVICE_NAME).trim(),
                            deviceLong(id, CL_DEVICE_TYPE, Sizeof.cl_ulong),
                            deviceLong(id, CL_DEVICE_LOCAL_MEM_SIZE, Sizeof.cl_ulong),
                            deviceLong(id, CL_DEVICE_MAX_WORK_GROUP_SIZE, Sizeof.size_t),
                            (int)
                                    Math.max(
                                            1,
                                            deviceLong(
                                                    id,
                                                    CL_DEVICE_MAX_COMPUTE_UNITS,
                                                    Sizeof.cl_uint))));
        }
    }

    private static int rank(final OpenClDevice d) {
        switch (d.typeLabel()) {
            case "gpu":
                return 0;
            case "accelerator":
                return 1;
            default:
                return 2;
        }
    }

    private static String string(final cl_platform_id platform) {
        final long[] size = new long[1];
        clGetPlatformInfo(platform, CL_PLATFORM_NAME, 0, null, size);
        final byte[] bytes = new byte[(int) size[0]];
        clGetPlatformInfo(platform, CL_PLATFORM_NAME, bytes.length, Pointer.to(bytes), null);
        return cString(bytes).trim();
    }

    private static String deviceString(final cl_device_id device, final int param) {
        final long[] size = new long[1];
        clGetDeviceInfo(device, param, 0, null, size);
        final byte[] bytes = new byte[(int) size[0]];
        clGetDeviceInfo(device, param, bytes.length, Pointer.to(bytes), null);
        return cString(bytes);
    }

    private static long deviceLong(final cl_device_id device, final int param, final int size) {
        final long[] value = new long[1];
        if (size == Sizeof.cl_int) {
            final int[] v = new int[1];
            clGetDeviceInfo(device, param, size, Pointer.to(v), null);
            return v[0] & 0xFFFFFFFFL;
        }
        clGetDeviceInfo(device, param, size, Pointer.to(value), null);
        return value[0];
    }

    private static String cString(final byte[] bytes) {
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }
}
