package org.neurostream.operators.descriptors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurostream.core.records.AlphaRecord;
import org.neurostream.core.records.DescriptorRecord;
import org.neurostream.core.records.DfaRecord;
import org.neurostream.operators.spectral.Band;

/** Bad input: never a crash, never a silent NaN. */
class DescriptorKernelsTest {
    private static final double FS = 160;

    private static float[][] noise(final int channels, final int n) {
        final Random random = new Random(9);
        final float[][] x = new float[channels][n];
        for (final float[] xc : x) {
            for (int i = 0; i < n; i++) {
                xc[i] = (float) (10 * random.nextGaussian());
            }
        }
        return x;
    }

    @Test
    void shouldLeaveAChannelWithANanSampleEmptyWithItsReasonInEveryRecord() {
        final int n = 1600;
        final float[][] x = noise(3, n);
        x[1][700] = Float.NaN;
        final DescriptorAnalysis.Result r =
                new DescriptorAnalysis(DescriptorOptions.DEFAULTS, 1)
                        .analyze("nan", x, FS, List.of("a", "b", "c"));
        for (final DescriptorRecord record : r.records()) {
            assertEquals(1, record.reasonCount(), record.kind);
            assertEquals(1, record.reasonChannel[0], record.kind);
            assertEquals("*", record.reasonField[0], record.kind);
            assertEquals("channel holds a NaN or infinite sample", record.reasonText[0]);
        }
        assertNull(r.hjorth.activity[1]);
        assertNotNull(r.hjorth.activity[0]);
        assertNull(r.pac.mi[1]);
        // pairs (0, 1) and (1, 2) are empty in every band, (0, 2) is not
        final int pairs = r.connectivity.pairs();
        for (int b = 0; b < 5; b++) {
            assertNull(r.connectivity.plv[b * pairs]);
            assertNotNull(r.connectivity.plv[b * pairs + 1]);
            assertNull(r.connectivity.wpli[b * pairs + 2]);
        }
        // the other channels keep their values: DFA runs on the 10 s span (windows up to 6 s)
        assertNotNull(r.dfa.alpha[0]);
        // the summary's means skip the missing channel
        assertTrue(
                r.summaryValues().stream()
                        .allMatch(v -> !(v instanceof Double d) || Double.isFinite(d)));
    }

    @Test
    void shouldGiveAReasonWhenTheSpectrumCannotBeLogged() {
        final double[] freqs = new double[77];
        final double[] power = new double[77];
        for (int i = 0; i < 77; i++) {
            freqs[i] = 2 + 0.5 * i;
            power[i] = 1 / freqs[i];
        }
        power[30] = 0;
        final AperiodicFit fit = new AperiodicFit(freqs, 0.5, 12, Integer.MAX_VALUE, 0, 2);
        final String reason = fit.fit(power, 0);
        assertNotNull(reason);
        assertTrue(reason.contains("17.0 Hz"), reason);
        assertEquals(reason, fit.failure());
    }

    @Test
    void shouldReportASpanTooShortForDfaAsReasonsNotACrash() {
        final int n = 640;
        final float[][] x = noise(2, n);
        final DescriptorKernels k = new DescriptorKernels(DescriptorOptions.DEFAULTS, 2, FS, n);
        k.screen(x, 0);
        final DfaRecord dfa = k.dfa(x, 0);
        assertNull(dfa.alpha[0]);
        assertEquals(2, dfa.reasonCount());
        assertTrue(
                dfa.reasonText[0].contains("largest DFA window (960 samples)"), dfa.reasonText[0]);
        final AlphaRecord alpha = (AlphaRecord) k.aperiodicAndAlpha(x, 0)[1];
        assertNull(alpha.instantaneousHz[0]);
        assertTrue(
                alpha.reasonText[0].contains("band-pass needs at least 964 samples"),
                alpha.reasonText[0]);
    }

    @Test
    void shouldRefuseABandOutsideTheOpenRangeBelowNyquist() {
        final DescriptorOptions above =
                DescriptorOptions.builder().bands(List.of(new Band("gamma", 30, 80))).build();
        final IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> above.check(FS));
        assertEquals(
                "--bands: band gamma:30-80 Hz is outside (0, 80.0) Hz, the open range below"
                        + " Nyquist at 160.0 Hz",
                e.getMessage());
        final DescriptorOptions zero =
                DescriptorOptions.builder().dfaBand(new Band("slow", 0, 4)).build();
        assertThrows(IllegalArgumentException.class, () -> zero.check(FS));
    }
}
