package org.neurostream.deploy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.neurostream.ingest.dvs.PropheseeHeader;

/**
 * Tries the RAW decode benchmark by hand (test scope only; {@code neurostream bench} is the real
 * entry point). Without arguments: the synthetic reference streams. With RAW files as arguments:
 * the decode rate of each file's data words, from memory.
 */
public final class DvsDecodeBenchmarkMain {

    private DvsDecodeBenchmarkMain() {}

    /** Prints one rate per stream in the command's format. */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.out.printf(
                    "bench: dvs.evt2.decode_events_per_s=%.4g events/s%n",
                    DvsDecodeBenchmark.evt2EventsPerSecond());
            System.out.printf(
                    "bench: dvs.evt3.decode_events_per_s=%.4g events/s%n",
                    DvsDecodeBenchmark.evt3EventsPerSecond());
            return;
        }
        for (String name : args) {
            byte[] bytes = Files.readAllBytes(Path.of(name));
            PropheseeHeader header = PropheseeHeader.parse(bytes, bytes.length, true);
            byte[] words = Arrays.copyOfRange(bytes, header.length(), bytes.length);
            double rate =
                    header.encoding().startsWith("EVT2")
                            ? DvsDecodeBenchmark.evt2EventsPerSecond(words, 2.0)
                            : DvsDecodeBenchmark.evt3EventsPerSecond(words, 2.0);
            System.out.printf("%s: %.4g events/s%n", name, rate);
        }
    }
}
