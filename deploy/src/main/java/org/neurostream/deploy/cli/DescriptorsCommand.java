package org.neurostream.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.neurostream.core.time.Durations;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.operators.descriptors.DescriptorAnalysis;
import org.neurostream.operators.descriptors.DescriptorOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Offline resting-state descriptors of an EDF/BDF file: reads the span, hands it to {@link
 * DescriptorAnalysis} and writes its tables.
 */
@Command(name = "descriptors", mixinStandardHelpOptions = true, sortOptions = false)
final class DescriptorsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin EdfInput span;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Option(names = "--epoch-length", paramLabel = "DURATION", defaultValue = "2s")
    Duration epochLength;

    @Option(names = "--dfa-band", paramLabel = "NAME:LO-HI", defaultValue = "alpha:8-13")
    String dfaBand;

    @Override
    public Integer call() throws IOException {
        try (EdfReader reader = span.open()) {
            final DescriptorAnalysis.Result result;
            try {
                final DescriptorOptions options =
                        DescriptorOptions.builder()
                                .dfaBand(dfaBand)
                                .bands(span.bands())
                                .epochSeconds(Durations.seconds(epochLength))
                                .build();
                result =
                        new DescriptorAnalysis(options)
                                .analyze(
                                        span.input.getFileName().toString(),
                                        span.readSpan(reader),
                                        reader.sampleRate(),
                                        reader.labels());
            } catch (final IllegalArgumentException e) {
                throw new CliException(CliException.BAD_INPUT, span.input + ": " + e.getMessage());
            }
            final PrintWriter err = spec.commandLine().getErr();
            for (final String line : result.writeTo(out)) {
                err.println("neurostream descriptors: " + span.input + ": " + line);
            }
            return EdfInput.warnIfTruncated(reader, err, "descriptors");
        }
    }
}
