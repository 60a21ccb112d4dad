package org.neurostream.operators.compute;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * The OpenCL guard of the parity tests: they skip only when no OpenCL platform exists at all, and
 * never when the environment variable CI is set (CI installs PoCL, so its absence there is a broken
 * build, not a reason to skip).
 */
public final class OpenClTestDevice {
    private OpenClTestDevice() {}

    /** Returns when an OpenCL device exists; skips or fails (see above) otherwise. */
    public static OpenClDevice require() {
        if (OpenClDevices.all().isEmpty()) {
            final String why = OpenClDevices.absenceReason();
            if (System.getenv("CI") != null) {
                fail(
                        "CI is set but there is no OpenCL device: "
                                + why
                                + " (CI must install pocl-opencl-icd and ocl-icd-libopencl1)");
            }
            if (OpenClDevices.platformExists()) {
                fail("an OpenCL platform exists but offers no device: " + why);
            }
            Assumptions.abort(
                    "skipped: no OpenCL platform exists on this machine ("
                            + why
                            + "); install pocl-opencl-icd to run the OpenCL parity tests");
        }
        return OpenClDevices.preferred().orElseThrow();
    }
}
