package org.neurostream.deploy.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.agrona.concurrent.UnsafeBuffer;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.deploy.models.LiveCalibration;
import org.neurostream.ingest.bridge.FrameSink;
import org.neurostream.ingest.bridge.MarkerSink;
import org.neurostream.ingest.lsl.LslSession;
import org.neurostream.models.training.DecoderTraining;
import org.neurostream.models.training.StreamCalibration;

/**
 * {@code live --calibrate}: collects the first {@code duration} of one live EEG stream (its frames
 * on their way to Kafka: the stream named by {@code --calibrate-stream}, else the first EEG stream
 * of the session) and the markers of the marker streams paired with it, then, on a thread of its
 * own, trains the recipe's pipeline on the marker-labelled trials, publishes the model on {@code
 * neuro.models} ({@link LiveCalibration}), from where the running job switches to it, and prints
 * the {@code calibration:} line. A jump in the stream's frame sequence (samples LSL never
 * delivered) is a gap: the samples keep their place on the timeline and trials whose epoch spans it
 * are left out, said in a line {@code live: calibration warning: ...} before the calibration line;
 * so are markers of other streams' marker streams. Frames after the calibration time and the
 * markers then pass untouched.
 */
final class CalibrationTap {
    private final long durationNs;
    private final DecoderTraining.Recipe recipe;
    private final KafkaClients clients;
    private final Consumer<String> problems;
    private final String streamName;
    private final Function<String, String> pairOf;
    private final FrameDecoder decoder = new FrameDecoder();
    private long lastSequence = -1;
    private long lastEndNs;
    private StreamCalibration calibration;
    private String streamId;
    private List<String> labels;
    private final List<MarkerRecord> markers = new ArrayList<>();
    private float[] samples = new float[0];
    private String bootstrap;
    private PrintWriter out;
    private boolean done;
    private int otherMarkers;
    private Thread training;

    /**
     * A tap that calibrates on {@code duration} of a stream.
     *
     * @param streamName the LSL name of the stream to calibrate on; null: the first EEG stream
     * @param pairOf the data stream id a marker stream id pairs with, or null for none
     */
    CalibrationTap(
            final Duration duration,
            final DecoderTraining.Recipe recipe,
            final KafkaClients clients,
            final Consumer<String> problems,
            final String streamName,
            final Function<String, String> pairOf) {
        this.durationNs = duration.toNanos();
        this.recipe = recipe;
        this.clients = clients;
        this.problems = problems;
        this.streamName = streamName;
        this.pairOf = pairOf;
    }

    /** Where the calibration publishes and prints, once the runtime is up. */
    synchronized void startOn(final String bootstrap, final PrintWriter out) {
        this.bootstrap = bootstrap;
        this.out = out;
    }

    /** Whether the EEG stream {@code id} is the one to calibrate on (none is tapped yet). */
    synchronized boolean wants(final String id) {
        return streamId == null
                && (streamName == null || id.endsWith("/" + LslSession.streamName(streamName)));
    }

    /** {@code next} with the frames of {@code streamId} collected on the way. */
    synchronized FrameSink tap(
            final String streamId, final List<String> labels, final FrameSink next) {
        this.streamId = streamId;
        this.labels = labels;
        return (key, frame, ingestNs) -> {
            next.accept(key, frame, ingestNs);
            collect(frame);
        };
    }

    /** {@code next} with the markers noted on the way. */
    MarkerSink tap(final MarkerSink next) {
        return (marker, ingestNs) -> {
            next.accept(marker, ingestNs);
            synchronized (this) {
                if (!done) {
                    markers.add(marker);
                }
            }
        };
    }

    private synchronized void collect(final byte[] frame) {
        if (done) {
            return;
        }
        decoder.wrap(new UnsafeBuffer(frame), 0);
        if (decoder.kind() != FrameKind.SAMPLES || decoder.isEndOfStream()) {
            return;
        }
        final long sequence = decoder.sequence();
        if (calibration != null && sequence > lastSequence + 1) {
            // samples LSL never delivered: the bridge advanced the sequence; the device times
            // tell how many samples (at least one)
            calibration.gap(
                    Math.max(
                            1,
                            Math.round(
                                    (decoder.deviceTimeNs() - lastEndNs)
                                            / (double) decoder.periodNs())));
        }
        lastSequence = sequence;
        lastEndNs = decoder.endTimeNs();
        if (calibration == null) {
            // device time 0 is the stream's first sample; labels ch<i> where the stream has none
            final List<String> names = new ArrayList<>(labels);
            for (int c = names.size(); c < decoder.channelCount(); c++) {
                names.add("ch" + c);
            }
            calibration = new StreamCalibration(streamId, names, 1e9 / decoder.periodNs(), 0);
        }
        final int n = decoder.channelCount() * decoder.elementCount();
        if (samples.length < n) {
            samples = new float[n];
        }
        decoder.copySamples(samples, 0);
        calibration.append(samples, 0, decoder.elementCount());
        if (decoder.endTimeNs() >= durationNs) {
            done = true;
            for (final MarkerRecord m : markers) {
                if (streamId.equals(pairOf.apply(m.streamId))) {
                    calibration.mark(m);
                } else {
                    otherMarkers++;
                }
            }
            training = new Thread(this::train, "live-calibration");
            training.setDaemon(true);
            training.start();
        }
    }

    /** What was collected so far; null before the first frame of the tapped stream. */
    synchronized StreamCalibration collected() {
        return calibration;
    }

    private void train() {
        try {
            final LiveCalibration.Result r =
                    LiveCalibration.run(calibration, recipe, clients, bootstrap);
            synchronized (out) {
                if (otherMarkers > 0) {
                    out.println(
                            "live: calibration warning: "
                                    + otherMarkers
                                    + " marker(s) of marker streams not paired with "
                                    + streamId
                                    + " left out");
                }
                for (final String w : r.training().warnings()) {
                    out.println("live: calibration warning: " + w);
                }
                out.println(r.line());
                out.flush();
            }
        } catch (final IOException | RuntimeException e) {
            problems.accept("calibration of " + streamId + " failed: " + e.getMessage());
        }
    }

    /**
     * Waits (a minute at most) for a calibration under way to publish; says so when the run ends
     * before the calibration time of the stream came.
     */
    void await() throws InterruptedException {
        final Thread t;
        synchronized (this) {
            t = training;
        }
        if (t != null) {
            t.join(60_000);
        } else {
            problems.accept(
                    "calibration did not run: the run ended before "
                            + durationNs / 1e9
                            + " s of "
                            + (streamId != null
                                    ? streamId
                                    : streamName == null
                                            ? "an EEG stream"
                                            : "an EEG stream named " + streamName)
                            + " came");
        }
    }
}
