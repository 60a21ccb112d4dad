package org.neurostream.operators.calcium;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.neurostream.ingest.npy.NpyArray;
import org.neurostream.ingest.npy.NpyReader;

/**
 * Golden files in src/test/resources/calcium (made by make_golden.py there) and the shared data.
 */
final class Golden {
    private Golden() {}

    static NpyArray npy(final String name) throws IOException {
        try {
            return NpyReader.read(Path.of(Golden.class.getResource("/calcium/" + name).toURI()));
        } catch (final URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Data lines of a CSV resource, header left out, split at commas. */
    static List<String[]> csv(final String name) throws IOException {
        try (InputStream in = Golden.class.getResourceAsStream("/calcium/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .skip(1)
                    .map(l -> l.split(","))
                    .toList();
        }
    }

    /** A file of ../shared/data/calcium; skips the test when it is absent. */
    static Path shared(final String name) {
        final String root = System.getProperty("neurostream.shared.data");
        assumeTrue(
                root != null,
                "neurostream.shared.data is not set: skipping real calcium recordings");
        final Path file = Path.of(root, "calcium", name);
        assumeTrue(
                Files.isRegularFile(file), file + " is absent: skipping real calcium recordings");
        return file;
    }
}
