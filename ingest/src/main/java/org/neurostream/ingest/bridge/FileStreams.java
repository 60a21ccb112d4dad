package org.neurostream.ingest.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.Csv;
import org.neurostream.ingest.FileFormatException;
import org.neurostream.ingest.calcium.CalciumTraceReader;
import org.neurostream.ingest.calcium.CalciumTraces;
import org.neurostream.ingest.calcium.TraceFileOptions;
import org.neurostream.ingest.dvs.EventFileReader;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.ingest.identifiers.Identifiers;

/**
 * Opens a recording file as a {@link FileStream}, by its name's extension:
 *
 * <ul>
 *   <li>EDF/EDF+/BDF ({@code .edf}, {@code .bdf}) -> {@code <name>/eeg}, frames of {@link
 *       Options#frame} worth of samples;
 *   <li>event cameras ({@code .raw} EVT 2.0/3.0, {@code .dat}, {@code .aedat4}, N-MNIST {@code
 *       .bin}) -> {@code <name>/dvs}, windows of {@link Options#eventWindow};
 *   <li>calcium traces ({@code .npy}, {@code .csv}; ROIs x frames) -> {@code <name>/calcium}, one
 *       imaging frame per frame at {@link Options#calciumFs}.
 * </ul>
 *
 * Every fault of opening comes out the one way: a {@link FileStreamException} whose message names
 * the file and the reason.
 *
 * <p>What identifies a person goes through {@link Options#identifiers} before a stream carries it:
 * the session name and the source path (parts of file names the user marked), and the EDF/BDF
 * patient and recording fields ({@link FileStream#subject}, {@link FileStream#recording}); event
 * files and calcium traces carry no identification fields (docs/formats.md, "Identifiers").
 */
public final class FileStreams {
    /** The kinds of file, for messages and help. */
    public static final String KINDS =
            "EDF/EDF+/BDF, event camera (.raw, .dat, .aedat4, .bin) or calcium traces (.npy, .csv)";

    private FileStreams() {}

    /**
     * How files are cut into frames.
     *
     * @param frame duration of one frame of a sampled stream (EEG)
     * @param eventWindow window of one frame of an event stream
     * @param calciumFs imaging frame rate of calcium traces, which the files do not carry
     * @param identifiers what the streams carry of the identifiers in files and file names
     */
    public record Options(
            Duration frame, Duration eventWindow, double calciumFs, Identifiers identifiers) {
        /** Pseudonyms under a random key, no file name parts marked. */
        public Options(final Duration frame, final Duration eventWindow, final double calciumFs) {
            this(frame, eventWindow, calciumFs, Identifiers.pseudonyms(List.of()));
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
        }
    }

    /**
     * The modality a file of this name streams as, or null when it is no kind FileStreams reads.
     */
    public static Modality modalityOf(final Path file) {
        return switch (extension(file)) {
            case "edf", "bdf" -> Modality.EEG;
            case "raw", "dat", "aedat4", "bin" -> Modality.DVS;
            case "npy", "csv" -> Modality.CALCIUM;
            default -> null;
        };
    }

    /**
     * Opens {@code file} as a stream.
     *
     * @throws FileStreamException naming the file and the reason: missing, not a kind of file this
     *     reads, or unusable (the reader's message, with the offset where it has one)
     */
    public static FileStream open(final Path file, final Options options)
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
            return switch (modality) {
                case EEG -> new Eeg(file, session, source, EdfReader.open(file), options);
                case DVS -> new Events(file, session, source, EventFileReader.open(file), options);
                default ->
                        new Calcium(
                                file,
                                session,
                                source,
                                CalciumTraceReader.read(file, TraceFileOptions.DEFAULTS),
                                options);
            };
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

    /** EDF/EDF+/BDF: frames of {@link Options#frame}. */
    private static final class Eeg extends FileStream {
        private final EdfReader reader;
        private final Options options;

        Eeg(
                final Path file,
                final String session,
                final String source,
                final EdfReader reader,
                final Options o) {
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
            return bridge.run(reader, samples, pacing);
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

        Calcium(
                final Path file,
                final String session,
                final String source,
                final CalciumTraces traces,
                final Options o) {
            super(file, session, source, Modality.CALCIUM, "calcium", null, null);
            this.traces = traces;
            this.fs = o.calciumFs();
        }

        @Override
        public double sampleRate() {
            return fs;
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
            return bridge.run(traces.asSource(fs), 1, pacing);
        }

        @Override
        public String describe() {
            return "of " + traces.roiCount() + " ROIs at " + Csv.number(fs) + " Hz";
        }
    }
}
