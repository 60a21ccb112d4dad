package org.neurostream.models.logistic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Agreement with an independent fit: {@code src/test/resources/logistic/make_golden.py} minimises
 * the same objective with scipy's L-BFGS-B on the same standardised data and checks in its input
 * ({@code case_*.csv}) and its output ({@code golden.json}).
 */
class LogisticRegressionGoldenTest {
    /** Relative agreement asked; measured: 4e-7 at worst (scipy stops at max |gradient| 1e-10). */
    private static final double COEFFICIENT_TOLERANCE = 1e-5;

    static Stream<Arguments> fits() {
        JsonNode golden = readJson("golden.json");
        Stream.Builder<Arguments> out = Stream.builder();
        for (JsonNode c : golden.get("cases")) {
            for (JsonNode fit : c.get("fits")) {
                out.add(
                        Arguments.of(
                                c.get("name").asText() + " l2=" + fit.get("l2").asDouble(),
                                c,
                                fit));
            }
        }
        return out.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fits")
    void shouldMatchScipyCoefficients(String name, JsonNode c, JsonNode golden) {
        double[][] rows = readCsv(c.get("file").asText());
        int p = c.get("features").asInt();
        double[][] x = features(rows, p);
        int[] y = labels(rows, p);

        LogisticRegression fit = LogisticRegression.fit(x, y, golden.get("l2").asDouble());

        double[] mean = doubles(c.get("mean"));
        double[] scale = doubles(c.get("scale"));
        double[] weights = doubles(golden.get("weights"));
        for (int j = 0; j < p; j++) {
            assertEquals(mean[j], fit.mean()[j], 1e-12 * Math.max(1.0, Math.abs(mean[j])));
            assertEquals(scale[j], fit.scale()[j], 1e-12 * scale[j]);
        }
        double largest = 0.0;
        for (double w : weights) {
            largest = Math.max(largest, Math.abs(w));
        }
        for (int j = 0; j < p; j++) {
            // relative to each coefficient, floored at 1e-3 of the largest so that a coefficient
            // that is nearly 0 is not held to more digits than the optimiser's stopping point
            double tolerance =
                    COEFFICIENT_TOLERANCE * Math.max(Math.abs(weights[j]), 1e-3 * largest);
            assertEquals(weights[j], fit.weights()[j], tolerance, name + " weight " + j);
        }
        double bias = golden.get("bias").asDouble();
        assertEquals(bias, fit.bias(), COEFFICIENT_TOLERANCE * Math.max(Math.abs(bias), 1e-2));
        assertEquals(golden.get("objective").asDouble(), fit.objective(), 1e-12);
        double[] probabilities = doubles(golden.get("probabilities"));
        for (int i = 0; i < probabilities.length; i++) {
            assertEquals(probabilities[i], fit.probability(x[i]), 1e-7, "row " + i);
        }
    }

    @Test
    void shouldGiveConstantFeatureScaleOneAndWeightZero() {
        // column 2 of the dense case is the constant 3.7
        double[][] rows = readCsv("case_dense.csv");
        double[][] x = features(rows, 7);
        int[] y = labels(rows, 7);

        LogisticRegression fit = LogisticRegression.fit(x, y, 1e-3);

        assertEquals(3.7, fit.mean()[2], 0.0);
        assertEquals(1.0, fit.scale()[2], 0.0);
        assertEquals(0.0, fit.weights()[2], 0.0);
        double[] shifted = x[0].clone();
        shifted[2] = 1e6;
        assertEquals(fit.logOdds(x[0]), fit.logOdds(shifted), 0.0);
    }

    @Test
    void shouldFindTheSameMinimumWithWarmStartsAlongAPath() {
        double[][] rows = readCsv("case_wide.csv");
        double[][] x = features(rows, 60);
        int[] y = labels(rows, 60);
        double[] grid = {1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2};

        LogisticRegression[] path = LogisticRegression.fitPath(x, y, grid);

        for (int k = 0; k < grid.length; k++) {
            LogisticRegression cold = LogisticRegression.fit(x, y, grid[k]);
            assertEquals(grid[k], path[k].l2(), 0.0);
            double[] warm = path[k].weights();
            double[] coldWeights = cold.weights();
            for (int j = 0; j < warm.length; j++) {
                assertEquals(coldWeights[j], warm[j], 1e-8 * Math.max(1.0, Math.abs(warm[j])));
            }
            assertTrue(path[k].iterations() <= cold.iterations(), "l2 " + grid[k]);
        }
    }

    private static double[][] features(double[][] rows, int p) {
        double[][] x = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            x[i] = Arrays.copyOf(rows[i], p);
        }
        return x;
    }

    private static int[] labels(double[][] rows, int p) {
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            y[i] = (int) rows[i][p];
        }
        return y;
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).doubleValue();
        }
        return out;
    }

    private static JsonNode readJson(String name) {
        try (InputStream in = resource(name)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double[][] readCsv(String name) {
        try (InputStream in = resource(name)) {
            List<String> lines =
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)
                            .lines()
                            .filter(line -> !line.isBlank())
                            .toList();
            double[][] rows = new double[lines.size()][];
            for (int i = 0; i < rows.length; i++) {
                String[] cells = lines.get(i).split(",");
                rows[i] = new double[cells.length];
                for (int j = 0; j < cells.length; j++) {
                    rows[i][j] = Double.parseDouble(cells[j]);
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in =
                LogisticRegressionGoldenTest.class.getResourceAsStream("/logistic/" + name);
        if (in == null) {
            throw new IllegalStateException("missing test resource /logistic/" + name);
        }
        return in;
    }
}
