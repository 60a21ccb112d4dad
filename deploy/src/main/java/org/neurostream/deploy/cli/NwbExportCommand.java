package org.neurostream.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurostream.ingest.nwb.NwbCsvExport;
import org.neurostream.ingest.nwb.NwbFile;
import org.neurostream.ingest.nwb.NwbFormatException;
import org.neurostream.ingest.nwb.NwbObject;
import org.neurostream.ingest.nwb.NwbTruncatedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes one series or table of an NWB file as CSV. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false)
final class NwbExportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE.nwb")
    Path input;

    @Option(names = "--series", required = true, paramLabel = "PATH|NAME")
    String series;

    @Option(names = "--out", required = true, paramLabel = "F.csv")
    Path out;

    @Override
    public Integer call() throws IOException {
        final PrintWriter console = spec.commandLine().getOut();
        try (NwbFile file = NwbFile.open(input)) {
            final NwbObject object = file.find(series);
            try {
                console.println(NwbCsvExport.export(file, object, out));
            } catch (final NwbTruncatedException e) {
                throw new CliException(
                        CliException.PARTIAL_INPUT,
                        e.getMessage() + " (what lies before the cut is written to " + out + ")");
            }
        } catch (NwbFormatException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        return 0;
    }
}
