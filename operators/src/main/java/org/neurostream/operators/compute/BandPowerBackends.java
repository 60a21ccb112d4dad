package org.neurostream.operators.compute;

import org.neurostream.operators.spectral.WelchConfig;

/**
 * Creates band-power backends for the Flink operator, the commands and the benchmarks alike, with
 * the rules of {@link ComputeBackends}: {@code cpu} is the {@link
 * org.neurostream.operators.spectral.WelchKernel}, {@code auto} OpenCL on a GPU when one exists,
 * {@code opencl} OpenCL on any device; a segment too large for the device, a program that does not
 * build or no device at all gives the CPU path with one line saying why, and a device failure later
 * switches to the CPU path without losing or repeating a batch ({@link FallbackBandPowerBackend}).
 */
public final class BandPowerBackends {

    private BandPowerBackends() {}

    /** A backend of the requested kind for {@code config}; never null, never throws for OpenCL. */
    public static BandPowerBackend create(final WelchConfig config, final BackendKind kind) {
        return create(config, kind, BackendOptions.DEFAULT, null);
    }

    /** As {@link #create(WelchConfig, BackendKind)}, with options (profiling). */
    public static BandPowerBackend create(
            final WelchConfig config, final BackendKind kind, final BackendOptions options) {
        return create(config, kind, options, null);
    }

    /** As {@link #create(WelchConfig, BackendKind)}, with the kernel source given (tests). */
    static BandPowerBackend create(
            final WelchConfig config, final BackendKind kind, final String source) {
        return create(config, kind, BackendOptions.DEFAULT, source);
    }

    private static BandPowerBackend create(
            final WelchConfig config,
            final BackendKind kind,
            final BackendOptions options,
            final String source) {
        return ComputeBackends.select(
                new ComputeBackends.HotPath<BandPowerBackend>() {
                    @Override
                    public String name() {
                        return "band power";
                    }

                    @Override
                    public String cpuName() {
                        return "WelchKernel";
                    }

                    @Override
                    public BandPowerBackend cpu() {
                        return new CpuBandPowerBackend(config);
                    }

                    @Override
                    public String cpuOnlyReason() {
                        return null;
                    }

                    @Override
                    public ComputeBackends.OpenCl<BandPowerBackend> openCl(
                            final OpenClDevice device) {
                        final OpenClBandPowerBackend openCl =
                                new OpenClBandPowerBackend(
                                        config,
                                        device,
                                        source == null
                                                ? OpenClPrograms.source(
                                                        OpenClBandPowerBackend.SOURCE)
                                                : source,
                                        OpenClBandPowerBackend.DEPTH,
                                        options.profiling());
                        return new ComputeBackends.OpenCl<>(
                                new FallbackBandPowerBackend(openCl),
                                openCl.kernelNames().toString());
                    }
                },
                kind);
    }
}
