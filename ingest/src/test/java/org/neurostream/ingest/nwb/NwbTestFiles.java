package org.neurostream.ingest.nwb;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The NWB test files of {@code src/test/resources/nwb} (written by its {@code make_golden.py} with
 * pynwb), the values that script read back, and the real sample in the shared data folder.
 */
final class NwbTestFiles {
    private NwbTestFiles() {}

    /** A file of the test resources' {@code nwb} folder. */
    static Path file(final String name) {
        final URL url = NwbTestFiles.class.getResource("/nwb/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource nwb/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An expected-values JSON file of {@code nwb/expected}. */
    static JsonNode expected(final String name) throws IOException {
        return new ObjectMapper().readTree(file("expected/" + name).toFile());
    }

    /** An expected CSV of {@code nwb/expected}: the header, then each row's numbers. */
    record Csv(List<String> header, List<double[]> rows) {}

    static Csv expectedCsv(final String name) throws IOException {
        final List<String> lines = Files.readAllLines(file("expected/" + name));
        final List<double[]> rows = new ArrayList<>();
        for (final String line : lines.subList(1, lines.size())) {
            final String[] f = line.split(",");
            final double[] row = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                row[i] = Double.parseDouble(f[i]);
            }
            rows.add(row);
        }
        return new Csv(List.of(lines.get(0).split(",")), rows);
    }

    /** A recording of the shared data folder; the test is skipped where it is absent. */
    static Path shared(final String folder, final String name) {
        final String shared = System.getProperty("neurostream.shared.data");
        assumeTrue(shared != null, "neurostream.shared.data is not set: skipped");
        final Path file = Path.of(shared, folder, name);
        assumeTrue(Files.isRegularFile(file), file + " is absent: skipped");
        return file;
    }
}
