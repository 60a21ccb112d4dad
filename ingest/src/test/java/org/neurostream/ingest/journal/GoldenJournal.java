package org.neurostream.ingest.journal;

import java.nio.file.Path;

/**
 * Writes the golden journal in src/test/resources/journal/golden-v1 (run once per format version,
 * from the ingest folder: {@code java -cp ... GoldenJournal src/test/resources/journal/golden-v1}).
 * Two streams, 40 frames alternating, arrival times 1e18 + i * 1e6 ns; content from {@link
 * JournalTestFrames}, so {@link GoldenJournalTest} can rebuild every frame.
 */
final class GoldenJournal {
    static final int FRAMES = 40;
    static final long ARRIVAL_BASE = 1_000_000_000_000_000_000L;
    static final long START_TIME_NS = 999_999_999_000_000_000L;

    private GoldenJournal() {}

    static byte[] frame(final int i) {
        return JournalTestFrames.frame(i % 2 == 0 ? "G1/eeg" : "G1/aux", i / 2, 3, 5);
    }

    public static void main(final String[] args) throws Exception {
        final SessionMetadata m = JournalTestFrames.metadata("G1", "eeg", "aux");
        m.startTimeNs = START_TIME_NS;
        try (JournalWriter w = JournalWriter.create(Path.of(args[0]), m, 256 << 10)) {
            for (int i = 0; i < FRAMES; i++) {
                final byte[] f = frame(i);
                w.append(f, 0, f.length, ARRIVAL_BASE + i * 1_000_000L);
            }
        }
    }
}
