package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.Modality;
import org.neurostream.ingest.journal.JournalReader;
import org.neurostream.operators.calcium.PolyphaseResampler;

/**
 * {@code record --resample HZ} journals calcium streams at that rate with the job's kernel: the
 * dF/F series of ingest's {@code neurons.nwb} (5 ROIs at 2.5 Hz) recorded at 5 Hz holds what {@link
 * PolyphaseResampler} (checked against scipy's resample_poly in operators) makes of it, streamed.
 */
class RecordResampleTest {
    private static final Path NWB = Path.of("../ingest/src/test/resources/nwb");

    @TempDir Path tmp;

    @Test
    void shouldJournalCalciumStreamsResampledByTheJobsKernel() throws Exception {
        final Path journal = tmp.resolve("j");
        final CommandRun record =
                CommandRun.of(
                        "record",
                        "--input",
                        NWB.resolve("neurons.nwb").toString(),
                        "--resample",
                        "5",
                        "--journal",
                        journal.toString());
        assertEquals(0, record.exitCode(), record.err());

        final List<float[]> samples = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        final long[] period = {0};
        final FrameDecoder d = new FrameDecoder();
        try (JournalReader reader = JournalReader.open(journal)) {
            reader.readAll(
                    (buffer, offset, length, arrival) -> {
                        d.wrap(buffer, offset);
                        if (d.modality() != Modality.CALCIUM || d.isEndOfStream()) {
                            return;
                        }
                        period[0] = d.periodNs();
                        for (int s = 0; s < d.elementCount(); s++) {
                            final float[] row = new float[d.channelCount()];
                            for (int c = 0; c < row.length; c++) {
                                row[c] = d.sample(s, c);
                            }
                            samples.add(row);
                            times.add(d.deviceTimeNs() + s * d.periodNs());
                        }
                    });
        }
        assertEquals(200_000_000L, period[0]);

        final JsonNode activity =
                new ObjectMapper()
                        .readTree(NWB.resolve("expected/neurons.json").toFile())
                        .get("activity");
        final PolyphaseResampler kernel = new PolyphaseResampler(5, 2, 1);
        final float[] in = new float[5];
        final float[] out = new float[kernel.maxOutputsPerInput() * 5];
        final List<float[]> expected = new ArrayList<>();
        for (final JsonNode row : activity) {
            for (int c = 0; c < 5; c++) {
                in[c] = (float) row.get(c).doubleValue();
            }
            final int n = kernel.push(in, 0, out, 0);
            for (int k = 0; k < n; k++) {
                final float[] o = new float[5];
                System.arraycopy(out, k * 5, o, 0, 5);
                expected.add(o);
            }
        }
        assertEquals(expected.size(), samples.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), samples.get(i), "sample " + i);
            assertEquals(i * 200_000_000L, (long) times.get(i), "device time of sample " + i);
        }
    }

    @Test
    void shouldRefuseARateInNoRatioTheKernelTakesWithOneLine() {
        final CommandRun record =
                CommandRun.of(
                        "record",
                        "--input",
                        NWB.resolve("neurons.nwb").toString(),
                        "--resample",
                        "3.14159265",
                        "--journal",
                        tmp.resolve("j").toString());
        assertEquals(CliException.BAD_INPUT, record.exitCode(), record.err());
        assertTrue(
                record.err()
                        .contains(
                                "/processing/ophys/DfOverF/activity: cannot resample 2.5 Hz to 3.14159265 Hz"),
                record.err());
        assertEquals(1, record.err().strip().lines().count(), record.err());
    }
}
