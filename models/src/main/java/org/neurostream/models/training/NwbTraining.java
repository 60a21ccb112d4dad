package org.neurostream.models.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.neurostream.ingest.edf.EdfAnnotation;
import org.neurostream.ingest.nwb.NwbFile;
import org.neurostream.ingest.nwb.NwbFormatException;
import org.neurostream.ingest.nwb.NwbIntervalRows;
import org.neurostream.ingest.nwb.NwbIntervalTable;
import org.neurostream.ingest.nwb.NwbObject;
import org.neurostream.ingest.nwb.NwbSeries;
import org.neurostream.ingest.nwb.NwbSeriesReader;

/**
 * Trains a decoder on an NWB file ({@code train-decoder --input F.nwb --labels TABLE.COLUMN}): the
 * trials are the rows of an interval table, each labelled with its value in one column (the class
 * texts {@code --classes} selects) and starting at its {@code start_time}; the recording is one of
 * the file's regular series, an {@code ElectricalSeries} in microvolts as the job gets it. Then as
 * {@link DecoderTraining#train(List, DecoderTraining.Recipe)} trains on an EDF+ file.
 */
public final class NwbTraining {
    private NwbTraining() {}

    /**
     * Trains on {@code file}.
     *
     * @param series the series' path or name, or null for the file's only (or first) electrical
     *     series
     * @param labels {@code TABLE.COLUMN}: the interval table (its name or path) and the column
     *     whose texts label the trials
     * @throws NwbFormatException naming the file and HDF5 path when the series, the table or the
     *     column is missing or the series cannot be read
     * @throws IllegalArgumentException on unusable classes or settings, as {@link DecoderTraining}
     */
    public static DecoderTraining.Outcome train(
            final Path file,
            final String series,
            final String labels,
            final DecoderTraining.Recipe recipe)
            throws IOException {
        final int dot = labels == null ? -1 : labels.lastIndexOf('.');
        if (dot <= 0 || dot == labels.length() - 1) {
            throw new IllegalArgumentException(
                    "--labels: expected TABLE.COLUMN (an interval table and one of its columns),"
                            + " got "
                            + labels);
        }
        try (NwbFile nwb = NwbFile.open(file)) {
            final NwbSeries s = series(nwb, series);
            final List<EdfAnnotation> trials =
                    trials(nwb, labels.substring(0, dot), labels.substring(dot + 1), s);
            final double scale = "volts".equalsIgnoreCase(s.unit()) ? 1e6 : 1;
            final NwbSeriesReader reader = nwb.openSeries(s).scaledBy(scale);
            final AnnotatedRecording recording =
                    new AnnotatedRecording() {
                        @Override
                        public String name() {
                            return file + ":" + s.path();
                        }

                        @Override
                        public String title() {
                            return file.getFileName() + ":" + s.path();
                        }

                        @Override
                        public List<String> labels() {
                            return s.labels();
                        }

                        @Override
                        public double sampleRate() {
                            return s.rate();
                        }

                        @Override
                        public long totalSamples() {
                            return s.rows();
                        }

                        @Override
                        public List<EdfAnnotation> annotations() {
                            return trials;
                        }

                        @Override
                        public void rewind() {
                            reader.seek(0);
                        }

                        /** Whole blocks: the reader stops at chunk bands, callers want n. */
                        @Override
                        public int read(final float[] dst, final int maxSamples)
                                throws IOException {
                            final int columns = s.columns();
                            final float[] band = new float[maxSamples * columns];
                            int done = 0;
                            while (done < maxSamples) {
                                final int n = reader.read(band, maxSamples - done);
                                if (n == 0) {
                                    break;
                                }
                                System.arraycopy(band, 0, dst, done * columns, n * columns);
                                done += n;
                            }
                            return done;
                        }
                    };
            return DecoderTraining.train(List.of(recording), recipe);
        }
    }

    private static NwbSeries series(final NwbFile nwb, final String name)
            throws NwbFormatException {
        if (name != null) {
            final NwbObject o = nwb.find(name);
            if (o instanceof NwbSeries s && s.isRegular() && !s.isText()) {
                return s;
            }
            throw new NwbFormatException(
                    nwb.file(), o.path(), "not a regular numeric series to train on");
        }
        for (final NwbSeries s : nwb.series()) {
            if (s.type().equals("ElectricalSeries") && s.isRegular()) {
                return s;
            }
        }
        throw new NwbFormatException(
                nwb.file(), "/acquisition", "no regular ElectricalSeries (name one with --series)");
    }

    /** The table's rows as trials: onsets on the series' clock, the column's texts as labels. */
    private static List<EdfAnnotation> trials(
            final NwbFile nwb, final String table, final String column, final NwbSeries s)
            throws NwbFormatException {
        final NwbObject o = nwb.find(table);
        if (!(o instanceof NwbIntervalTable t)) {
            throw new NwbFormatException(nwb.file(), o.path(), "not an interval table");
        }
        final NwbIntervalRows rows = nwb.readIntervals(t);
        final int c = rows.columns().indexOf(column);
        if (c < 0) {
            throw new NwbFormatException(
                    nwb.file(),
                    t.path(),
                    "no column " + column + " (columns: " + String.join(",", rows.columns()) + ")");
        }
        final double[] start = rows.doubles("start_time");
        final double[] stop = rows.doubles("stop_time");
        final List<EdfAnnotation> out = new ArrayList<>();
        for (int r = 0; r < rows.rows(); r++) {
            out.add(
                    new EdfAnnotation(
                            start[r] - s.startSeconds(), stop[r] - start[r], rows.text(r, c)));
        }
        return out;
    }
}
