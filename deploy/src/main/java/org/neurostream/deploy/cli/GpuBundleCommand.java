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
@Command(name = "gpu-bundle", mixinStandardHelpOptions = true, sortOptions = false)
final class GpuBundleCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The folder to write.")
    Path dir;

    @Option(names = "--job")
    boolean job;

    @Option(names = "--jar", paramLabel = "JAR")
    Path jar;

    @Option(names = "--max-mb", defaultValue = "45", paramLabel = "MB")
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
