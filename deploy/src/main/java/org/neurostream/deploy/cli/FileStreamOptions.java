package org.neurostream.deploy.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.neurostream.deploy.job.CalciumResampling;
import org.neurostream.ingest.bridge.FileStream;
import org.neurostream.ingest.bridge.FileStreams;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.identifiers.Identifiers;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How the commands that stream files ({@code demo}, {@code record}) cut them into frames and what
 * they keep of the identifiers in them (a picocli mixin over {@link FileStreams.Options}), and the
 * one way they open them and read {@code --speed}. Identifiers become pseudonyms unless {@code
 * --keep-identifiers} is given ({@link Identifiers}); the command says so once, when it replaced
 * any.
 */
final class FileStreamOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
            names = "--frame",
            defaultValue = "50ms",
            paramLabel = "TIME",
            descriptionKey = "files.frame")
    Duration frame;

    @Option(names = "--calcium-fs", defaultValue = "30", paramLabel = "HZ")
    double calciumFs;

    @Mixin IdentifierOptions identifierOptions = new IdentifierOptions();

    /**
     * Opens every file, in order, as its streams (an NWB file's series, units and interval tables
     * each one), with event-camera windows of {@code eventWindow} (null: one frame); the first that
     * cannot be streamed ends it (exit 2), the others closed.
     */
    List<FileStream> open(final List<Path> files, final Duration eventWindow) throws IOException {
        return open(files, eventWindow, 0);
    }

    /**
     * As {@link #open(List, Duration)}, calcium streams resampled to {@code calciumResampleHz} by
     * the job's kernel ({@link CalciumResampling}; 0: at their own rate).
     */
    List<FileStream> open(
            final List<Path> files, final Duration eventWindow, final double calciumResampleHz)
            throws IOException {
        final FileStreams.Options options;
        try {
            options =
                    new FileStreams.Options(
                            frame,
                            eventWindow != null ? eventWindow : frame,
                            calciumFs,
                            calciumResampleHz,
                            CalciumResampling.INSTANCE,
                            identifierOptions.identifiers());
        } catch (final IllegalArgumentException e) { // values
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        final List<FileStream> streams = FileStreams.openAll(files, options);
        final String notice = options.identifiers().notice();
        if (notice != null) {
            mixee.commandLine().getOut().println(mixee.name() + ": " + notice);
            mixee.commandLine().getOut().flush();
        }
        return streams;
    }

    /** {@code --speed 1|N|max}, or exit 2. */
    static Pacing pacing(final String speed) {
        try {
            return Pacing.parse(speed);
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, "--speed: " + e.getMessage());
        }
    }
}
