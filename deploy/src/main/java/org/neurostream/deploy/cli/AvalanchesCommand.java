package org.neurostream.deploy.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurostream.ingest.csv.EventCsv;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.operators.avalanche.AvalancheOptions;
import org.neurostream.operators.avalanche.AvalancheReport;
import org.neurostream.operators.avalanche.EventBuffer;
import org.neurostream.operators.avalanche.ZScoreBaseline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Offline neuronal-avalanche analysis of an EDF/BDF recording or an events CSV. */
@Command(name = "avalanches", mixinStandardHelpOptions = true, sortOptions = false)
final class AvalanchesCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Option(names = "--threshold", paramLabel = "Z", defaultValue = "3")
    double threshold;

    @Option(names = "--bin-us", paramLabel = "N|auto", defaultValue = "auto")
    String binUs;

    @Option(names = "--baseline", paramLabel = "whole|running", defaultValue = "whole")
    String baseline;

    @Option(names = "--running-seconds", paramLabel = "SEC", defaultValue = "10")
    double runningSeconds;

    @Option(names = "--min-tail", paramLabel = "N", defaultValue = "100")
    int minTail;

    @Override
    public Integer call() throws IOException {
        final Double fixedUs;
        final AvalancheOptions options;
        try {
            fixedUs = AvalancheOptions.parseBinWidthUs(binUs);
            options =
                    AvalancheOptions.builder()
                            .threshold(threshold)
                            .baseline(ZScoreBaseline.parse(baseline))
                            .runningSeconds(runningSeconds)
                            .minTail(minTail)
                            .build();
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        if (EventCsv.isEventTable(input)) {
            final EventBuffer events = new EventBuffer();
            EventCsv.readWithAmplitudes(input, events::add);
            AvalancheReport.writeEvents(out, events, fixedUs, options);
            return 0;
        }
        try (EdfReader reader = EdfReader.open(input)) {
            final long total = reader.totalSamplesPerChannel();
            if (reader.channelCount() == 0 || total == 0) {
                throw new CliException(CliException.BAD_INPUT, input + ": no samples to analyse");
            }
            AvalancheReport.writeSignal(
                    out,
                    reader.readChannelMajor(Math.toIntExact(total)),
                    reader.sampleRate(),
                    reader.labels(),
                    fixedUs,
                    options);
            return EdfInput.warnIfTruncated(reader, spec.commandLine().getErr(), "avalanches");
        }
    }
}
