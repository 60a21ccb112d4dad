package org.neurostream.models.motif;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neurostream.ingest.npy.NpyArray;
import org.neurostream.ingest.npy.NpyFormatException;
import org.neurostream.operators.motif.MotifKernel;

/**
 * A motif kernel K[m, a, d] with its biases b[m], as files: the kernel as a NumPy {@code .npy}
 * float32 array of shape [M, N, D] in the causal convention of docs/features.md#motif-detection
 * (V[m, t] = b[m] + sum over a, d of K[m, a, d] A[a, t - d], delay 0 = the current bin), the biases
 * as float32 [M], and a JSON file describing them.
 *
 * <p>{@link #write(Path)} with prefix P writes {@code P.kernel.npy}, {@code P.bias.npy} and {@code
 * P.json}; the JSON holds formatVersion (1), kind ("motif-kernel"), the convention in words, M, N,
 * D, the names of the two arrays, the count of nonzero weights, and free-form metadata (how it was
 * trained). {@link #read(Path, Path)} needs only the two arrays, so kernels made elsewhere (NumPy,
 * PyTorch) load as long as they follow the convention; float64 arrays are accepted and rounded.
 *
 * <p>Instances are immutable.
 */
public final class MotifModel {
    /** The JSON format version {@link #write} produces. */
    public static final int FORMAT_VERSION = 1;

    /** Made on the first {@link #write}: Jackson's start costs {@link #read} 0.2 s otherwise. */
    private static final class Json {
        static final ObjectMapper MAPPER =
                JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    }

    private final float[] kernel;
    private final float[] bias;
    private final int motifs;
    private final int addresses;
    private final int delays;
    private final Map<String, Object> metadata;

    private MotifModel(
            float[] kernel,
            float[] bias,
            int motifs,
            int addresses,
            int delays,
            Map<String, Object> metadata) {
        this.kernel = kernel;
        this.bias = bias;
        this.motifs = motifs;
        this.addresses = addresses;
        this.delays = delays;
        this.metadata = metadata;
    }

    /**
     * A model from arrays (copied).
     *
     * @param kernel K in C order [M, N, D]
     * @param bias b, length M
     * @param motifs M &gt;= 1
     * @param addresses N &gt;= 1
     * @param delays D &gt;= 1
     * @param metadata free-form description, JSON-expressible (strings, numbers, lists, maps)
     * @throws IllegalArgumentException when the arrays do not fit the sizes
     */
    public static MotifModel of(
            float[] kernel,
            float[] bias,
            int motifs,
            int addresses,
            int delays,
            Map<String, ?> metadata) {
        if (motifs < 1
                || addresses < 1
                || delays < 1
                || (long) motifs * addresses * delays != kernel.length
                || bias.length != motifs) {
            throw new IllegalArgumentException(
                    "kernel of "
                            + kernel.length
                            + " and bias of "
                            + bias.length
                            + " do not fit [M, N, D] = ["
                            + motifs
                            + ", "
                            + addresses
                            + ", "
                            + delays
                            + "]");
        }
        return new MotifModel(
                kernel.clone(),
                bias.clone(),
                motifs,
                addresses,
                delays,
                Collections.unmodifiableMap(new LinkedHashMap<>(metadata)));
    }

    /**
     * Reads a kernel and its biases from {@code .npy} files.
     *
     * @param kernelFile K, float32 or float64, shape [M, N, D]
     * @param biasFile b, float32 or float64, shape [M]
     * @return the model, with metadata naming the two files
     * @throws NpyFormatException naming the file when it is not a supported {@code .npy} file, has
     *     the wrong rank, disagrees with the other on M, or holds a non-finite value
     * @throws IOException when a file cannot be read
     */
    public static MotifModel read(Path kernelFile, Path biasFile) throws IOException {
        NpyArray k = NpyArray.read(kernelFile);
        if (k.rank() != 3) {
            throw new NpyFormatException(
                    kernelFile,
                    "a motif kernel must have shape [M, N, D];"
                            + " this one has shape "
                            + Arrays.toString(k.shape()));
        }
        NpyArray b = NpyArray.read(biasFile);
        if (b.rank() != 1 || b.dim(0) != k.dim(0)) {
            throw new NpyFormatException(
                    biasFile,
                    "biases must have shape [M] = ["
                            + k.dim(0)
                            + "] to match the kernel "
                            + Arrays.toString(k.shape())
                            + "; this has shape "
                            + Arrays.toString(b.shape()));
        }
        if (k.size() == 0) {
            throw new NpyFormatException(kernelFile, "empty kernel " + Arrays.toString(k.shape()));
        }
        float[] kernel = finite(kernelFile, k.toFloatArray());
        float[] bias = finite(biasFile, b.toFloatArray());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("kernelFile", kernelFile.toString());
        metadata.put("biasFile", biasFile.toString());
        return new MotifModel(
                kernel, bias, k.dim(0), k.dim(1), k.dim(2), Collections.unmodifiableMap(metadata));
    }

    private static float[] finite(Path file, float[] values) throws NpyFormatException {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new NpyFormatException(
                        file,
                        "element "
                                + i
                                + " is "
                                + values[i]
                                + " (as float32); weights must be finite");
            }
        }
        return values;
    }

    /**
     * Writes {@code prefix.kernel.npy}, {@code prefix.bias.npy} and {@code prefix.json}.
     *
     * @param prefix path prefix; its folder must exist
     * @throws IOException when a file cannot be written
     */
    public void write(Path prefix) throws IOException {
        Path kernelFile = sibling(prefix, ".kernel.npy");
        Path biasFile = sibling(prefix, ".bias.npy");
        NpyArray.ofFloat32(kernel, motifs, addresses, delays).write(kernelFile);
        NpyArray.ofFloat32(bias, motifs).write(biasFile);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("formatVersion", FORMAT_VERSION);
        json.put("kind", "motif-kernel");
        json.put(
                "convention",
                "causal: V[m, t] = b[m] + sum over a, d of K[m, a, d] A[a, t - d];"
                        + " delay 0 is the current bin; P(motif m ends in bin t) = sigmoid(V[m, t])");
        json.put("motifs", motifs);
        json.put("addresses", addresses);
        json.put("delays", delays);
        json.put("kernelFile", kernelFile.getFileName().toString());
        json.put("kernelShape", new int[] {motifs, addresses, delays});
        json.put("biasFile", biasFile.getFileName().toString());
        json.put("nonZeroWeights", nonZeroCount());
        json.putAll(metadata);
        Files.writeString(
                sibling(prefix, ".json"),
                Json.MAPPER.writeValueAsString(json) + "\n",
                StandardCharsets.UTF_8);
    }

    private static Path sibling(Path prefix, String suffix) {
        return prefix.resolveSibling(prefix.getFileName() + suffix);
    }

    /**
     * This model with, per motif, only the round(keep N D) weights largest in magnitude (at least
     * one; ties broken towards the lower flat index a D + d); biases unchanged.
     *
     * @param keep fraction kept, 0 &lt; keep &lt;= 1
     * @return the pruned model, metadata noting the fraction
     */
    public MotifModel pruned(double keep) {
        if (!(keep > 0 && keep <= 1)) {
            throw new IllegalArgumentException("keep must be in (0, 1]; got " + keep);
        }
        final int perMotif = addresses * delays;
        // MotifTrainer.prune works on a [position][motif] layout; [m][a][d] is its transpose.
        float[] transposed = new float[kernel.length];
        for (int m = 0; m < motifs; m++) {
            for (int j = 0; j < perMotif; j++) {
                transposed[j * motifs + m] = kernel[m * perMotif + j];
            }
        }
        MotifTrainer.prune(transposed, motifs, perMotif, keep);
        float[] out = new float[kernel.length];
        for (int m = 0; m < motifs; m++) {
            for (int j = 0; j < perMotif; j++) {
                out[m * perMotif + j] = transposed[j * motifs + m];
            }
        }
        Map<String, Object> meta = new LinkedHashMap<>(metadata);
        meta.put("prunedTo", keep);
        return new MotifModel(
                out, bias, motifs, addresses, delays, Collections.unmodifiableMap(meta));
    }

    /** Returns the row-compressed kernel the detector runs. */
    public MotifKernel toKernel() {
        return MotifKernel.fromDense(kernel, bias, motifs, addresses, delays);
    }

    /** Returns a copy of K, C order [M, N, D]. */
    public float[] kernel() {
        return kernel.clone();
    }

    /** Returns a copy of b. */
    public float[] bias() {
        return bias.clone();
    }

    /** Returns M. */
    public int motifs() {
        return motifs;
    }

    /** Returns N. */
    public int addresses() {
        return addresses;
    }

    /** Returns D. */
    public int delays() {
        return delays;
    }

    /** Returns the number of nonzero weights. */
    public int nonZeroCount() {
        int n = 0;
        for (float w : kernel) {
            n += w != 0f ? 1 : 0;
        }
        return n;
    }

    /** Returns the free-form metadata (unmodifiable). */
    public Map<String, Object> metadata() {
        return metadata;
    }
}
