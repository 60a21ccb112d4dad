package org.neurostream.operators.descriptors;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.neurostream.ingest.edf.EdfReader;

/**
 * The EEG recordings of the golden values (replay-data's S001R01.edf, the shared data's
 * S002R01.edf; skipped where absent) and the reference values make_golden.py wrote for them.
 */
final class GoldenRecordings {
    /** Channel-major samples as the EdfReader gives them. */
    final float[][] samples;

    final double fs;
    final List<String[]> rows = new ArrayList<>();

    private GoldenRecordings(final float[][] samples, final double fs) {
        this.samples = samples;
        this.fs = fs;
    }

    static GoldenRecordings load(final String name) throws IOException {
        final Path edf = locate(name);
        assumeTrue(edf != null, name + ".edf not found (replay-data or neurostream.shared.data)");
        final GoldenRecordings g;
        try (EdfReader reader = EdfReader.open(edf)) {
            g =
                    new GoldenRecordings(
                            reader.readChannelMajor(
                                    Math.toIntExact(reader.totalSamplesPerChannel())),
                            reader.sampleRate());
        }
        try (InputStream in =
                        GoldenRecordings.class.getResourceAsStream(
                                "/descriptors/descriptors_" + name + ".txt");
                BufferedReader r =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    g.rows.add(line.trim().split("\\s+"));
                }
            }
        }
        return g;
    }

    /** Rows whose first word is {@code kind}. */
    List<String[]> rows(final String kind) {
        return rows.stream().filter(r -> r[0].equals(kind)).toList();
    }

    /** The first {@code channels} channels. */
    float[][] firstChannels(final int channels) {
        final float[][] x = new float[channels][];
        System.arraycopy(samples, 0, x, 0, channels);
        return x;
    }

    private static Path locate(final String name) {
        final List<Path> candidates = new ArrayList<>();
        final String home = System.getProperty("neurostream.home");
        if (home != null) {
            candidates.add(Path.of(home, "replay-data", "eeg", name + ".edf"));
        }
        final String shared = System.getProperty("neurostream.shared.data");
        if (shared != null) {
            candidates.add(Path.of(shared, "eeg", name + ".edf"));
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
    }
}
