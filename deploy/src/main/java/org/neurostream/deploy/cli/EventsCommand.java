package org.neurostream.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurostream.ingest.dvs.EventFileExport;
import org.neurostream.ingest.dvs.TimeOrder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Event-camera files to CSV (events or motif-detector addresses), or a summary of one. */
@Command(name = "events", mixinStandardHelpOptions = true, sortOptions = false)
final class EventsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE")
    Path input;

    @Option(names = "--out", paramLabel = "FILE.csv")
    Path out;

    @Option(names = "--addresses")
    boolean addresses;

    @Option(names = "--shift", paramLabel = "S", defaultValue = "0")
    int shift;

    @Option(names = "--summary")
    boolean summary;

    @Option(names = "--width", paramLabel = "W")
    Integer width;

    @Option(names = "--height", paramLabel = "H")
    Integer height;

    @Option(names = "--time-order", paramLabel = "drop|reorder|keep", defaultValue = "drop")
    String timeOrder;

    @Option(names = "--reorder-us", paramLabel = "US", defaultValue = "1000")
    long reorderUs;

    @Override
    public Integer call() throws IOException {
        if (out == null && !summary) {
            throw new CliException(
                    CliException.BAD_INPUT,
                    "nothing to do: give --out FILE.csv, --summary, or both");
        }
        if (out == null && addresses) {
            throw new CliException(CliException.BAD_INPUT, "--addresses needs --out FILE.csv");
        }
        final EventFileExport.Outcome outcome;
        try {
            outcome =
                    EventFileExport.export(
                            input,
                            out,
                            addresses,
                            shift,
                            width,
                            height,
                            TimeOrder.parse(timeOrder, reorderUs));
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        if (summary) {
            outcome.summary().forEach(spec.commandLine().getOut()::println);
            spec.commandLine().getOut().flush();
        }
        final PrintWriter err = spec.commandLine().getErr();
        outcome.warnings().forEach(w -> err.println("neurostream events: warning: " + w));
        return outcome.partial() ? CliException.PARTIAL_INPUT : 0;
    }
}
