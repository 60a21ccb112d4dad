package org.neurostream.deploy.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Writes one series or table of an NWB file as CSV.",
            "",
            "--series takes an absolute HDF5 path (/acquisition/EEG) or a name that only one"
                    + " series or table has (EEG, units, trials). The CSV:",
            "  a series         t_s,<label per column>: one row per sample, the time in seconds and"
                    + " each value as stored x conversion x channel_conversion + offset, in the"
                    + " series' unit (volts for electrical series); labels from the electrodes"
                    + " table's label column, else location, else the electrode id; roi_<id> for"
                    + " ROI series; NAME or NAME_<c> (0-based) for other series.",
            "  an annotation series  t_s,annotation.",
            "  a units table    t_s,unit: one row per spike, in time order, ties by unit id.",
            "  an interval table  its columns in colnames order; ragged cells joined by ';',"
                    + " object references as the referenced object's path.",
            "Numbers: every value is computed in double precision and printed as Java's"
                    + " Double.toString prints it: a decimal that reads back as exactly the"
                    + " same double (so a stored float32 x 1e-6 prints as, e.g.,"
                    + " -4.9999999999999996E-6); integer columns and unit ids as integers. Fields"
                    + " holding a comma, a quote or a line break are quoted (RFC 4180).",
            "",
            "Exit codes: 0 done; 2 unusable input (one line: FILE: HDF5 PATH: reason; nothing"
                    + " written); 3 a truncated file: the rows before the cut are written, then the"
                    + " warning."
        })
final class NwbExportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "FILE.nwb",
            description = "The NWB file.")
    Path input;

    @Option(
            names = "--series",
            required = true,
            paramLabel = "PATH|NAME",
            description = "The series or table to export.")
    String series;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "F.csv",
            description = "The CSV file to write.")
    Path out;

    @Override
    public Integer call() throws IOException {
        final PrintWriter console = spec.commandLine().getOut();
        try (NwbFile file = NwbFile.open(input)) {
            final NwbObject object = file.find(series);
            final Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            final Path partial =
                    Files.createTempFile(parent, out.getFileName().toString(), ".part");
            long rows = 0;
            try (BufferedWriter w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                rows = NwbCsvExport.write(file, object, w);
            } catch (NwbTruncatedException e) {
                Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
                throw new CliException(
                        CliException.PARTIAL_INPUT,
                        e.getMessage() + " (what lies before the cut is written to " + out + ")");
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
            console.println(
                    "nwb export: "
                            + object.path()
                            + " ("
                            + object.type()
                            + "): "
                            + rows
                            + " rows to "
                            + out);
        } catch (NwbFormatException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        return 0;
    }
}
