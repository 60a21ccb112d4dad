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
@Command(
        name = "make-demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Generates the demo's event stream: bars sweeping across a 32x32 sensor in four"
                    + " directions (the motifs: 0 left to right, 1 right to left, 2 top to"
                    + " bottom, 3 bottom to top) at random times over background noise, seeded,"
                    + " written as a Prophesee RAW EVT 2.0 file, with the true sweep ends.",
            "Then trains a motif kernel on the first two thirds of the session (addresses:"
                    + " polarity x 8x8 grid, shift 2; bins of 5 ms; D = 10) and scores it on the"
                    + " last third.",
            "",
            "Writes OUT/dvs/NAME.raw, OUT/dvs/NAME.sweeps.csv (t_us,motif), OUT/models/"
                    + "NAME.kernel.npy, NAME.bias.npy and NAME.json (with width, height, shift,"
                    + " binUs, threshold, nmsRadius and the held-out scores).",
            "",
            "Exit codes: 0 done; 2 unusable options."
        })
final class MotifsMakeDemoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--out",
            defaultValue = "replay-data",
            paramLabel = "DIR",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--name",
            defaultValue = "moving-bars",
            description = "File stem (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(
            names = "--seconds",
            defaultValue = "60",
            description = "Session length in seconds (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(
            names = "--seed",
            defaultValue = "" + MovingBarsDemo.SEED,
            description = "Seed of the session (default: ${DEFAULT-VALUE}).")
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
