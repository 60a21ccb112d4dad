package org.neurostream.deploy.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.neurostream.ingest.lsl.StreamQuery;
import picocli.CommandLine.Option;

/**
 * The options of the commands that read LSL streams as a session: {@code lsl record}, {@code live}.
 */
final class LslInputOptions {
    @Option(names = "--markers", paramLabel = "PRED")
    List<String> markers = new ArrayList<>();

    @Option(
            names = "--timeout",
            defaultValue = "2s",
            paramLabel = "TIME",
            descriptionKey = "lsl.timeout")
    Duration timeout;

    @Option(names = "--buffer", defaultValue = "10", paramLabel = "SECONDS")
    double buffer;

    /** The --markers predicates. */
    List<StreamQuery> markerQueries() {
        return markers.stream().map(LslCommand::predicate).toList();
    }
}
