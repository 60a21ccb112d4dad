package org.neurostream.deploy.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.neurostream.models.synthetic.MotorImageryGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes seeded motor-imagery runs of known difficulty. */
@Command(name = "synth-eeg", mixinStandardHelpOptions = true, sortOptions = false)
final class SynthEegCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--depth", defaultValue = "0.4")
    double depth;

    @Option(names = "--runs", defaultValue = "3")
    int runs;

    @Override
    public Integer call() {
        final List<Path> files =
                DecoderInput.call(
                        () -> new MotorImageryGenerator(seed, depth).writeRuns(out, runs));
        files.forEach(f -> spec.commandLine().getOut().println("wrote " + f));
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "synth-eeg: runs=%d seed=%d depth=%s dir=%s%n",
                        files.size(),
                        seed,
                        depth,
                        out);
        return 0;
    }
}
