package org.neurostream.models.logistic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The reader of the earlier model file format, on the shipped file and broken copies of it. */
class LogisticModelFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHIPPED = Path.of("../replay-data/models/rest-vs-imagery.json");
    private static final Path SOURCE = Path.of("m.json");

    private static String broken(Consumer<ObjectNode> change) throws IOException {
        final ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(SHIPPED));
        change.accept(root);
        return JSON.writeValueAsString(root);
    }

    private static ModelFormatException refusal(String text) {
        return assertThrows(
                ModelFormatException.class, () -> LogisticModelFile.parse(text, SOURCE));
    }

    @Test
    void shouldReadTheShippedFile() throws IOException {
        final LogisticModelFile file = LogisticModelFile.parse(Files.readString(SHIPPED), SHIPPED);
        assertEquals(List.of("rest", "imagery"), file.classNames());
        assertEquals(320, file.regression().featureCount());
        assertEquals(10.0, file.regression().l2());
        assertEquals(0.546156533892383, file.cvAccuracy());
        assertEquals(160.0, file.featureDescription().get("sampleRateHz"));
        assertEquals("S001R04.edf", file.trainingData().get("recording"));
    }

    @Test
    void shouldNameFileAndFieldWhenAFieldIsMissing() throws IOException {
        final ModelFormatException e = refusal(broken(root -> root.remove("bias")));
        assertEquals("bias", e.field());
        assertEquals(SOURCE, e.file());
        assertEquals("model file m.json: field 'bias': missing", e.getMessage());
    }

    @Test
    void shouldNameTheFieldWhoseLengthIsWrong() throws IOException {
        final ModelFormatException e = refusal(broken(root -> root.withArray("weights").remove(9)));
        assertEquals("weights", e.field());
        assertTrue(e.getMessage().endsWith("has 319 values, featureCount is 320"), e.getMessage());
    }

    @Test
    void shouldRefuseAnUnsupportedFormatVersion() throws IOException {
        final ModelFormatException e = refusal(broken(root -> root.put("formatVersion", 2)));
        assertEquals("formatVersion", e.field());
        assertTrue(
                e.getMessage().contains("unsupported version 2; this reader supports 1"),
                e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownKindOrField() throws IOException {
        assertEquals("kind", refusal(broken(root -> root.put("kind", "svm"))).field());
        assertEquals("wieghts", refusal(broken(root -> root.put("wieghts", 1.0))).field());
    }

    @Test
    void shouldRefuseValuesOfTheWrongTypeOrRange() throws IOException {
        final ModelFormatException text = refusal(broken(root -> root.put("weights", "none")));
        final ModelFormatException scale =
                refusal(broken(root -> root.withArray("featureScale").set(3, 0.0)));
        final ModelFormatException element =
                refusal(broken(root -> root.withArray("featureMean").set(4, "x")));
        assertEquals("weights", text.field());
        assertTrue(text.getMessage().endsWith("must be an array of numbers, got STRING"));
        assertEquals("featureScale", scale.field());
        assertTrue(scale.getMessage().endsWith("value 3 is 0.0, scales must be > 0"));
        assertEquals("featureMean", element.field());
        assertTrue(element.getMessage().endsWith("value 4 must be a number, got STRING"));
    }

    @Test
    void shouldSayWhereTheJsonIsBroken() throws IOException {
        final String json = Files.readString(SHIPPED);
        final ModelFormatException e = refusal(json.substring(0, json.length() / 2));
        assertNull(e.field());
        assertTrue(
                e.getMessage().startsWith("model file m.json: not valid JSON: "), e.getMessage());
        assertTrue(e.getMessage().contains(" at line "), e.getMessage());
    }
}
