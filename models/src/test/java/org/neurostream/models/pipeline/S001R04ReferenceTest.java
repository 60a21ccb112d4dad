package org.neurostream.models.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.models.training.PipelineCrossValidation;
import org.neurostream.models.training.TrialEpochs;

/**
 * The real recording S001R04 (EEG Motor Movement/Imagery, subject 1, imagery run): our
 * cross-validation of csp-lda, ts-lr and mdm on the same causally filtered epochs and the same
 * folds as the references of {@code make_golden.py} (MNE CSP + scikit-learn LDA, pyRiemann tangent
 * space + scikit-learn logistic regression with l2 chosen on the same inner folds, pyRiemann MDM):
 * the folds are the same, the held-out predictions agree on every trial but at most one (a trial at
 * the decision boundary may fall either way under rounding), and the accuracies within 0.04.
 * Skipped when the recording is absent.
 */
class S001R04ReferenceTest {
    private static Path recording() {
        final Path file =
                Path.of(
                        System.getProperty("neurostream.shared.data", "../shared/data"),
                        "eeg",
                        "S001R04.edf");
        assumeTrue(Files.isRegularFile(file), "real recording " + file + " absent: skipped");
        return file;
    }

    @ParameterizedTest
    @CsvSource({
        "'T1,T2', csp-lda",
        "'T1,T2', ts-lr",
        "'T1,T2', mdm",
        "'T0,T1+T2', csp-lda",
        "'T0,T1+T2', ts-lr",
        "'T0,T1+T2', mdm"
    })
    void shouldAgreeWithTheReferencesOnTheSameEpochsAndFolds(String spec, String pipeline)
            throws IOException {
        final JsonNode ref = Golden.ROOT.get("s001r04").get(spec);
        final PipelineKind kind = PipelineKind.parse(pipeline);
        final List<DecoderClass> classes = DecoderClass.parseList(spec);
        final TrialEpochs.Result result;
        try (EdfReader reader = EdfReader.open(recording())) {
            result = TrialEpochs.extract(reader, classes, kind.filter(), 0.5, 2.5);
        }
        final int n = result.trials().size();
        final DMatrixRMaj[][] epochs = new DMatrixRMaj[n][];
        final int[] labels = new int[n];
        final int[] groups = new int[n];
        for (int i = 0; i < n; i++) {
            epochs[i] = result.trials().get(i).epoch();
            labels[i] = result.trials().get(i).label();
            groups[i] = result.trials().get(i).annotation();
        }
        assertArrayEquals(Golden.ints(ref.get("labels")), labels);
        final Trials trials = new Trials(epochs, labels, groups, 2, 5, 160, List.of());
        final PipelineCrossValidation cv = PipelineCrossValidation.run(kind.trainer(), trials, 5);
        assertArrayEquals(Golden.ints(ref.get("folds")), cv.folds());
        final int[] expected = Golden.ints(ref.get("predictions").get(pipeline));
        int disagreements = 0;
        for (int i = 0; i < n; i++) {
            disagreements += expected[i] == cv.predictions()[i] ? 0 : 1;
        }
        assertTrue(disagreements <= 1, disagreements + " of " + n + " predictions differ");
        assertEquals(ref.get("accuracy").get(pipeline).doubleValue(), cv.accuracy(), 0.04);
    }
}
