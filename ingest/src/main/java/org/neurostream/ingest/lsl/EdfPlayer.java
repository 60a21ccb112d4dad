package org.neurostream.ingest.lsl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.neurostream.ingest.edf.EdfAnnotation;
import org.neurostream.ingest.edf.EdfReader;

/**
 * What {@code neurostream lsl play} does: serves an EDF/BDF file as an LSL stream at its own rate
 * (float32, in its physical unit; channel labels and units in {@code desc/channels/channel}), and
 * its annotations as a marker stream {@code <name>-markers} (type Markers, one string channel,
 * irregular rate) with each annotation pushed at its onset. Chunks of {@code chunk} samples are
 * pushed when their last sample is due, stamped with its LSL time: the start time plus its offset
 * in the file (divided by the speed).
 */
public final class EdfPlayer {
    /** How to play. */
    public record Options(
            String name, String type, int chunk, double speed, boolean loop, long waitNs) {}

    /** What was played. */
    public record Result(long samples, long markers, StreamInfo stream, StreamInfo markerStream) {}

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
        try (EdfReader reader = EdfReader.open(file)) {
            final String name = options.name() != null ? options.name() : defaultName(file);
            final int channels = reader.channelCount();
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
            final List<String> units = reader.physicalDimensions();
            for (int c = 0; c < channels; c++) {
                b.channel(labels.get(c).strip(), units.get(c).strip(), options.type());
            }
            b.descField("manufacturer", "NeuroStream");
            final List<EdfAnnotation> annotations = reader.readAnnotations();
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
                final long total = reader.totalSamplesPerChannel();
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
                        reader.seekSample(0);
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

    private static void awaitUntil(final long startNanos, final double offsetSeconds) {
        final long due = startNanos + (long) (offsetSeconds * 1e9);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
