package org.neurostream.operators.descriptors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neurostream.core.records.AlphaRecord;
import org.neurostream.core.records.AperiodicRecord;
import org.neurostream.core.records.ConnectivityRecord;
import org.neurostream.core.records.DescriptorRecord;
import org.neurostream.core.records.DfaRecord;
import org.neurostream.core.records.HjorthRecord;
import org.neurostream.core.records.PacRecord;

/**
 * The descriptors of whole real recordings (PhysioNet EEGMMIDB S001R01 and S002R01, 64 channels, 61
 * s at 160 Hz) against the reference implementations' values (src/test/resources/descriptors,
 * make_golden.py: MNE-Connectivity, FOOOF 1.1, antropy, nolds, tensorpac, scipy), with the
 * tolerances of the issue.
 */
class DescriptorGoldenTest {
    private static final int CONNECTIVITY_CHANNELS = 16;

    private static DescriptorKernels kernels(final GoldenRecordings g, final int channels) {
        return new DescriptorKernels(
                DescriptorOptions.DEFAULTS, channels, g.fs, g.samples[0].length);
    }

    /** Kernels over all channels of the whole recording, screened. */
    private static DescriptorKernels screened(final GoldenRecordings g) {
        final DescriptorKernels k = kernels(g, g.samples.length);
        k.screen(g.samples, 0);
        return k;
    }

    @ParameterizedTest
    @ValueSource(strings = {"S001R01", "S002R01"})
    void shouldMatchMneConnectivityWithin1e4(final String name) throws IOException {
        final GoldenRecordings g = GoldenRecordings.load(name);
        final DescriptorKernels k = kernels(g, CONNECTIVITY_CHANNELS);
        final float[][] x = g.firstChannels(CONNECTIVITY_CHANNELS);
        k.screen(x, 0);
        final ConnectivityRecord r = k.connectivity(x, 0);
        assertEquals(30, r.epochs);
        final List<String> bands = List.of(r.bands);
        final List<String[]> rows = g.rows("conn");
        assertEquals(r.plv.length, rows.size());
        double worst = 0;
        for (final String[] row : rows) {
            final int at =
                    bands.indexOf(row[1]) * r.pairs()
                            + ConnectivityRecord.pairIndex(
                                    CONNECTIVITY_CHANNELS,
                                    Integer.parseInt(row[2]),
                                    Integer.parseInt(row[3]));
            final String where = name + " " + String.join(" ", row);
            worst = Math.max(worst, Math.abs(Double.parseDouble(row[4]) - r.plv[at]));
            assertEquals(Double.parseDouble(row[4]), r.plv[at], 1e-4, where + " plv");
            assertEquals(Double.parseDouble(row[5]), r.pli[at], 1e-4, where + " pli");
            assertEquals(Double.parseDouble(row[6]), r.wpli[at], 1e-4, where + " wpli");
        }
        System.out.println(name + " connectivity worst plv difference " + worst);
    }

    @ParameterizedTest
    @ValueSource(strings = {"S001R01", "S002R01"})
    void shouldMatchFooofAperiodicFitWithin002(final String name) throws IOException {
        final GoldenRecordings g = GoldenRecordings.load(name);
        final DescriptorKernels k = screened(g);
        final DescriptorRecord[] both = k.aperiodicAndAlpha(g.samples, 0);
        final AperiodicRecord a = (AperiodicRecord) both[0];
        final AlphaRecord alpha = (AlphaRecord) both[1];
        double worstOffset = 0;
        double worstExponent = 0;
        int close = 0;
        for (final String[] row : g.rows("aperiodic")) {
            final int c = Integer.parseInt(row[1]);
            assertNotNull(a.exponent[c], name + " channel " + c);
            worstOffset = Math.max(worstOffset, Math.abs(Double.parseDouble(row[2]) - a.offset[c]));
            final double exponent = Math.abs(Double.parseDouble(row[3]) - a.exponent[c]);
            worstExponent = Math.max(worstExponent, exponent);
            close += exponent < 1e-4 ? 1 : 0;
            assertEquals(Double.parseDouble(row[2]), a.offset[c], 0.02, name + " offset " + c);
            assertEquals(Double.parseDouble(row[3]), a.exponent[c], 0.02, name + " exponent " + c);
            assertEquals(Double.parseDouble(row[4]), a.rSquared[c], 0.01, name + " r2 " + c);
            assertEquals(Integer.parseInt(row[5]), a.nPeaks[c], name + " peaks " + c);
        }
        System.out.printf(
                "%s aperiodic: worst offset difference %.2g, exponent %.2g; %d channels within"
                        + " 1e-4%n",
                name, worstOffset, worstExponent, close);
        for (final String[] row : g.rows("alpha")) {
            final int c = Integer.parseInt(row[1]);
            assertEquals(Double.parseDouble(row[2]), alpha.peakHz[c], 1e-9, name + " peak " + c);
            assertEquals(
                    Double.parseDouble(row[3]),
                    alpha.instantaneousHz[c],
                    1e-6,
                    name + " instantaneous " + c);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"S001R01", "S002R01"})
    void shouldMatchAntropyHjorthWithin1e6Relative(final String name) throws IOException {
        final GoldenRecordings g = GoldenRecordings.load(name);
        final DescriptorKernels k = screened(g);
        final HjorthRecord r = k.hjorth(g.samples, 0);
        for (final String[] row : g.rows("hjorth")) {
            final int c = Integer.parseInt(row[1]);
            assertRelative(
                    Double.parseDouble(row[2]), r.activity[c], 1e-6, name + " activity " + c);
            assertRelative(
                    Double.parseDouble(row[3]), r.mobility[c], 1e-6, name + " mobility " + c);
            assertRelative(
                    Double.parseDouble(row[4]), r.complexity[c], 1e-6, name + " complexity " + c);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"S001R01", "S002R01"})
    void shouldMatchNoldsDfaWithin002(final String name) throws IOException {
        final GoldenRecordings g = GoldenRecordings.load(name);
        final DescriptorKernels k = screened(g);
        final DfaRecord r = k.dfa(g.samples, 0);
        double worst = 0;
        for (final String[] row : g.rows("dfa")) {
            final int c = Integer.parseInt(row[1]);
            worst = Math.max(worst, Math.abs(Double.parseDouble(row[2]) - r.alpha[c]));
            assertEquals(Double.parseDouble(row[2]), r.alpha[c], 0.02, name + " alpha " + c);
            assertEquals(Double.parseDouble(row[3]), r.rSquared[c], 0.02, name + " r2 " + c);
        }
        System.out.println(name + " dfa worst difference " + worst);
    }

    @ParameterizedTest
    @ValueSource(strings = {"S001R01", "S002R01"})
    void shouldMatchTensorpacModulationIndexWithin10Percent(final String name) throws IOException {
        final GoldenRecordings g = GoldenRecordings.load(name);
        final DescriptorKernels k = screened(g);
        final PacRecord r = k.pac(g.samples, 0);
        double worst = 0;
        for (final String[] row : g.rows("pac")) {
            final int c = Integer.parseInt(row[1]);
            final double expected = Double.parseDouble(row[2]);
            worst = Math.max(worst, Math.abs(expected - r.mi[c]) / expected);
            assertRelative(expected, r.mi[c], 0.10, name + " mi " + c);
        }
        System.out.println(name + " pac worst relative difference " + worst);
    }

    private static void assertRelative(
            final double expected,
            final Double actual,
            final double tolerance,
            final String where) {
        assertNotNull(actual, where);
        assertEquals(expected, actual, Math.abs(expected) * tolerance, where);
    }
}
