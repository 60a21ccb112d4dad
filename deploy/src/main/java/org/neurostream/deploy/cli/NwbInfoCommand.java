package org.neurostream.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurostream.ingest.nwb.NwbFile;
import org.neurostream.ingest.nwb.NwbFormatException;
import org.neurostream.ingest.nwb.NwbInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Lists the series and tables of an NWB file from its metadata. */
@Command(name = "info", mixinStandardHelpOptions = true)
final class NwbInfoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.nwb", description = "The NWB file.")
    Path input;

    @Override
    public Integer call() throws IOException {
        final PrintWriter out = spec.commandLine().getOut();
        try (NwbFile file = NwbFile.open(input)) {
            NwbInfo.lines(file).forEach(out::println);
            out.flush();
            final String truncation = NwbInfo.truncation(file);
            if (truncation != null) {
                throw new CliException(CliException.PARTIAL_INPUT, truncation);
            }
        } catch (NwbFormatException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        return 0;
    }
}
