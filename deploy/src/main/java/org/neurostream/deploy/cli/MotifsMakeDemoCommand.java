package org.neurostream.deploy.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurostream.deploy.demo.MovingBarsDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Regenerates the demo's moving-bar event session and the motif kernel trained on it. */
@Command(name = "make-demo", mixinStandardHelpOptions = true, sortOptions = false)
final class MotifsMakeDemoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", defaultValue = "replay-data", paramLabel = "DIR")
    Path out;

    @Option(names = "--name", defaultValue = "moving-bars")
    String name;

    @Option(names = "--seconds", defaultValue = "60")
    double seconds;

    @Option(names = "--seed", defaultValue = "" + MovingBarsDemo.SEED)
    long seed;

    @Override
    public Integer call() throws IOException {
        if (!(seconds >= 3 && seconds <= 3600) || name.isBlank() || name.contains("/")) {
            throw new CliException(
                    CliException.BAD_INPUT,
                    "need 3 <= --seconds <= 3600 and a" + " --name without '/'");
        }
        MovingBarsDemo.make(out, name, Math.round(seconds * 1e6), seed)
                .report()
                .forEach(spec.commandLine().getOut()::println);
        return 0;
    }
}
