package org.neurostream.sinks.lsl;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.core.time.WallClock;
import org.neurostream.ingest.lsl.ChannelFormat;
import org.neurostream.ingest.lsl.LslClock;
import org.neurostream.ingest.lsl.LslConfig;
import org.neurostream.ingest.lsl.LslOutlet;
import org.neurostream.ingest.lsl.StreamInfo;

/**
 * Predictions as LSL outlets, one per input stream, which any LSL consumer (LabRecorder, PsychoPy,
 * BCI2000, a pylsl inlet) reads unchanged: name {@value #NAME}, type {@value #TYPE}, source id
 * {@code neurostream/<stream id>}, float32, one channel per class holding its probability (channel
 * labels = the model's class names in model order, unit "probability"), irregular rate. Each sample
 * is stamped with the LSL time of the last input sample of its window (the session's LSL origin of
 * the stream plus the window's end minus one sample period, {@link SessionTimeBase}); while that
 * origin is unknown it is stamped with the time of the push and counted ({@link #unstamped()}). A
 * prediction whose classes differ from its outlet's (another model) closes that outlet and opens a
 * new one with the same source id, so that consumers recover onto it.
 *
 * <p>One thread pushes. The outlet of a stream is opened on its first prediction.
 */
public final class PredictionOutlets implements AutoCloseable {
    /** The name of every prediction outlet. */
    public static final String NAME = "neurostream-predictions";

    /** Their LSL content type. */
    public static final String TYPE = "Predictions";

    private final LslConfig config;
    private final SessionTimeBase timeBase;
    private final PushLatencies latencies;
    private final Consumer<String> problems;
    private final Map<String, Outlet> outlets = new HashMap<>();
    private long pushed;
    private long unstamped;

    private static final class Outlet {
        final LslOutlet outlet;
        final String[] classes;
        final float[] values;

        Outlet(final LslOutlet outlet, final String[] classes) {
            this.outlet = outlet;
            this.classes = classes;
            this.values = new float[classes.length];
        }
    }

    /**
     * @param latencies where each push's latencies go; null: not measured
     * @param problems receives one line per fault of an outlet's peer
     */
    public PredictionOutlets(
            final LslConfig config,
            final SessionTimeBase timeBase,
            final PushLatencies latencies,
            final Consumer<String> problems) {
        this.config = config;
        this.timeBase = timeBase;
        this.latencies = latencies;
        this.problems = problems;
    }

    /** The source id of the outlet of {@code streamId}. */
    public static String sourceId(final String streamId) {
        return "neurostream/" + streamId;
    }

    /**
     * Pushes {@code p} on its stream's outlet (opened, or opened again for other classes, first).
     *
     * @throws IOException when an outlet cannot be opened (no free port)
     */
    public void push(final PredictionRecord p) throws IOException {
        final String[] classes = classesOf(p);
        Outlet o = outlets.get(p.streamId);
        if (o == null || !Arrays.equals(o.classes, classes)) {
            if (o != null) {
                o.outlet.close();
            }
            o =
                    new Outlet(
                            LslOutlet.open(info(p.streamId, p.model, classes), config, problems),
                            classes);
            outlets.put(p.streamId, o);
        }
        if (p.probabilities != null && p.probabilities.length == classes.length) {
            for (int c = 0; c < classes.length; c++) {
                o.values[c] = (float) p.probabilities[c];
            }
        } else {
            o.values[0] = (float) (1 - p.probability);
            o.values[1] = (float) p.probability;
        }
        double stamp = timeBase.lastSampleTime(p.streamId, p.endNs);
        final boolean stamped = !Double.isNaN(stamp);
        if (!stamped) {
            stamp = LslClock.now();
            unstamped++;
        }
        o.outlet.pushSample(o.values, stamp);
        pushed++;
        if (stamped && latencies != null) {
            final double now = LslClock.now();
            final long wallNow = WallClock.epochNanos();
            // the sample's LSL stamp on the wall clock, through the two clocks read together
            final double sampleWallNs = wallNow - (now - stamp) * 1e9;
            latencies.record(
                    Math.round((now - stamp) * 1e6), Math.round((p.ingestNs - sampleWallNs) / 1e3));
        }
    }

    /** The outlet of {@code streamId}, or null before its first prediction. */
    LslOutlet outlet(final String streamId) {
        final Outlet o = outlets.get(streamId);
        return o == null ? null : o.outlet;
    }

    /** Predictions pushed so far. */
    public long pushed() {
        return pushed;
    }

    /** Predictions pushed with the push time as stamp (their stream's origin was unknown). */
    public long unstamped() {
        return unstamped;
    }

    /** Closes every outlet. */
    @Override
    public void close() {
        outlets.values().forEach(o -> o.outlet.close());
        outlets.clear();
    }

    /** The classes of a prediction: its own, or "0" and "1" for a binary one that does not say. */
    private static String[] classesOf(final PredictionRecord p) {
        if (p.classes != null && p.classes.length > 0) {
            return p.classes;
        }
        return new String[] {"0", "1"};
    }

    static StreamInfo info(final String streamId, final String model, final String[] classes) {
        final StreamInfo.Builder b =
                StreamInfo.builder(
                        NAME,
                        TYPE,
                        classes.length,
                        StreamInfo.IRREGULAR_RATE,
                        ChannelFormat.FLOAT32,
                        sourceId(streamId));
        for (final String c : classes) {
            b.channel(c, "probability", "Probability");
        }
        b.descField("stream_id", streamId);
        if (model != null) {
            b.descField("model", model);
        }
        return b.build();
    }
}
