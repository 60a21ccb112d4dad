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
@Command(
        name = "synth-eeg",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Writes seeded motor-imagery runs shaped like the EEG Motor Movement/Imagery imagery"
                    + " runs (64 channels, 160 Hz, 125 s, T0 rest / T1 left fist / T2 right fist"
                    + " annotations) as EDF+ files DIR/synth-s<SEED>-r<NN>.edf.",
            "",
            "Background of 1/f sources, per-electrode 1/f and white noise and posterior alpha,"
                    + " through a smooth spatial mixing; mu (10-12 Hz) and beta (19-25 Hz) sources"
                    + " under C3 and C4 whose amplitude imagery lowers on the side opposite the"
                    + " imagined hand by DEPTH (0 to 0.7, times a per-trial factor 0.6-1.4). The"
                    + " runs of one seed are one simulated subject.",
            "",
            "Ends with: synth-eeg: runs=N seed=S depth=D dir=DIR"
        })
final class SynthEegCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder.")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Subject seed (default: 1).")
    long seed;

    @Option(
            names = "--depth",
            defaultValue = "0.4",
            description = "Desynchronisation depth, 0 to 0.7 (default: ${DEFAULT-VALUE}).")
    double depth;

    @Option(names = "--runs", defaultValue = "3", description = "Runs (default: 3).")
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
