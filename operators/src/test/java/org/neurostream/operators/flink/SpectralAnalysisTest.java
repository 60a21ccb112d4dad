package org.neurostream.operators.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.operators.spectral.Band;
import org.neurostream.operators.spectral.BandEntropyKernel;
import org.neurostream.operators.spectral.BandPowerOptions;
import org.neurostream.operators.spectral.WelchKernel;

/**
 * The streaming analysis behind {@link BandPowerFunction} on real EEG (the checked-in 20 s, 4
 * channel excerpt of S001R01 at 160 Hz) cut into frames of random sizes: band power as the Welch
 * kernel gives it on each window, entropy as a filter run from the stream's first sample gives it,
 * settling, flat channels and the exponential averaging of periodograms.
 */
class SpectralAnalysisTest {

    private static final long PERIOD_NS = 6_250_000L;
    private static final double FS = 160;
    private static final int CHANNELS = 4;
    private static final int SAMPLES = 3200;

    @Test
    void shouldEmitTheKernelsBandPowerOnEveryWindowAndTheEntropyOfTheContinuousFilter()
            throws IOException {
        float[][] x = eeg();
        BandPowerOptions options = BandPowerOptions.defaults();
        List<BandPowerRecord> records = run(options, x, new Random(3));
        assertFalse(
                new SpectralAnalysis(options, CHANNELS, PERIOD_NS).sharesSegments(),
                "one segment per window: nothing to share");

        // first record at 320 samples, then every 40
        assertEquals((SAMPLES - 320) / 40 + 1, records.size());
        WelchKernel welch = new WelchKernel(options.welchConfig(FS));
        double[][][] y = filteredFromTheStart(options, x);
        double[] power = new double[CHANNELS * 5];
        double[] relative = new double[CHANNELS * 5];
        for (int i = 0; i < records.size(); i++) {
            BandPowerRecord r = records.get(i);
            int end = 320 + 40 * i;
            assertEquals(end * PERIOD_NS, r.endNs);
            assertEquals((end - 320) * PERIOD_NS, r.startNs);
            welch.bandPowers(x, end - 320, 320, power, relative);
            assertArrayEquals(power, r.bandPower, 0.0, "record " + i);
            assertArrayEquals(relative, r.relativePower, 0.0, "record " + i);
            for (int c = 0; c < CHANNELS; c++) {
                for (int b = 0; b < 5; b++) {
                    double expected = entropy(y[c][b], end - 320, end);
                    assertEquals(
                            expected,
                            r.differentialEntropy(c, b),
                            1e-10,
                            "record " + i + " channel " + c + " band " + b);
                    assertFalse(r.differentialEntropyFloored[c * 5 + b]);
                }
            }
            assertEquals(Math.E, r.entropyLogBase);
        }
    }

    @Test
    void shouldGiveTheSameRecordsBitForBitWhateverTheFrameSizes() throws IOException {
        float[][] x = eeg();
        BandPowerOptions options = BandPowerOptions.defaults();
        List<BandPowerRecord> oneFrame = run(options, x, null);
        for (int seed = 0; seed < 3; seed++) {
            List<BandPowerRecord> frames = run(options, x, new Random(seed));
            assertEquals(oneFrame.size(), frames.size());
            for (int i = 0; i < frames.size(); i++) {
                assertArrayEquals(oneFrame.get(i).bandPower, frames.get(i).bandPower, 0.0);
                assertArrayEquals(
                        oneFrame.get(i).differentialEntropy,
                        frames.get(i).differentialEntropy,
                        0.0,
                        "record " + i);
            }
        }
    }

    @Test
    void shouldShareSegmentsBetweenWindowsAndGiveTheKernelsBitsOnEveryWindow() throws IOException {
        float[][] x = eeg();
        float[][] other = new float[CHANNELS][SAMPLES];
        for (int c = 0; c < CHANNELS; c++) {
            for (int i = 0; i < SAMPLES; i++) {
                other[c][i] = 3 * x[(c + 1) % CHANNELS][SAMPLES - 1 - i] + 7;
            }
        }
        // window 320; segments of 64 (step 32) every 32 samples, and of 48 (step 24) every 48,
        // whose segments cross the ring's end at changing places: both hops whole steps
        double[][] shapes = {{0.2, 0.4}, {0.3, 0.3}};
        for (double[] shape : shapes) {
            BandPowerOptions options =
                    new BandPowerOptions(
                            2.0,
                            shape[0],
                            shape[1],
                            "constant",
                            "rect",
                            "delta:1-4,theta:4-8,alpha:8-13,beta:13-30,gamma:30-45");
            int hop = options.hopSamples(FS);
            // two streams through one analysis, the second restored halfway into a new one
            SpectralAnalysis analysis = new SpectralAnalysis(options, CHANNELS, PERIOD_NS);
            assertTrue(analysis.sharesSegments(), "a hop of whole segment steps shares");
            SpectralState a = analysis.newState(0);
            SpectralState b = analysis.newState(0);
            List<BandPowerRecord> fromA = new ArrayList<>();
            List<BandPowerRecord> fromB = new ArrayList<>();
            float[] samplesA = interleave(x);
            float[] samplesB = interleave(other);
            Random random = new Random(5);
            for (int i = 0; i < SAMPLES; ) {
                int n = Math.min(SAMPLES - i, 1 + random.nextInt(50));
                if (i < SAMPLES / 2 && i + n >= SAMPLES / 2) {
                    b = SpectralStateSerializer.INSTANCE.copy(b);
                    analysis = new SpectralAnalysis(options, CHANNELS, PERIOD_NS);
                }
                analysis.append(a, samplesA, i * CHANNELS, n, "a", 1, new ListCollector<>(fromA));
                analysis.append(b, samplesB, i * CHANNELS, n, "b", 1, new ListCollector<>(fromB));
                i += n;
            }
            WelchKernel welch = new WelchKernel(options.welchConfig(FS));
            assertEquals((SAMPLES - 320) / hop + 1, fromA.size());
            assertEquals(fromA.size(), fromB.size());
            double[] power = new double[CHANNELS * 5];
            double[] relative = new double[CHANNELS * 5];
            for (int i = 0; i < fromA.size(); i++) {
                int end = 320 + hop * i;
                welch.bandPowers(x, end - 320, 320, power, relative);
                assertArrayEquals(power, fromA.get(i).bandPower, "a, record " + i);
                assertArrayEquals(relative, fromA.get(i).relativePower, "a, record " + i);
                welch.bandPowers(other, end - 320, 320, power, relative);
                assertArrayEquals(power, fromB.get(i).bandPower, "b, record " + i);
                assertArrayEquals(relative, fromB.get(i).relativePower, "b, record " + i);
            }
        }
    }

    @Test
    void shouldKeepBlocksAlignedWhenTheHopDoesNotDivideTheWindow() throws IOException {
        float[][] x = eeg();
        // window 320, hop 48 samples: blocks of gcd = 16 samples
        BandPowerOptions options =
                new BandPowerOptions(
                        2.0,
                        0.3,
                        0.0,
                        "constant",
                        "rect",
                        "delta:1-4,theta:4-8,alpha:8-13,beta:13-30,gamma:30-45");
        List<BandPowerRecord> records = run(options, x, new Random(11));
        double[][][] y = filteredFromTheStart(options, x);

        assertEquals((SAMPLES - 320) / 48 + 1, records.size());
        for (int i = 0; i < records.size(); i++) {
            int end = 320 + 48 * i;
            for (int c = 0; c < CHANNELS; c++) {
                for (int b = 0; b < 5; b++) {
                    assertEquals(
                            entropy(y[c][b], end - 320, end),
                            records.get(i).differentialEntropy(c, b),
                            1e-10,
                            "record " + i);
                }
            }
        }
    }

    @Test
    void shouldCutEachHopInTwoBlocksWhenTheCommonDivisorWouldMakeTinyOnes() throws IOException {
        float[][] x = eeg();
        // window 320, hop 46 samples: gcd 2 would make 160 blocks; two per hop make 14 slots
        BandPowerOptions options =
                new BandPowerOptions(
                        2.0,
                        0.29,
                        0.0,
                        "constant",
                        "rect",
                        "delta:1-4,theta:4-8,alpha:8-13,beta:13-30,gamma:30-45");
        List<BandPowerRecord> records = run(options, x, new Random(5));
        double[][][] y = filteredFromTheStart(options, x);

        assertEquals(
                14 * CHANNELS * 5,
                new SpectralAnalysis(options, CHANNELS, PERIOD_NS).newState(0).blockSum.length);
        assertEquals((SAMPLES - 320) / 46 + 1, records.size());
        for (int i = 0; i < records.size(); i++) {
            int end = 320 + 46 * i;
            for (int c = 0; c < CHANNELS; c++) {
                for (int b = 0; b < 5; b++) {
                    assertEquals(
                            entropy(y[c][b], end - 320, end),
                            records.get(i).differentialEntropy(c, b),
                            1e-10,
                            "record " + i);
                }
            }
        }
    }

    @Test
    void shouldFlagRecordsAsSettlingWhileTheirWindowHoldsTheFirstSecond() throws IOException {
        List<BandPowerRecord> records = run(BandPowerOptions.defaults(), eeg(), new Random(5));

        // windows start at 0, 40, 80, 120 samples (inside the first 160), then at 160
        for (int i = 0; i < records.size(); i++) {
            assertEquals(i < 4, records.get(i).settling, "record " + i);
        }
    }

    @Test
    void shouldGiveFiniteFlaggedEntropyForFlatChannelsAndLeaveOthersAlone() throws IOException {
        float[][] x = eeg();
        java.util.Arrays.fill(x[1], 0f);
        java.util.Arrays.fill(x[2], -37.5f);
        List<BandPowerRecord> records = run(BandPowerOptions.defaults(), x, new Random(9));

        double floor = 0.5 * Math.log(2 * Math.PI * Math.E * BandEntropyKernel.VARIANCE_FLOOR);
        for (BandPowerRecord r : records) {
            for (int i = 0; i < r.differentialEntropy.length; i++) {
                assertTrue(Double.isFinite(r.differentialEntropy[i]), "value " + i);
                assertTrue(Double.isFinite(r.bandPower[i]) && Double.isFinite(r.relativePower[i]));
            }
            for (int b = 0; b < 5; b++) {
                assertEquals(floor, r.differentialEntropy(1, b), 0.0);
                assertTrue(r.differentialEntropyFloored[5 + b]);
                assertFalse(r.differentialEntropyFloored[b], "a real channel is never flat");
            }
        }
        // the constant channel's step response has died out by the end of 20 s in the upper
        // bands (delta and theta take longer: their transients decay over ~10 s)
        BandPowerRecord last = records.get(records.size() - 1);
        for (int b = 2; b < 5; b++) {
            assertTrue(last.differentialEntropyFloored[2 * 5 + b], "band " + b);
        }
    }

    @Test
    void shouldAverageEachHopsPeriodogramExponentiallyWhenAsked() throws IOException {
        float[][] x = eeg();
        BandPowerOptions plainOptions = BandPowerOptions.defaults();
        BandPowerOptions options = plainOptions.withAveraging(1.0);
        List<BandPowerRecord> plain = run(plainOptions, x, new Random(1));
        List<BandPowerRecord> averaged = run(options, x, new Random(2));

        double w = 1 - Math.exp(-0.25 / 1.0);
        assertEquals(w, options.averagingWeight(FS), 1e-15);
        assertEquals(1.0, plainOptions.averagingWeight(FS));
        WelchKernel welch = new WelchKernel(options.welchConfig(FS));
        int bins = welch.bins();
        double[] average = new double[CHANNELS * bins];
        double[] psd = new double[bins];
        double[] power = new double[CHANNELS * 5];
        double[] relative = new double[CHANNELS * 5];
        for (int i = 0; i < averaged.size(); i++) {
            int end = 320 + 40 * i;
            for (int c = 0; c < CHANNELS; c++) {
                welch.psd(x[c], end - 320, 320, psd, 0);
                for (int k = 0; k < bins; k++) {
                    int at = c * bins + k;
                    average[at] = i == 0 ? psd[k] : average[at] + w * (psd[k] - average[at]);
                }
                welch.bandPowers(average, c * bins, power, c * 5, relative, c * 5);
            }
            BandPowerRecord r = averaged.get(i);
            assertArrayEquals(power, r.bandPower, 0.0, "record " + i);
            assertArrayEquals(relative, r.relativePower, 0.0, "record " + i);
            assertEquals(1.0, r.averagingSeconds);
            // averaging leaves the entropy alone
            assertArrayEquals(plain.get(i).differentialEntropy, r.differentialEntropy, 0.0);
        }
        assertArrayEquals(plain.get(0).bandPower, averaged.get(0).bandPower, 0.0);
        assertFalse(plain.get(40).bandPower[0] == averaged.get(40).bandPower[0]);
    }

    @Test
    void shouldGiveEntropyInBitsWhenAskedForLogBaseTwo() throws IOException {
        float[][] x = eeg();
        List<BandPowerRecord> nats = run(BandPowerOptions.defaults(), x, new Random(4));
        List<BandPowerRecord> bits =
                run(BandPowerOptions.defaults().withEntropyLogBase(2), x, new Random(4));

        BandPowerRecord r = bits.get(10);
        assertEquals(2.0, r.entropyLogBase);
        for (int i = 0; i < r.differentialEntropy.length; i++) {
            assertEquals(
                    nats.get(10).differentialEntropy[i] / Math.log(2),
                    r.differentialEntropy[i],
                    1e-12);
        }
    }

    /**
     * Runs the analysis over x cut into frames of 1 to 50 samples (one frame when random is null).
     */
    private static List<BandPowerRecord> run(BandPowerOptions options, float[][] x, Random random) {
        SpectralAnalysis analysis = new SpectralAnalysis(options, CHANNELS, PERIOD_NS);
        SpectralState state = analysis.newState(0);
        float[] interleaved = interleave(x);
        List<BandPowerRecord> records = new ArrayList<>();
        ListCollector<BandPowerRecord> out = new ListCollector<>(records);
        for (int i = 0; i < SAMPLES; ) {
            int n = random == null ? SAMPLES : Math.min(SAMPLES - i, 1 + random.nextInt(50));
            analysis.append(state, interleaved, i * CHANNELS, n, "s/eeg", 1, out);
            i += n;
        }
        return records;
    }

    /** Sample-major, as frames carry the samples. */
    private static float[] interleave(float[][] x) {
        float[] interleaved = new float[CHANNELS * SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            for (int c = 0; c < CHANNELS; c++) {
                interleaved[i * CHANNELS + c] = x[c][i];
            }
        }
        return interleaved;
    }

    /** y[channel][band][sample]: every band-pass run over the whole channel from rest. */
    private static double[][][] filteredFromTheStart(BandPowerOptions options, float[][] x) {
        BandEntropyKernel kernel = new BandEntropyKernel(FS, Band.parseList(options.bands));
        double[][][] y = new double[CHANNELS][kernel.bandCount()][SAMPLES];
        double[] state = new double[kernel.stateLength(CHANNELS)];
        for (int c = 0; c < CHANNELS; c++) {
            for (int b = 0; b < kernel.bandCount(); b++) {
                kernel.filterBand(b, c, state, x[c], 0, y[c][b], 0, SAMPLES);
            }
        }
        return y;
    }

    /** 0.5 ln(2 pi e var) of y[from .. to), the variance in two passes. */
    private static double entropy(double[] y, int from, int to) {
        double mean = 0;
        for (int i = from; i < to; i++) {
            mean += y[i];
        }
        mean /= to - from;
        double variance = 0;
        for (int i = from; i < to; i++) {
            variance += (y[i] - mean) * (y[i] - mean);
        }
        variance /= to - from;
        return 0.5 * Math.log(2 * Math.PI * Math.E * variance);
    }

    private static float[][] eeg() throws IOException {
        byte[] bytes;
        try (InputStream in =
                SpectralAnalysisTest.class.getResourceAsStream(
                        "/spectral/eeg_S001R01_4ch_20s.f32")) {
            bytes = in.readAllBytes();
        }
        float[][] x = new float[CHANNELS][SAMPLES];
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] channel : x) {
            buffer.asFloatBuffer().get(channel);
            buffer.position(buffer.position() + 4 * SAMPLES);
        }
        return x;
    }
}
