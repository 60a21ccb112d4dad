package org.neurostream.deploy.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.frame.EventAddressing;
import org.neurostream.core.records.MotifRecord;
import org.neurostream.core.records.RecordJson;
import org.neurostream.models.motif.MotifModel;
import org.neurostream.operators.motif.BinnedEvents;

/** The shipped moving-bar session and kernel: regenerable, and the kernel finds the sweeps. */
class MovingBarsDemoTest {
    static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    static final Path RAW = HOME.resolve("replay-data/dvs/moving-bars.raw");
    static final Path SWEEPS = HOME.resolve("replay-data/dvs/moving-bars.sweeps.csv");
    static final Path MODEL = HOME.resolve("replay-data/models/moving-bars");

    @TempDir Path out;

    @Test
    void shouldFindTheHeldOutSweepsOfTheShippedSessionWithTheShippedKernel() throws IOException {
        final JsonNode json =
                new ObjectMapper().readTree(MODEL.resolveSibling("moving-bars.json").toFile());
        final MotifModel model =
                MotifModel.read(
                        MODEL.resolveSibling("moving-bars.kernel.npy"),
                        MODEL.resolveSibling("moving-bars.bias.npy"));
        final long binUs = json.get("binUs").asLong();
        final EventAddressing addressing =
                new EventAddressing(
                        json.get("width").asInt(),
                        json.get("height").asInt(),
                        json.get("shift").asInt());
        assertEquals(addressing.addressCount(), model.addresses());

        final BinnedEvents input = MovingBarsDemo.readAddresses(RAW, addressing, binUs);
        final BinnedEvents labels = sweeps(binUs);
        final long firstBin = json.get("heldOut").get("firstBin").asLong();
        final int bins = json.get("heldOut").get("bins").asInt();
        final Map<String, Object> scores =
                MovingBarsDemo.score(model.toKernel(), input, labels, firstBin, bins);

        assertEquals(42, scores.get("sweeps"));
        assertTrue((Double) scores.get("truePositiveRate") > 0.9, scores.toString());
        assertTrue((Integer) scores.get("falseDetections") <= 2, scores.toString());
        assertEquals(
                json.get("heldOut").get("truePositiveRate").asDouble(),
                (Double) scores.get("truePositiveRate"),
                1e-12,
                "the JSON's own figure");
    }

    @Test
    void shouldRegenerateTheShippedSessionByteForByte() throws IOException {
        final MovingBarsDemo demo = MovingBarsDemo.make(out, "moving-bars");

        assertArrayEquals(Files.readAllBytes(RAW), Files.readAllBytes(demo.raw()));
        assertArrayEquals(Files.readAllBytes(SWEEPS), Files.readAllBytes(demo.sweepsCsv()));
        assertEquals(107, demo.sweeps());
        assertTrue(Files.size(demo.raw()) < 2_000_000, "small enough to ship");
        assertTrue((Double) demo.heldOut().get("truePositiveRate") > 0.9);
    }

    @Test
    void shouldEndEverySweepWhileItsTrailingEdgeLeavesTheSensor() {
        final MovingBars s = MovingBars.generate(32, 32, 5_000_000, 11);
        assertTrue(s.sweeps() >= 4, "about one sweep per 0.5 s");
        final long[] ends = s.sweepEndUs();
        final int[] directions = s.sweepDirection();
        for (int k = 0; k < ends.length; k++) {
            // the last OFF events of a sweep lie in the last pixel line, just before the end
            final int lastLine = directions[k] == 0 || directions[k] == 2 ? 31 : 0;
            int offsInLastLine = 0;
            for (int i = 0; i < s.size(); i++) {
                final long dt = s.t()[i] - ends[k];
                final int line = directions[k] < 2 ? s.x()[i] : s.y()[i];
                if (dt >= 0 && dt < MovingBars.JITTER_US && s.p()[i] == 0 && line == lastLine) {
                    offsInLastLine++;
                }
            }
            assertTrue(
                    offsInLastLine >= 16,
                    "sweep "
                            + k
                            + ": "
                            + offsInLastLine
                            + " OFF events in its last line at its end (32 x 0.8 expected)");
        }
        for (int i = 1; i < s.size(); i++) {
            assertTrue(s.t()[i] >= s.t()[i - 1], "time order at " + i);
        }
    }

    @Test
    void shouldWriteMotifRecordsAsSnakeCaseJson() throws IOException {
        final MotifRecord r = new MotifRecord();
        r.kind = "motif";
        r.streamId = "moving-bars/dvs";
        r.bin = 12;
        r.binNs = 5_000_000;
        r.startNs = 60_000_000;
        r.endNs = 65_000_000;
        r.ingestNs = 7;
        r.motif = 3;
        r.potential = 1.5;
        final JsonNode json =
                new ObjectMapper().readTree(RecordJson.newMapper().writeValueAsString(r));
        assertEquals("moving-bars/dvs", json.get("stream_id").asText());
        assertEquals(5_000_000, json.get("bin_ns").asLong());
        assertEquals(60_000_000, json.get("start_ns").asLong());
        assertEquals(65_000_000, json.get("end_ns").asLong());
        assertEquals(7, json.get("ingest_ns").asLong());
        assertEquals(3, json.get("motif").asInt());
        assertEquals(1.5, json.get("potential").asDouble());
        assertEquals(9, json.size(), json.toString());
    }

    private static BinnedEvents sweeps(final long binUs) throws IOException {
        final List<String> lines = Files.readAllLines(SWEEPS);
        assertEquals("t_us,motif", lines.get(0));
        final int[] motif = new int[lines.size() - 1];
        final long[] bin = new long[motif.length];
        for (int i = 0; i < motif.length; i++) {
            final String[] f = lines.get(i + 1).split(",");
            bin[i] = Math.floorDiv(Long.parseLong(f[0]), binUs);
            motif[i] = Integer.parseInt(f[1]);
        }
        return new BinnedEvents(motif, bin);
    }
}
