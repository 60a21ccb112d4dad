package org.neurostream.operators.compute;

import org.neurostream.operators.motif.MotifKernel;

/**
 * Creates motif backends, with the rules of {@link ComputeBackends}: {@code cpu} is the plain-Java
 * {@link org.neurostream.operators.motif.MotifDetector}; {@code auto} is OpenCL on the first GPU
 * device when one exists, else the CPU; {@code opencl} is OpenCL on the preferred device of any
 * type. Non-maximum suppression runs on either path (on OpenCL the device accumulates and the host
 * suppresses), except with a motif whose bias alone reaches the threshold, which gets the CPU path
 * (one line says so); a device failure later switches to the CPU path without losing or repeating a
 * detection ({@link FallbackMotifBackend}). The backend serves one stream, or many whose places the
 * caller keeps ({@link MotifBackend#loadState}, as the Flink function keeps one backend per subtask
 * and each stream's place in keyed state).
 */
public final class MotifBackends {

    private MotifBackends() {}

    /**
     * A backend of the requested kind; never null, never throws for OpenCL.
     *
     * @param kernel the kernel and biases
     * @param threshold detection when V &gt;= threshold
     * @param nmsRadius suppression radius in bins, 0 for none
     * @param kind the requested backend
     */
    public static MotifBackend create(
            final MotifKernel kernel,
            final double threshold,
            final int nmsRadius,
            final BackendKind kind) {
        return create(kernel, threshold, nmsRadius, kind, BackendOptions.DEFAULT, null);
    }

    /** As the method above, with options (profiling, windows held across calls). */
    public static MotifBackend create(
            final MotifKernel kernel,
            final double threshold,
            final int nmsRadius,
            final BackendKind kind,
            final BackendOptions options) {
        return create(kernel, threshold, nmsRadius, kind, options, null);
    }

    /** As the public methods, with the kernel source given (tests build broken sources). */
    static MotifBackend create(
            final MotifKernel kernel,
            final double threshold,
            final int nmsRadius,
            final BackendKind kind,
            final BackendOptions options,
            final String source) {
        return ComputeBackends.select(
                new ComputeBackends.HotPath<MotifBackend>() {
                    @Override
                    public String name() {
                        return "motif";
                    }

                    @Override
                    public String cpuName() {
                        return "MotifDetector";
                    }

                    @Override
                    public MotifBackend cpu() {
                        return new CpuMotifBackend(kernel, threshold, nmsRadius);
                    }

                    @Override
                    public String cpuOnlyReason() {
                        if (nmsRadius > OpenClMotifBackend.WINDOW_BINS) {
                            return "a suppression radius above "
                                    + OpenClMotifBackend.WINDOW_BINS
                                    + " bins runs on the cpu path only";
                        }
                        for (final float b : kernel.biases()) {
                            if (nmsRadius > 0 && b >= threshold) {
                                return "suppression with a motif whose bias alone reaches the"
                                        + " threshold runs on the cpu path only";
                            }
                        }
                        return null;
                    }

                    @Override
                    public ComputeBackends.OpenCl<MotifBackend> openCl(final OpenClDevice device) {
                        final OpenClMotifBackend openCl =
                                new OpenClMotifBackend(
                                        kernel,
                                        threshold,
                                        nmsRadius,
                                        device,
                                        source == null
                                                ? OpenClPrograms.source(OpenClMotifBackend.SOURCE)
                                                : source,
                                        OpenClMotifBackend.Mode.AUTO,
                                        OpenClMotifBackend.CANDIDATES,
                                        options);
                        return new ComputeBackends.OpenCl<>(
                                new FallbackMotifBackend(openCl, threshold), openCl.kernelNames());
                    }
                },
                kind);
    }
}
