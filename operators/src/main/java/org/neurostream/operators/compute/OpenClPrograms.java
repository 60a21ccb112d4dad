package org.neurostream.operators.compute;

import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clGetProgramBuildInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_program;

/**
 * One OpenCL context per device and one built program per (device, source), for the life of the
 * JVM: building costs about a second cold on PoCL, so it happens once, whatever the number of
 * backends. A failed build is remembered too, so later backends fail fast with the same message.
 */
final class OpenClPrograms {
    /** A context and the program built in it. */
    static final class Built {
        final cl_context context;
        final cl_program program;

        Built(final cl_context context, final cl_program program) {
            this.context = context;
            this.program = program;
        }
    }

    private static final Map<OpenClDevice, cl_context> CONTEXTS = new HashMap<>();
    private static final Map<String, Object> PROGRAMS = new HashMap<>();

    private OpenClPrograms() {}

    /**
     * The program built from {@code source} for {@code device}, building it on first use.
     *
     * @throws CLException with the build log when the program does not build
     */
    static synchronized Built built(final OpenClDevice device, final String source) {
        final cl_context context = context(device);
        final String key = System.identityHashCode(device) + "\n" + source;
        Object entry = PROGRAMS.get(key);
        if (entry == null) {
            entry = build(context, device, source);
            PROGRAMS.put(key, entry);
        }
        if (entry instanceof CLException) {
            throw (CLException) entry;
        }
        return new Built(context, (cl_program) entry);
    }

    /** The context of {@code device}, made on first use. */
    static synchronized cl_context context(final OpenClDevice device) {
        return CONTEXTS.computeIfAbsent(
                device,
                d -> clCreateContext(null, 1, new cl_device_id[] {d.deviceId}, null, null, null));
    }

    /** The text of a {@code .cl} resource next to this class. */
    static String source(final String resource) {
        try (InputStream in = OpenClPrograms.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing OpenCL source resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object build(
            final cl_context context, final OpenClDevice device, final String source) {
        final cl_program program =
                clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
        try {
            clBuildProgram(program, 1, new cl_device_id[] {device.deviceId}, null, null, null);
            return program;
        } catch (final CLException e) {
            return new CLException(
                    "OpenCL program did not build on "
                            + device
                            + ": "
                            + e.getMessage()
                            + "\n"
                            + buildLog(program, device),
                    e.getStatus());
        }
    }

    private static String buildLog(final cl_program program, final OpenClDevice device) {
        try {
            final long[] size = new long[1];
            clGetProgramBuildInfo(program, device.deviceId, CL_PROGRAM_BUILD_LOG, 0, null, size);
            final byte[] log = new byte[(int) size[0]];
            clGetProgramBuildInfo(
                    program,
                    device.deviceId,
                    CL_PROGRAM_BUILD_LOG,
                    log.length,
                    Pointer.to(log),
                    null);
            return new String(log, StandardCharsets.UTF_8).trim();
        } catch (final CLException e) {
            return "(no build log: " + e.getMessage() + ")";
        }
    }
}
