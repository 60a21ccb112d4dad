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
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the series, units tables and interval tables of an NWB file.",
            "",
            "Reads metadata only (no sample data) and prints one line per object:",
            "  path=P type=T shape=RxC rate=R unit=U start_s=S    each series, sorted by path",
            "  path=P type=Units units=N spikes=M                 each units table",
            "  path=P type=TimeIntervals rows=N columns=a,b,...   each interval table",
            "P is the absolute HDF5 path; R the samples and C the columns (1 for 1-D data, the"
                    + " product of the other dimensions otherwise); rate in Hz and start_s in"
                    + " seconds as Java's Double.toString prints them; rate=irregular for series with"
                    + " timestamps, whose start_s is then the first timestamp; a unit holding"
                    + " spaces is quoted; columns in the table's colnames order, without id.",
            "",
            "Exit codes: 0 done; 2 unusable input (one line: FILE: HDF5 PATH: reason); 3 the file"
                    + " is truncated (the listing is printed, then the warning)."
        })
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
            if (file.isTruncated()) {
                throw new CliException(
                        CliException.PARTIAL_INPUT,
                        file.file()
                                + ": /: truncated: the file has "
                                + file.length()
                                + " bytes, its superblock declares "
                                + file.declaredLength()
                                + "; data past byte "
                                + file.length()
                                + " are missing");
            }
        } catch (NwbFormatException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        return 0;
    }
}
