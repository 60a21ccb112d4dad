package org.neurostream.ingest.nwb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurostream.ingest.edf.EdfAnnotation;
import org.neurostream.ingest.edf.EdfReader;

/**
 * The real sample {@code nwb/nwb_sample.nwb} of the shared data folder read back to the numbers of
 * the files it was made from: the EEG of {@code eeg/S001R04.edf}, its annotations as trials, and
 * the first 20 cells of {@code calcium/zf_20170215-f3_activity_matrix.csv} as dF/F.
 */
class NwbSampleTest {

    private static NwbFile sample() throws IOException {
        return NwbFile.open(NwbTestFiles.shared("nwb", "nwb_sample.nwb"));
    }

    @Test
    void shouldHoldTheEdfPhysicalValuesInMicrovoltsAndGiveThemInVolts() throws IOException {
        final Path edf = NwbTestFiles.shared("eeg", "S001R04.edf");
        try (NwbFile nwb = sample();
                EdfReader eeg = EdfReader.open(edf)) {
            final NwbSeries series = (NwbSeries) nwb.find("/acquisition/EEG");
            assertEquals(20000, series.rows());
            assertEquals(64, series.columns());
            assertEquals(160.0, series.rate(), 0.0);
            assertEquals(1e-6, series.conversion(), 0.0);
            assertEquals("volts", series.unit());
            final List<String> edfLabels = new ArrayList<>();
            eeg.labels().forEach(l -> edfLabels.add(l.replace(".", "")));
            assertEquals(edfLabels, series.labels());

            final DatasetRows stored = nwb.rows(series.dataPath);
            final NwbSeriesReader volts = nwb.openSeries(series);
            final float[] uv = new float[160 * 64];
            final double[] v = new double[160 * 64];
            final double[] t = new double[160];
            long sample = 0;
            int n;
            while ((n = eeg.read(uv, 160)) > 0) {
                assertEquals(n, volts.read(v, t, n));
                final double[] storedValues = stored.readDoubles(sample, n);
                for (int i = 0; i < n * 64; i++) {
                    assertEquals(
                            uv[i], storedValues[i], 0.0, "stored uV, sample " + (sample + i / 64));
                    assertEquals(uv[i] * 1e-6, v[i], 0.0, "volts, sample " + (sample + i / 64));
                }
                assertEquals(sample / 160.0, t[0], 0.0);
                sample += n;
            }
            assertEquals(20000, sample);
        }
    }

    @Test
    void shouldHoldTheEdfAnnotationsAsTrials() throws IOException {
        final Path edf = NwbTestFiles.shared("eeg", "S001R04.edf");
        try (NwbFile nwb = sample();
                EdfReader eeg = EdfReader.open(edf)) {
            final List<EdfAnnotation> annotations = eeg.readAnnotations();
            final NwbIntervalRows trials = nwb.readIntervals((NwbIntervalTable) nwb.find("trials"));
            assertEquals(List.of("start_time", "stop_time", "label"), trials.columns());
            assertEquals(30, annotations.size());
            assertEquals(annotations.size(), trials.rows());
            final double[] start = trials.doubles("start_time");
            final double[] stop = trials.doubles("stop_time");
            for (int i = 0; i < annotations.size(); i++) {
                final EdfAnnotation a = annotations.get(i);
                assertEquals(a.onsetSeconds(), start[i], 0.0, "trial " + i);
                assertEquals(a.onsetSeconds() + a.durationSeconds(), stop[i], 0.0, "trial " + i);
                assertEquals(a.text(), trials.cell(i, 2), "trial " + i);
            }
        }
    }

    @Test
    void shouldHoldTheFirstTwentyZebrafishCellsAsFloat32DfOverF() throws IOException {
        final Path csv = NwbTestFiles.shared("calcium", "zf_20170215-f3_activity_matrix.csv");
        try (NwbFile nwb = sample();
                BufferedReader lines = Files.newBufferedReader(csv)) {
            final NwbSeries dff = (NwbSeries) nwb.find("/processing/ophys/Fluorescence/DfOverF");
            assertEquals(2.2, dff.rate(), 0.0);
            final List<double[]> rows = NwbFileTest.readAll(nwb, dff, 1000);
            assertEquals(5660, rows.size());
            for (int cell = 0; cell < 20; cell++) {
                final String[] f = lines.readLine().split(",");
                assertEquals(5660, f.length);
                for (int frame = 0; frame < f.length; frame++) {
                    // numpy's path: text to float64, then to float32
                    final float expected = (float) Double.parseDouble(f[frame]);
                    assertEquals(
                            expected,
                            rows.get(frame)[cell + 1],
                            0.0,
                            "cell " + cell + " frame " + frame);
                }
            }
        }
    }

    @Test
    void shouldHoldTheGrasshopperSpikesOfTwoUnits() throws IOException {
        try (NwbFile nwb = sample()) {
            final NwbUnitsTable units = (NwbUnitsTable) nwb.find("/units");
            assertEquals(2, units.units());
            assertEquals(929, units.spikeCounts()[0]);
            assertEquals(1797 - 929, units.spikeCounts()[1]);
            final NwbSpikeReader spikes = nwb.openSpikes(units);
            final double[] t = new double[4096];
            final long[] u = new long[4096];
            final int n = spikes.read(t, u);
            assertEquals(1797, n);
            for (int i = 1; i < n; i++) {
                assertTrue(
                        t[i] > t[i - 1] || (t[i] == t[i - 1] && u[i] > u[i - 1]), "order at " + i);
            }
        }
    }
}
