package org.neurostream.ingest.lsl;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.ingest.bridge.NwbFileStreams;
import org.neurostream.ingest.edf.EdfAnnotation;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.ingest.nwb.NwbFile;
import org.neurostream.ingest.nwb.NwbFormatException;
import org.neurostream.ingest.nwb.NwbObject;
import org.neurostream.ingest.nwb.NwbSeries;
import org.neurostream.ingest.nwb.NwbSeriesReader;

/**
 * What {@code neurostream lsl play} does: serves an EDF/BDF file as an LSL stream at its own rate
 * (float32, in its physical unit; channel labels and units in {@code desc/channels/channel}), and
 * its annotations as a marker stream {@code <name>-markers} (type Markers, one string channel,
 * irregular rate) with each annotation pushed at its onset. An NWB file plays the same way: its
 * first regular {@code ElectricalSeries} in microvolts (labels from the electrodes table), and the
 * rows of its interval tables and annotation series as markers {@code <table>.<column>=<value>} (as
 * {@code record} journals them, {@link NwbFileStreams#markersOf}), on the series' clock. Chunks of
 * {@code chunk} samples are pushed when their last sample is due, stamped with its LSL time: the
 * start time plus its offset in the file (divided by the speed).
 */
public final class EdfPlayer {
    /** How to play. */
    public record Options(
            String name, String type, int chunk, double speed, boolean loop, long waitNs) {}

    /** What was played. */
    public record Result(long samples, long markers, StreamInfo stream, StreamInfo markerStream) {
        /** The lines {@code lsl play} prints once the outlets serve: {@code serving: LISTING}. */
        public List<String> servingLines() {
            final List<String> lines = new ArrayList<>();
            lines.add("serving: " + LslListing.line(stream));
            if (markerStream != null) {
                lines.add("serving: " + LslListing.line(markerStream));
            }
            return lines;
        }
    }

    private EdfPlayer() {}

    /** The stream name of a file: its name without the extension. */
    public static String defaultName(final Path file) {
        final String f = file.getFileName().toString();
        final int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }

    /**
     * Plays {@code file} until its end (or forever with {@code loop}, or until {@code keepGoing}
     * says stop).
     *
     * @param onServing called once the outlets serve (with the data and marker stream infos)
     * @throws IOException when the file cannot be read
     */
    public static Result play(
            final Path file,
            final Options options,
            final LslConfig config,
            final Consumer<String> problems,
            final Consumer<Result> onServing,
            final BooleanSupplier keepGoing)
            throws IOException {
        if (options.chunk() < 1 || !(options.speed() > 0)) {
            throw new LslException("--chunk must be >= 1 and --speed > 0");
        }
        try (Source reader = Source.open(file)) {
            final String name = options.name() != null ? options.name() : defaultName(file);
            final int channels = reader.labels().size();
            final double srate = reader.sampleRate();
            final StreamInfo.Builder b =
                    StreamInfo.builder(
                            name,
                            options.type(),
                            channels,
                            srate * options.speed(),
                            ChannelFormat.FLOAT32,
                            "neurostream-play/" + name);
            final List<String> labels = reader.labels();
            final List<String> units = reader.units();
            for (int c = 0; c < channels; c++) {
                b.channel(labels.get(c).strip(), units.get(c).strip(), options.type());
            }
            b.descField("manufacturer", "NeuroStream");
            final List<EdfAnnotation> annotations = reader.annotations();
            try (LslOutlet data = LslOutlet.open(b.build(), config, problems);
                    LslOutlet markers =
                            annotations.isEmpty()
                                    ? null
                                    : LslOutlet.open(
                                            StreamInfo.builder(
                                                            name + "-markers",
                                                            "Markers",
                                                            1,
                                                            StreamInfo.IRREGULAR_RATE,
                                                            ChannelFormat.STRING,
                                                            "neurostream-play/" + name + "-markers")
                                                    .build(),
                                            config,
                                            problems)) {
                onServing.accept(
                        new Result(0, 0, data.info(), markers == null ? null : markers.info()));
                if (options.waitNs() > 0) {
                    data.waitForConsumers(options.waitNs());
                    if (markers != null) {
                        markers.waitForConsumers(options.waitNs());
                    }
                }
                final float[] block = new float[options.chunk() * channels];
                final long total = reader.totalSamples();
                final double start = LslClock.now();
                final long startNanos = System.nanoTime();
                long played = 0;
                long marked = 0;
                long loopBase = 0;
                int nextMarker = 0;
                while (keepGoing.getAsBoolean()) {
                    final int n = reader.read(block, options.chunk());
                    if (n <= 0) {
                        if (!options.loop() || total == 0) {
                            break;
                        }
                        reader.rewind();
                        loopBase += total;
                        nextMarker = 0;
                        continue;
                    }
                    final long lastIndex = loopBase + reader.position() - 1;
                    final double offset = lastIndex / srate / options.speed();
                    // annotations due up to this chunk's last sample go first
                    while (markers != null
                            && nextMarker < annotations.size()
                            && (loopBase / srate + annotations.get(nextMarker).onsetSeconds())
                                            / options.speed()
                                    <= offset) {
                        final EdfAnnotation a = annotations.get(nextMarker++);
                        final double at = (loopBase / srate + a.onsetSeconds()) / options.speed();
                        awaitUntil(startNanos, at);
                        markers.pushMarker(a.text(), start + at);
                        marked++;
                    }
                    awaitUntil(startNanos, offset);
                    data.pushChunk(block, 0, n, start + offset);
                    played += n;
                }
                // let the senders write what is queued before the outlets close
                LockSupport.parkNanos(300_000_000L);
                return new Result(
                        played, marked, data.info(), markers == null ? null : markers.info());
            }
        }
    }

    /** A file to play: an EDF/BDF file, or an NWB file's electrical series and intervals. */
    private interface Source extends Closeable {
        List<String> labels();

        List<String> units();

        double sampleRate();

        long totalSamples();

        List<EdfAnnotation> annotations() throws IOException;

        int read(float[] dst, int maxSamples) throws IOException;

        long position();

        void rewind();

        static Source open(final Path file) throws IOException {
            return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".nwb")
                    ? nwb(NwbFile.open(file))
                    : edf(EdfReader.open(file));
        }

        private static Source edf(final EdfReader r) {
            return new Source() {
                public List<String> labels() {
                    return r.labels();
                }

                public List<String> units() {
                    return r.physicalDimensions();
                }

                public double sampleRate() {
                    return r.sampleRate();
                }

                public long totalSamples() {
                    return r.totalSamplesPerChannel();
                }

                public List<EdfAnnotation> annotations() throws IOException {
                    return r.readAnnotations();
                }

                public int read(final float[] dst, final int maxSamples) throws IOException {
                    return r.read(dst, maxSamples);
                }

                public long position() {
                    return r.position();
                }

                public void rewind() {
                    r.seekSample(0);
                }

                public void close() throws IOException {
                    r.close();
                }
            };
        }

        private static Source nwb(final NwbFile f) throws IOException {
            try {
                final NwbSeries s =
                        f.series().stream()
                                .filter(x -> x.type().equals("ElectricalSeries") && x.isRegular())
                                .findFirst()
                                .orElseThrow(
                                        () ->
                                                new NwbFormatException(
                                                        f.file(),
                                                        "/acquisition",
                                                        "no regular ElectricalSeries to play"));
                final boolean volts = "volts".equalsIgnoreCase(s.unit());
                final NwbSeriesReader reader = f.openSeries(s).scaledBy(volts ? 1e6 : 1);
                final List<EdfAnnotation> markers = new ArrayList<>();
                final List<NwbObject> tables = new ArrayList<>(f.intervalTables());
                f.series().stream().filter(NwbSeries::isText).forEach(tables::add);
                for (final NwbObject t : tables) {
                    for (final MarkerRecord m : NwbFileStreams.markersOf(f, t, t.name())) {
                        markers.add(
                                new EdfAnnotation(
                                        m.timeNs / 1e9 - s.startSeconds(),
                                        m.durationNs / 1e9,
                                        t.name() + "." + m.label));
                    }
                }
                markers.sort(Comparator.comparingDouble(EdfAnnotation::onsetSeconds));
                final List<String> units =
                        Collections.nCopies(s.columns(), volts ? "uV" : s.unit());
                return new Source() {
                    public List<String> labels() {
                        return s.labels();
                    }

                    public List<String> units() {
                        return units;
                    }

                    public double sampleRate() {
                        return s.rate();
                    }

                    public long totalSamples() {
                        return s.rows();
                    }

                    public List<EdfAnnotation> annotations() {
                        return markers;
                    }

                    public int read(final float[] dst, final int maxSamples) throws IOException {
                        return reader.read(dst, maxSamples);
                    }

                    public long position() {
                        return reader.position();
                    }

                    public void rewind() {
                        reader.seek(0);
                    }

                    public void close() throws IOException {
                        f.close();
                    }
                };
            } catch (final IOException | RuntimeException e) {
                f.close();
                throw e;
            }
        }
    }

    private static void awaitUntil(final long startNanos, final double offsetSeconds) {
        final long due = startNanos + (long) (offsetSeconds * 1e9);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
