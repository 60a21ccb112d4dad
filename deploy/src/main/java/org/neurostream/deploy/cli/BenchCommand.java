package org.neurostream.deploy.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.neurostream.deploy.bench.Benchmarks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Benchmarks that print figures, one per line as {@code bench: NAME=VALUE UNIT}. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false)
final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--skip-process")
    boolean skipProcess;

    @Mixin BackendOption backend;

    @Option(names = "--runs", defaultValue = "3")
    int runs;

    @Option(names = "--only", split = ",", paramLabel = "SECTION")
    List<String> only;

    @Option(names = "--probes", defaultValue = "1", split = ",", paramLabel = "N")
    List<Integer> probes;

    @Option(names = "--motif-batch", defaultValue = "8192", split = ",", paramLabel = "N")
    List<Integer> motifBatch;

    @Option(names = "--profile")
    boolean profile;

    @Option(names = "--peer")
    boolean peer;

    @Option(names = "--seconds", defaultValue = "10")
    double seconds;

    @Option(names = "--hop", defaultValue = "0.25", paramLabel = "S")
    double hop;

    /** The peer's device: cuda, or cpu to test the peer script where no GPU is. */
    @Option(names = "--peer-device", hidden = true, defaultValue = "cuda")
    String peerDevice;

    @Override
    public Integer call() throws Exception {
        final Benchmarks.Settings settings;
        final List<String> sections;
        try {
            settings =
                    new Benchmarks.Settings(
                            backend.kind(),
                            probes,
                            motifBatch,
                            runs,
                            skipProcess,
                            profile,
                            peer,
                            peerDevice,
                            seconds,
                            hop);
            sections = Benchmarks.sections(only);
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        Benchmarks.run(sections, settings, spec.commandLine().getOut());
        return 0;
    }
}
