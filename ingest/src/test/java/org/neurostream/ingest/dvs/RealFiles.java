package org.neurostream.ingest.dvs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real event-camera recordings in the shared data folder (tests skip where it is absent), the
 * golden values made from them by {@code src/test/resources/dvs/make_golden.py}, and the whole
 * decode of a file as the golden script summarises it.
 */
final class RealFiles {
    private RealFiles() {}

    static Path dvs(final String name) {
        final String shared = System.getProperty("neurostream.shared.data");
        assumeTrue(shared != null, "neurostream.shared.data is not set: skipping real event files");
        final Path file = Path.of(shared, "dvs", name);
        assumeTrue(Files.isRegularFile(file), file + " is absent: skipping real event files");
        return file;
    }

    static JsonNode golden(final String name) throws IOException {
        try (InputStream in = RealFiles.class.getResourceAsStream("/dvs/golden.json")) {
            return new ObjectMapper().readTree(in).get(name);
        }
    }

    /** Every event of a reader, with the summary the golden script computes. */
    static final class Decoded {
        long count;
        long on;
        long off;
        long firstT = Long.MIN_VALUE;
        long lastT;
        long hash;
        final long[][] first = new long[3][];
        long batches;
        EventFormatException fault;

        static Decoded all(final EventFileReader reader, final int batchCapacity)
                throws IOException {
            final Decoded d = new Decoded();
            final EventBatch batch = new EventBatch(batchCapacity);
            try {
                while (reader.read(batch) > 0) {
                    d.add(batch);
                }
            } catch (final EventFormatException e) {
                d.fault = e;
            }
            return d;
        }

        static Decoded all(final Path file, final int batchCapacity) throws IOException {
            try (EventFileReader reader = EventFileReader.open(file)) {
                return all(reader, batchCapacity);
            }
        }

        void add(final EventBatch batch) {
            batches++;
            for (int i = 0; i < batch.size(); i++) {
                final long t = batch.t()[i];
                final int x = batch.x()[i];
                final int y = batch.y()[i];
                final int p = batch.p()[i];
                if (firstT == Long.MIN_VALUE) {
                    firstT = t;
                }
                if (count < 3) {
                    first[(int) count] = new long[] {t, x, y, p};
                }
                count++;
                hash += count * ((t - firstT) * 1000003L + x * 8191L + y * 2L + p);
                on += p == 1 ? 1 : 0;
                off += p == 0 ? 1 : 0;
                lastT = t;
            }
        }
    }
}
