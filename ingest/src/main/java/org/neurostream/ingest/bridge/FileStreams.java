package org.neurostream.ingest.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.Csv;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.core.stream.StreamId;
import org.neurostream.ingest.FileFormatException;
import org.neurostream.ingest.calcium.CalciumTraceReader;
import org.neurostream.ingest.calcium.CalciumTraces;
import org.neurostream.ingest.calcium.TraceFileOptions;
import org.neurostream.ingest.dvs.EventFileReader;
import org.neurostream.ingest.edf.EdfAnnotation;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.ingest.identifiers.Identifiers;

/**
 * Opens a recording file as {@link FileStream}s, by its name's extension:
 *
 * <ul>
 *   <li>EDF/EDF+/BDF ({@code .edf}, {@code .bdf}) -> {@code <name>/eeg}, frames of {@link
 *       Options#frame} worth of samples;
 *   <li>event cameras ({@code .raw} EVT 2.0/3.0, {@code .dat}, {@code .aedat4}, N-MNIST {@code
 *       .bin}) -> {@code <name>/dvs}, windows of {@link Options#eventWindow};
 *   <li>calcium traces ({@code .npy}, {@code .csv}; ROIs x frames) -> {@code <name>/calcium}, one
 *       imaging frame per frame at {@link Options#calciumFs};
 *   <li>NWB 2.x ({@code .nwb}) -> one stream per series, units table, interval table and annotation
 *       series, {@code <name>/<series name>} (see {@code NwbFileStreams}: electrical series as EEG,
 *       ROI series as calcium, other series as behaviour, units as spikes, interval tables and
 *       annotations as markers), in device-time order ({@link DeviceTimeOrder}).
 * </ul>
 *
 * Calcium streams are resampled to {@link Options#calciumResampleHz} when it is set. Every fault of
 * opening comes out the one way: a {@link FileStreamException} whose message names the file and the
 * reason.
 *
 * <p>What identifies a person goes through {@link Options#identifiers} before a stream carries it:
 * the session name and the source path (parts of file names the user marked), and the EDF/BDF
 * patient and recording fields ({@link FileStream#subject}, {@link FileStream#recording}); event
 * files and calcium traces carry no identification fields (docs/formats.md, "Identifiers").
 */
public final class FileStreams {
    /** The stream name of an EDF+/BDF+ file's annotations (a marker stream). */
    public static final String ANNOTATIONS = "annotations";

    /** The kinds of file, for messages and help. */
    public static final String KINDS =
            "EDF/EDF+/BDF, event camera (.raw, .dat, .aedat4, .bin), calcium traces (.npy, .csv)"
                    + " or NWB 2.x (.nwb)";

    private FileStreams() {}

    /**
     * Resamples a calcium stream to a rate ({@code --resample}): the job's anti-aliased polyphase
     * kernel, handed in by the commands (this module does not hold the kernels).
     */
    @FunctionalInterface
    public interface Resampler {
        /**
         * {@code source} at {@code rateHz}, its samples filtered and resampled as they are read.
         */
        SampleSource resample(SampleSource source, double rateHz);

        /**
         * Checks, before anything is sent, that a stream at {@code inHz} can be resampled to {@code
         * outHz}.
         *
         * @throws IllegalArgumentException saying why not
         */
        default void check(double inHz, double outHz) {}
    }

    /**
     * How files are cut into frames.
     *
     * @param frame duration of one frame of a sampled stream (EEG, behaviour)
     * @param eventWindow window of one frame of an event stream (event cameras, spikes)
     * @param calciumFs imaging frame rate of calcium traces, which the files do not carry
     * @param calciumResampleHz the rate calcium streams are resampled to; 0 keeps their own
     * @param resampler how they are resampled (needed when calciumResampleHz is set)
     * @param identifiers what the streams carry of the identifiers in files and file names
     */
    public record Options(
            Duration frame,
            Duration eventWindow,
            double calciumFs,
            double calciumResampleHz,
            Resampler resampler,
            Identifiers identifiers) {
        /** Pseudonyms under a random key, no file name parts marked. */
        public Options(
                final Duration frame,
                final Duration eventWindow,
                final double calciumFs,
                final double calciumResampleHz,
                final Resampler resampler) {
            this(
                    frame,
                    eventWindow,
                    calciumFs,
                    calciumResampleHz,
                    resampler,
                    Identifiers.pseudonyms(List.of()));
        }

        /** No resampling. */
        public Options(
                final Duration frame,
                final Duration eventWindow,
                final double calciumFs,
                final Identifiers identifiers) {
            this(frame, eventWindow, calciumFs, 0, null, identifiers);
        }

        /** Checks the values. */
        public Options {
            if (frame.isNegative() || frame.isZero() || eventWindow.toNanos() < 1000) {
                throw new IllegalArgumentException(
                        "frames must last > 0 and event windows >= 1 us; got "
                                + frame
                                + " and "
                                + eventWindow);
            }
            if (!(calciumFs > 0) || Double.isInfinite(calciumFs)) {
                throw new IllegalArgumentException(
                        "the calcium frame rate (--calcium-fs) must be > 0 Hz; got " + calciumFs);
            }
            if (!(calciumResampleHz >= 0) || Double.isInfinite(calciumResampleHz)) {
                throw new IllegalArgumentException(
                        "the calcium resampling rate (--resample) must be > 0 Hz; got "
                                + calciumResampleHz);
            }
            if (calciumResampleHz > 0 && resampler == null) {
                throw new IllegalArgumentException("resampling calcium streams needs a resampler");
            }
        }

        /** Options without resampling, pseudonyms under a random key. */
        public Options(final Duration frame, final Duration eventWindow, final double calciumFs) {
            this(frame, eventWindow, calciumFs, 0, null);
        }

        /**
         * Checks that a calcium stream at {@code inHz} can be resampled to {@link
         * #calciumResampleHz} (when set).
         *
         * @throws IllegalArgumentException saying why not
         */
        void checkCalcium(final double inHz) {
            if (calciumResampleHz > 0) {
                resampler.check(inHz, calciumResampleHz);
            }
        }

        /** What calcium sources go through: the resampler at its rate, or null for none. */
        UnaryOperator<SampleSource> calciumResample() {
            return calciumResampleHz > 0 ? s -> resampler.resample(s, calciumResampleHz) : null;
        }
    }

    /**
     * The modality a file of this name streams as (an NWB file's first: EEG), or null when it is no
     * kind FileStreams reads.
     */
    public static Modality modalityOf(final Path file) {
        return switch (extension(file)) {
            case "edf", "bdf" -> Modality.EEG;
            case "raw", "dat", "aedat4", "bin" -> Modality.DVS;
            case "npy", "csv" -> Modality.CALCIUM;
            case "nwb" -> Modality.EEG;
            default -> null;
        };
    }

    /**
     * Opens {@code file} as a stream: its frames (an EDF+ file's annotations left out).
     *
     * @throws FileStreamException naming the file and the reason: missing, not a kind of file this
     *     reads, unusable (the reader's message, with the offset where it has one), or an NWB file
     *     (which holds several streams: {@link #openAll})
     */
    public static FileStream open(final Path file, final Options options)
            throws FileStreamException {
        if (extension(file).equals("nwb")) {
            throw new FileStreamException(
                    file + ": an NWB file holds several streams; open it with openAll");
        }
        final List<FileStream> all = openAll(file, options);
        closeQuietly(all.subList(1, all.size())); // an EDF+ file's annotations, unused
        return all.get(0);
    }

    /**
     * Opens {@code file} as its streams: one for most files, two for an EDF+/BDF+ file with
     * annotations (its samples, then its annotations as a marker stream), one per series, table and
     * marker stream for an NWB file. Several streams of a file must then all run, each on its own
     * thread, or be closed: they take turns in device-time order.
     *
     * @throws FileStreamException naming the file and the reason: missing, not a kind of file this
     *     reads, unusable (the reader's message, with the offset or HDF5 path where it has one), or
     *     an NWB file with no stream
     */
    public static List<FileStream> openAll(final Path file, final Options options)
            throws FileStreamException {
        final Modality modality = modalityOf(file);
        if (modality == null) {
            throw new FileStreamException(file + ": not a stream file: expected " + KINDS);
        }
        if (!Files.isRegularFile(file)) {
            throw new FileStreamException(file + ": no such file");
        }
        final Identifiers ids = options.identifiers();
        final String session =
                ids.name(file.getFileName().toString().replaceFirst("\\.[^.]+$", ""));
        final String source = ids.name(file.toString());
        try {
            if (extension(file).equals("nwb")) {
                final List<FileStream> streams =
                        NwbFileStreams.open(file, session, source, options);
                if (streams.stream().allMatch(FileStream::isMarkerStream)) {
                    throw new FileStreamException(
                            file + ": /: no series or units to stream (NWB files need one)");
                }
                return streams;
            }
            if (modality == Modality.EEG) {
                return eeg(file, session, source, options);
            }
            return List.of(
                    switch (modality) {
                        case DVS ->
                                new Events(
                                        file, session, source, EventFileReader.open(file), options);
                        default ->
                                new Calcium(
                                        file,
                                        session,
                                        source,
                                        CalciumTraceReader.read(file, TraceFileOptions.DEFAULTS),
                                        options);
                    });
        } catch (final NoSuchFileException e) {
            throw new FileStreamException(file + ": no such file");
        } catch (final FileFormatException e) {
            throw new FileStreamException(e.getMessage());
        } catch (final IOException e) {
            final String m = String.valueOf(e.getMessage());
            throw new FileStreamException(
                    m.contains(file.toString()) ? m : file + ": cannot read: " + m);
        }
    }

    /**
     * Opens every file, in order, as its streams ({@link #openAll(Path, Options)}); the first that
     * cannot be streamed ends it, the streams opened before it closed.
     *
     * @throws FileStreamException naming that file and the reason
     */
    public static List<FileStream> openAll(final List<Path> files, final Options options)
            throws FileStreamException {
        final List<FileStream> streams = new ArrayList<>();
        try {
            for (final Path file : files) {
                streams.addAll(openAll(file, options));
            }
            return streams;
        } catch (final FileStreamException e) {
            closeQuietly(streams);
            throw e;
        }
    }

    /** Closes the streams, quietly: they are read to the end or abandoned. */
    public static void closeQuietly(final List<FileStream> streams) {
        for (final FileStream s : streams) {
            try {
                s.close();
            } catch (final IOException e) {
                // nothing more to read from it
            }
        }
    }

    private static String extension(final Path file) {
        final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
    }

    /** A file that cannot be streamed; the message names it and says why. */
    public static final class FileStreamException extends IOException {
        private static final long serialVersionUID = 1L;

        FileStreamException(final String message) {
            super(message);
        }
    }

    /**
     * An EDF/BDF file's samples as the stream {@code eeg}; with EDF+/BDF+ annotations, those as the
     * marker stream {@code annotations} too (a marker per annotation at its onset on the samples'
     * device time, lasting its duration; label = its text), the two in device-time order.
     */
    private static List<FileStream> eeg(
            final Path file, final String session, final String source, final Options options)
            throws IOException {
        final EdfReader reader = EdfReader.open(file);
        final List<EdfAnnotation> annotations;
        try {
            annotations = reader.readAnnotations();
        } catch (final IOException e) {
            reader.close();
            throw e;
        }
        if (annotations.isEmpty()) {
            return List.of(new Eeg(file, session, source, reader, options, null));
        }
        final DeviceTimeOrder order = new DeviceTimeOrder(2);
        final Eeg eeg = new Eeg(file, session, source, reader, options, order.participant(0));
        final String markerStream = StreamId.of(session, ANNOTATIONS);
        final List<MarkerRecord> markers = new ArrayList<>(annotations.size());
        for (final EdfAnnotation a : annotations) {
            markers.add(
                    new MarkerRecord(
                            markerStream,
                            Math.round(a.onsetSeconds() * 1e9),
                            Math.max(0, Math.round(a.durationSeconds() * 1e9)),
                            a.text()));
        }
        markers.sort(java.util.Comparator.comparingLong(m -> m.timeNs)); // stable: file order
        return List.of(
                eeg,
                new MarkerFileStream(
                        file,
                        session,
                        source,
                        ANNOTATIONS,
                        eeg.streamId(),
                        markers,
                        order.participant(1)));
    }

    /** EDF/EDF+/BDF: frames of {@link Options#frame}, in turn with its annotations, if any. */
    private static final class Eeg extends FileStream {
        private final EdfReader reader;
        private final Options options;
        private final DeviceTimeOrder.Participant order;

        Eeg(
                final Path file,
                final String session,
                final String source,
                final EdfReader reader,
                final Options o,
                final DeviceTimeOrder.Participant order) {
            super(
                    file,
                    session,
                    source,
                    Modality.EEG,
                    "eeg",
                    o.identifiers().field(reader.header().patient()),
                    o.identifiers().field(reader.header().recording()));
            this.reader = reader;
            this.options = o;
            this.order = order;
        }

        @Override
        public double sampleRate() {
            return reader.sampleRate();
        }

        @Override
        public List<String> labels() {
            return reader.labels();
        }

        @Override
        public String unit() {
            return reader.physicalDimensions().isEmpty() ? "" : reader.physicalDimensions().get(0);
        }

        @Override
        public long frames(final FrameSink sink, final Pacing pacing) throws IOException {
            final FrameBridge bridge = new FrameBridge(sink, Modality.EEG, session(), streamName());
            counting(bridge::framesSent);
            final int samples =
                    Math.max(
                            1,
                            (int)
                                    Math.round(
                                            options.frame().toNanos() / 1e9 * reader.sampleRate()));
            if (order == null) {
                return bridge.run(reader, samples, pacing);
            }
            try {
                return bridge.run(reader, samples, pacing.inOrder(order));
            } finally {
                order.leave();
            }
        }

        @Override
        public String describe() {
            return "of "
                    + reader.channelCount()
                    + " channels at "
                    + Csv.number(reader.sampleRate())
                    + " Hz";
        }

        @Override
        public String truncation() {
            return reader.truncation();
        }

        @Override
        public void close() throws IOException {
            if (order != null) {
                order.leave();
            }
            reader.close();
        }
    }

    /** An event-camera recording: windows of {@link Options#eventWindow}. */
    private static final class Events extends FileStream {
        private final EventFileReader reader;
        private final Options options;
        private volatile EventBridge bridge;

        Events(
                final Path file,
                final String session,
                final String source,
                final EventFileReader reader,
                final Options o) {
            super(file, session, source, Modality.DVS, "dvs", null, null);
            this.reader = reader;
            this.options = o;
        }

        @Override
        public double sampleRate() {
            return 0;
        }

        @Override
        public List<String> labels() {
            return List.of();
        }

        @Override
        public long frames(final FrameSink sink, final Pacing pacing) throws IOException {
            bridge =
                    new EventBridge(
                            sink,
                            session(),
                            streamName(),
                            EventBridge.DEFAULT_MAX_EVENTS_PER_FRAME);
            counting(bridge::framesSent);
            return bridge.run(reader, Math.max(1, options.eventWindow().toNanos() / 1000), pacing);
        }

        @Override
        public String describe() {
            final EventBridge b = bridge;
            return "of " + (b == null ? 0 : b.eventsSent()) + " events";
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    /**
     * Calcium traces (ROIs x frames): one imaging frame per frame, at {@link Options#calciumFs}.
     */
    private static final class Calcium extends FileStream {
        private final CalciumTraces traces;
        private final double fs;
        private final UnaryOperator<SampleSource> resample;
        private final double rate;

        Calcium(
                final Path file,
                final String session,
                final String source,
                final CalciumTraces traces,
                final Options o)
                throws FileStreamException {
            super(file, session, source, Modality.CALCIUM, "calcium", null, null);
            try {
                o.checkCalcium(o.calciumFs());
            } catch (final IllegalArgumentException e) {
                throw new FileStreamException(file + ": " + e.getMessage());
            }
            this.traces = traces;
            this.fs = o.calciumFs();
            this.resample = o.calciumResample();
            this.rate = resample != null ? o.calciumResampleHz() : fs;
        }

        @Override
        public double sampleRate() {
            return rate;
        }

        @Override
        public List<String> labels() {
            return traces.labels();
        }

        @Override
        public long frames(final FrameSink sink, final Pacing pacing) throws IOException {
            final FrameBridge bridge =
                    new FrameBridge(sink, Modality.CALCIUM, session(), streamName());
            counting(bridge::framesSent);
            // one imaging frame per record: at 30 Hz a frame is 33 ms, already a frame's worth
            final SampleSource source = traces.asSource(fs);
            return bridge.run(resample != null ? resample.apply(source) : source, 1, pacing);
        }

        @Override
        public String describe() {
            return "of "
                    + traces.roiCount()
                    + " ROIs at "
                    + Csv.number(rate)
                    + " Hz"
                    + (resample != null ? " (resampled from " + Csv.number(fs) + " Hz)" : "");
        }
    }
}
