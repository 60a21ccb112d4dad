package org.neurostream.models.motif;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.ingest.npy.NpyArray;
import org.neurostream.ingest.npy.NpyDtype;
import org.neurostream.ingest.npy.NpyFormatException;
import org.neurostream.operators.motif.MotifDetector;

/** Model files: NumPy-written kernels load, written ones read back, pruning keeps the largest. */
class MotifModelTest {
    @TempDir Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(MotifModelTest.class.getResource("/motif/" + name).toURI());
    }

    private static List<String> detect(MotifModel model, long[] bins, int[] addresses) {
        List<String> found = new ArrayList<>();
        MotifDetector detector =
                new MotifDetector(
                        model.toKernel(),
                        1,
                        0,
                        0,
                        (m, bin, v) -> found.add(m + "@" + bin + "=" + v));
        for (int i = 0; i < bins.length; i++) {
            detector.onEventInBin(bins[i], addresses[i]);
        }
        detector.finish();
        return found;
    }

    @Test
    void shouldLoadTheToyKernelAsNumpyWroteIt() throws Exception {
        MotifModel model = MotifModel.read(resource("toy.kernel.npy"), resource("toy.bias.npy"));

        assertEquals(2, model.motifs());
        assertEquals(3, model.addresses());
        assertEquals(10, model.delays());
        assertEquals(6, model.nonZeroCount());
        assertEquals(List.of("0@10=0.5"), detect(model, new long[] {1, 5, 9}, new int[] {2, 1, 0}));
        assertEquals(List.of("1@10=0.5"), detect(model, new long[] {2, 5, 9}, new int[] {0, 1, 2}));
    }

    @Test
    void shouldLoadFloat64FortranOrderKernelsAlike() throws Exception {
        MotifModel c = MotifModel.read(resource("toy.kernel.npy"), resource("toy.bias.npy"));
        MotifModel f =
                MotifModel.read(resource("toy.kernel.f8.fortran.npy"), resource("toy.bias.f8.npy"));

        assertArrayEquals(c.kernel(), f.kernel());
        assertArrayEquals(c.bias(), f.bias());
    }

    @Test
    void shouldWriteFloat32ArraysAndAJsonDescription() throws Exception {
        MotifModel model = MotifModel.read(resource("toy.kernel.npy"), resource("toy.bias.npy"));
        MotifModel described =
                MotifModel.of(
                        model.kernel(),
                        model.bias(),
                        2,
                        3,
                        10,
                        Map.of("training", Map.of("epochs", 3)));
        Path prefix = dir.resolve("toy-copy");

        described.write(prefix);

        NpyArray k = NpyArray.read(dir.resolve("toy-copy.kernel.npy"));
        assertEquals(NpyDtype.FLOAT32, k.dtype());
        assertArrayEquals(new int[] {2, 3, 10}, k.shape());
        MotifModel back =
                MotifModel.read(
                        dir.resolve("toy-copy.kernel.npy"), dir.resolve("toy-copy.bias.npy"));
        assertArrayEquals(model.kernel(), back.kernel());
        assertArrayEquals(model.bias(), back.bias());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("toy-copy.json").toFile());
        assertEquals(1, json.get("formatVersion").asInt());
        assertEquals("motif-kernel", json.get("kind").asText());
        assertEquals("toy-copy.kernel.npy", json.get("kernelFile").asText());
        assertEquals("[2,3,10]", json.get("kernelShape").toString());
        assertEquals(6, json.get("nonZeroWeights").asInt());
        assertEquals(3, json.get("training").get("epochs").asInt());
    }

    @Test
    void shouldNameTheFileWhenAShapeIsWrong() throws Exception {
        Path wrong = resource("wrong_rank.npy");
        NpyFormatException e =
                assertThrows(
                        NpyFormatException.class,
                        () -> MotifModel.read(wrong, resource("toy.bias.npy")));
        assertEquals(
                wrong
                        + ": a motif kernel must have shape [M, N, D]; this one has shape"
                        + " [3, 10]",
                e.getMessage());

        Path bias = dir.resolve("b.npy");
        NpyArray.ofFloat32(new float[3], 3).write(bias);
        e =
                assertThrows(
                        NpyFormatException.class,
                        () -> MotifModel.read(resource("toy.kernel.npy"), bias));
        assertEquals(bias, e.file());
        assertTrue(e.reason().startsWith("biases must have shape [M] = [2]"), e.reason());
    }

    @Test
    void shouldPruneEachMotifToItsLargestWeights() {
        // M = 2, N = 1, D = 4.
        float[] k = {0.1f, -3f, 2f, 0.5f, /* motif 1 */ 1f, 1f, -1f, 0.2f};
        MotifModel pruned = MotifModel.of(k, new float[2], 2, 1, 4, Map.of()).pruned(0.5);

        assertArrayEquals(
                new float[] {0, -3f, 2f, 0, /* ties: lower index */ 1f, 1f, 0, 0}, pruned.kernel());
        assertEquals(0.5, pruned.metadata().get("prunedTo"));
        assertEquals(
                1,
                MotifModel.of(k, new float[2], 2, 1, 4, Map.of()).pruned(0.01).nonZeroCount() / 2,
                "at least one weight per motif");
    }
}
