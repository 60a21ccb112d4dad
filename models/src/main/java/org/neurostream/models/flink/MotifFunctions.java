package org.neurostream.models.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.neurostream.models.motif.MotifModel;
import org.neurostream.operators.flink.MotifFunction;

/** Builds a {@link MotifFunction} from model files, so that a job needs only a path. */
public final class MotifFunctions {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MotifFunctions() {}

    /**
     * Reads {@code P.json} (as {@code motifs make-demo} writes it) and the kernel and bias files it
     * names (next to it), and makes the function with the JSON's {@code width}, {@code height},
     * {@code shift}, {@code binUs}, {@code threshold} (default 0) and {@code nmsRadius} (default
     * 0). Without {@code width} the function takes the address field of every frame as is.
     *
     * @param json the model's JSON file
     * @return the function, ready for {@code keyedStream.process(...)}
     * @throws IOException when a file cannot be read or the JSON lacks {@code binUs}
     * @throws IllegalArgumentException when the kernel does not fit the addressing
     */
    public static MotifFunction fromJson(final Path json) throws IOException {
        final JsonNode meta = MAPPER.readTree(json.toFile());
        if (!meta.hasNonNull("binUs")
                || !meta.hasNonNull("kernelFile")
                || !meta.hasNonNull("biasFile")) {
            throw new IOException(json + ": needs binUs, kernelFile and biasFile");
        }
        final Path dir = json.toAbsolutePath().getParent();
        final MotifModel model =
                MotifModel.read(
                        dir.resolve(meta.get("kernelFile").asText()),
                        dir.resolve(meta.get("biasFile").asText()));
        return new MotifFunction(
                model.kernel(),
                model.bias(),
                model.motifs(),
                model.addresses(),
                model.delays(),
                meta.get("binUs").asLong(),
                meta.path("threshold").asDouble(0),
                meta.path("nmsRadius").asInt(0),
                meta.path("width").asInt(0),
                meta.path("height").asInt(0),
                meta.path("shift").asInt(0));
    }
}
