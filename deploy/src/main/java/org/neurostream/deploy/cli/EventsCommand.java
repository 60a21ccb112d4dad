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
@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Decodes an event-camera file to CSV, addresses or a summary.",
            "",
            "Decodes an event-camera file: Prophesee RAW EVT 2.0 / EVT 3.0 or DAT, AEDAT 4.0"
                    + " (LZ4 or zstd packets), N-MNIST .bin; the format is recognised from the file.",
            "",
            "--out without --addresses: header t_us,x,y,p; one row per event in file order; t in"
                    + " microseconds as the file encodes it; p = 1 ON, 0 OFF.",
            "--out with --addresses: header t_us,address, address = p * Ws * Hs + (y >> s) * Ws"
                    + " + (x >> s), Ws = ceil(W / 2^s), Hs = ceil(H / 2^s) (input of motifs detect);"
                    + " events outside the sensor are left out and counted.",
            "--summary: format, geometry, count, ON/OFF counts and time span, one 'key: value' per line.",
            "Time going backwards: dropped and counted by default (--time-order).",
            "",
            "Exit codes: 0 done; 2 unusable input (nothing written); 3 truncated or corrupt file"
                    + " (the events before the fault written, a warning printed)."
        })
final class EventsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "FILE",
            description = "The event file.")
    Path input;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Where to write the CSV.")
    Path out;

    @Option(names = "--addresses", description = "Write t_us,address rows instead of t_us,x,y,p.")
    boolean addresses;

    @Option(
            names = "--shift",
            paramLabel = "S",
            defaultValue = "0",
            description =
                    "Downsampling of the address grid: 2^S x 2^S pixel blocks (default: ${DEFAULT-VALUE}).")
    int shift;

    @Option(names = "--summary", description = "Print a summary to standard output.")
    boolean summary;

    @Option(
            names = "--width",
            paramLabel = "W",
            description = "Sensor width, for files whose header does not give it.")
    Integer width;

    @Option(
            names = "--height",
            paramLabel = "H",
            description = "Sensor height, for files whose header does not give it.")
    Integer height;

    @Option(
            names = "--time-order",
            paramLabel = "drop|reorder|keep",
            defaultValue = "drop",
            description =
                    "Events earlier than one already read: drop and count them, reorder within"
                            + " --reorder-us, or keep file order and only count (default: ${DEFAULT-VALUE}).")
    String timeOrder;

    @Option(
            names = "--reorder-us",
            paramLabel = "US",
            defaultValue = "1000",
            description =
                    "Bound of --time-order reorder, microseconds (default: ${DEFAULT-VALUE}).")
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
