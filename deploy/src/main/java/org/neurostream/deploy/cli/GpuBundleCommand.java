package org.neurostream.deploy.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurostream.deploy.bundle.GpuBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Writes a bundle that runs the GPU benchmark, or the job, on a machine with no JDK. */
@Command(
        name = "gpu-bundle",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Writes a folder that measures NeuroStream on a GPU machine that has no JDK or Maven.",
            "",
            "DIR gets payload.tar.xz (a Java runtime made with jlink, and neurostream-gpu.jar:"
                    + " only the classes and resources the command loads, found by running it here"
                    + " first), run.sh and bundle-env.sh. run.sh unpacks the payload once, finds the"
                    + " vendor's OpenCL driver (OCL_ICD_VENDORS, OPENCL_VENDOR_PATH,"
                    + " /etc/OpenCL/vendors, the NVIDIA driver's library), prints what it uses, then"
                    + " runs:",
            "  gpu-bundle DIR        bench --backend opencl with the GPU figures (pcie.h2d,"
                    + " band power at 1 and 10 probes, motif, profiles, the PyTorch peer); also"
                    + " torch_peer.py.",
            "  gpu-bundle --job DIR  record of the bundled sample sessions, then replay --backend"
                    + " opencl and --backend cpu on that journal (or ./run.sh --journal J), and a"
                    + " comparison of the outputs.",
            "Building runs the command here (PoCL is enough) and packs the payload with xz: a few"
                    + " minutes. Fails (exit 1) when DIR would hold more than --max-mb.",
            "Needs a JDK (jlink, jdeps) and tar; xz where there is one (else gzip)."
        })
final class GpuBundleCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The folder to write.")
    Path dir;

    @Option(names = "--job", description = "Bundle replay --backend opencl instead of bench.")
    boolean job;

    @Option(
            names = "--jar",
            paramLabel = "JAR",
            description =
                    "The command-line jar to reduce (default: the jar this command runs from).")
    Path jar;

    @Option(
            names = "--max-mb",
            defaultValue = "45",
            paramLabel = "MB",
            description = "The most DIR may hold, in MB of 10^6 bytes (default: ${DEFAULT-VALUE}).")
    double maxMb;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final GpuBundle.Settings settings;
        try {
            settings =
                    GpuBundle.settings(
                            job ? GpuBundle.Kind.JOB : GpuBundle.Kind.BENCH,
                            dir,
                            jar,
                            NeuroStreamCli.home().toAbsolutePath(),
                            maxMb,
                            out);
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        final GpuBundle.Report report;
        try {
            report = GpuBundle.build(settings);
        } catch (final GpuBundle.BundleException e) {
            throw new CliException(1, e.getMessage());
        }
        report.summary(maxMb).forEach(out::println);
        return 0;
    }
}
