package org.neurostream.deploy.cli;

import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.neurostream.ingest.edf.EdfFormatException;
import org.neurostream.ingest.identifiers.Identifiers;
import org.neurostream.ingest.lsl.EdfPlayer;
import org.neurostream.ingest.lsl.LslException;
import org.neurostream.ingest.nwb.NwbFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code neurostream lsl play}: a recording served as an LSL stream. */
@Command(name = "play", mixinStandardHelpOptions = true, sortOptions = false)
final class LslPlayCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "An .edf, .bdf or .nwb file.")
    Path file;

    @Option(names = "--name", paramLabel = "N")
    String name;

    @Option(names = "--type", defaultValue = "EEG", paramLabel = "T")
    String type;

    @Option(names = "--chunk", defaultValue = "16", paramLabel = "N")
    int chunk;

    @Option(names = "--speed", defaultValue = "1", paramLabel = "X")
    double speed;

    @Option(names = "--loop")
    boolean loop;

    @Option(names = "--wait", defaultValue = "0s", paramLabel = "TIME")
    Duration waitFor;

    @Mixin IdentifierOptions identifierOptions = new IdentifierOptions();

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        // the stream's name and source id come from the file's name: its marked parts go
        final Identifiers identifiers = identifierOptions.identifiers();
        final String stream = name != null ? name : identifiers.name(EdfPlayer.defaultName(file));
        if (identifiers.notice() != null) {
            out.println("lsl play: " + identifiers.notice());
        }
        final EdfPlayer.Result r;
        try {
            r =
                    EdfPlayer.play(
                            file,
                            new EdfPlayer.Options(
                                    stream, type, chunk, speed, loop, waitFor.toNanos()),
                            LslCommand.config(),
                            LslCommand.problems(spec),
                            serving -> {
                                serving.servingLines().forEach(out::println);
                                out.flush();
                            },
                            () -> !Thread.currentThread().isInterrupted());
        } catch (final NoSuchFileException e) {
            throw new CliException(CliException.BAD_INPUT, file + ": no such file");
        } catch (final EdfFormatException | NwbFormatException | LslException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        out.println("played: samples=" + r.samples() + " markers=" + r.markers());
        out.flush();
        return 0;
    }
}
