package org.neurostream.operators.compute;

import java.util.Objects;
import org.neurostream.operators.spectral.WelchConfig;
import org.neurostream.operators.spectral.WelchKernel;

/** The plain-Java band-power path: {@link WelchKernel} as it is, allocation-free per batch. */
public final class CpuBandPowerBackend implements BandPowerBackend {
    private final WelchKernel kernel;

    /** A backend with its own {@link WelchKernel} for {@code config}. */
    public CpuBandPowerBackend(final WelchConfig config) {
        this.kernel = new WelchKernel(Objects.requireNonNull(config, "config"));
    }

    @Override
    public String name() {
        return BackendKind.CPU.label();
    }

    @Override
    public String device() {
        return "java";
    }

    @Override
    public WelchConfig config() {
        return kernel.config();
    }

    @Override
    public int bandCount() {
        return kernel.bandCount();
    }

    @Override
    public int bandPowers(
            final float[][] channels,
            final int offset,
            final int length,
            final double[] out,
            final double[] relativeOut) {
        return kernel.bandPowers(channels, offset, length, out, relativeOut);
    }

    @Override
    public void close() {
        // nothing held outside the Java heap
    }
}
