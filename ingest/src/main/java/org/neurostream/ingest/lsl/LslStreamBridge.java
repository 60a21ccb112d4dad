package org.neurostream.ingest.lsl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import org.agrona.MutableDirectBuffer;
import org.neurostream.core.frame.EncodableFrame;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.time.WallClock;
import org.neurostream.ingest.bridge.FrameSink;

/**
 * Turns one numeric LSL inlet into SAMPLES frames on a {@link FrameSink}, one stream per LSL stream
 * ({@code <session>/<stream>}):
 *
 * <ul>
 *   <li>device time of a frame = the clock-corrected LSL stamp of its first sample minus that of
 *       the stream's first sample (the origin, handed to {@code onOrigin} once, for the session
 *       metadata); never below the previous frame's;
 *   <li>period = round(1e9 / nominal rate) ns (irregular streams: one sample a frame, period 1 ns);
 *   <li>frames of {@code samplesPerFrame} samples, sent as soon as they are full, or ({@link
 *       #framePerPull}) what each pull brought, sent at once: no sample waits for later ones;
 *   <li>samples LSL never delivered (the inlet's buffer overflowed, or the outlet restarted: then
 *       the stamps tell how many) end the frame being filled and advance the sequence by the frames
 *       they would have filled, so that the job's gap check reports them.
 * </ul>
 *
 * Values are float32 (the frame's format): float32 streams bit for bit, other formats converted.
 * Nothing is allocated per sample; one bridge serves one inlet on one thread.
 */
public final class LslStreamBridge {
    private final LslInlet inlet;
    private final FrameSink sink;
    private final Modality modality;
    private final byte[] streamIdUtf8;
    private final byte[] sessionIdUtf8;
    private final String streamId;
    private final int channels;
    private final double srate;
    private final int samplesPerFrame;
    private final long periodNs;
    private final float[] block;
    private final double[] blockStamps;
    private final FrameEncoder encoder = new FrameEncoder();
    private final Pending pending = new Pending();
    private final LslInlet.SampleHandler handler = this::onSample;
    private final DoubleConsumer onOrigin;
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();
    private final AtomicLong lostSamples = new AtomicLong();

    private volatile double origin = Double.NaN;
    private double correction = Double.NaN;
    private double lastCorrected = Double.NaN;
    private long sequence;
    private long lastDeviceTimeNs;
    private int held;
    private IOException failure;
    private boolean framePerPull;

    /**
     * @param samplesPerFrame samples per channel in each frame (at least 1)
     * @param onOrigin receives the origin (LSL time of device time 0) once it is known
     */
    public LslStreamBridge(
            final LslInlet inlet,
            final String sessionId,
            final String streamName,
            final Modality modality,
            final int samplesPerFrame,
            final FrameSink sink,
            final DoubleConsumer onOrigin) {
        final StreamInfo info = inlet.info();
        if (info.channelFormat() == ChannelFormat.STRING) {
            throw new LslException(info.name() + ": a string stream carries markers, not samples");
        }
        if (samplesPerFrame < 1) {
            throw new IllegalArgumentException("at least one sample per frame");
        }
        this.inlet = inlet;
        this.sink = sink;
        this.modality = modality;
        this.streamId = sessionId + "/" + streamName;
        this.streamIdUtf8 = streamId.getBytes(StandardCharsets.UTF_8);
        this.sessionIdUtf8 = sessionId.getBytes(StandardCharsets.UTF_8);
        this.channels = info.channelCount();
        this.srate = info.nominalSrate();
        this.samplesPerFrame = srate > 0 ? samplesPerFrame : 1;
        this.periodNs = srate > 0 ? Math.max(1, Math.round(1e9 / srate)) : 1;
        this.block = new float[this.samplesPerFrame * channels];
        this.blockStamps = new double[this.samplesPerFrame];
        this.onOrigin = onOrigin;
    }

    /**
     * Whether the samples of each pull are sent at once as a frame of their own (at most {@code
     * samplesPerFrame}) rather than held until a frame is full: for live use, where a sample must
     * not wait for the next ones; frames then follow the outlet's chunks. Call before {@link #run}.
     */
    public LslStreamBridge framePerPull(final boolean on) {
        this.framePerPull = on;
        return this;
    }

    /** Samples per frame: about 20 ms of the stream, at least 1. */
    public static int defaultSamplesPerFrame(final double srate) {
        return srate > 0 ? (int) Math.max(1, Math.round(srate * 0.02)) : 1;
    }

    /** {@code <session>/<stream>}. */
    public String streamId() {
        return streamId;
    }

    /** The LSL time (clock-corrected) of device time 0; NaN before the first sample. */
    public double origin() {
        return origin;
    }

    /** Frames sent so far. */
    public long frames() {
        return frames.get();
    }

    /** Samples framed so far. */
    public long samples() {
        return samples.get();
    }

    /** Gaps found (overflows and reconnections that lost samples). */
    public long gaps() {
        return gaps.get();
    }

    /** Samples known or estimated lost in those gaps. */
    public long lostSamples() {
        return lostSamples.get();
    }

    /**
     * Pulls and frames until {@code keepGoing} says stop or the stream is dropped, then sends the
     * frame being filled.
     *
     * @throws IOException when the sink refuses a frame
     */
    public void run(final BooleanSupplier keepGoing) throws IOException, InterruptedException {
        while (keepGoing.getAsBoolean()) {
            if (!step(100_000_000L)) {
                break;
            }
        }
        flush();
    }

    /**
     * Pulls what the inlet has (waiting up to {@code timeoutNs}) and sends the frames that filled.
     *
     * @return false when the stream was dropped and nothing is left
     */
    public boolean step(final long timeoutNs) throws IOException, InterruptedException {
        final int n = inlet.pull(handler, samplesPerFrame * 4, timeoutNs);
        if (failure != null) {
            final IOException f = failure;
            failure = null;
            throw f;
        }
        final ClockOffset.Estimate latest = inlet.clock().latest();
        if (latest != null) {
            correction = latest.correction();
        }
        if (framePerPull && held > 0) {
            emit();
        }
        return n >= 0;
    }

    /** Sends the frame being filled, if any. */
    public void flush() throws IOException {
        if (held > 0) {
            emit();
        }
    }

    private void onSample(final LslSample s) {
        if (failure != null) {
            return;
        }
        try {
            if (Double.isNaN(correction)) {
                correction = firstCorrection(inlet);
            }
            final double corrected = s.timestamp() + correction;
            if (Double.isNaN(origin)) {
                origin = corrected;
                onOrigin.accept(corrected);
            } else {
                long lost = s.droppedBefore();
                if (s.reconnectedBefore() && srate > 0 && !Double.isNaN(lastCorrected)) {
                    lost += Math.max(0, Math.round((corrected - lastCorrected) * srate) - 1);
                }
                if (lost > 0) {
                    gap(lost);
                }
            }
            s.copyFloats(block, held * channels);
            blockStamps[held] = corrected;
            held++;
            lastCorrected = corrected;
            samples.incrementAndGet();
            if (held == samplesPerFrame) {
                emit();
            }
        } catch (final IOException e) {
            failure = e;
        }
    }

    /**
     * The first clock correction of an inlet, waited for (up to 5 s) before the first stamp is
     * converted, as liblsl's time_correction() waits; 0 when none comes.
     */
    static double firstCorrection(final LslInlet inlet) {
        try {
            final double c = inlet.timeCorrection(5_000_000_000L);
            return Double.isNaN(c) ? 0 : c;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private void gap(final long lost) throws IOException {
        if (held > 0) {
            emit();
        }
        sequence += (lost + samplesPerFrame - 1) / samplesPerFrame;
        gaps.incrementAndGet();
        lostSamples.addAndGet(lost);
    }

    private void emit() throws IOException {
        long deviceNs = Math.round((blockStamps[0] - origin) * 1e9);
        deviceNs = Math.max(Math.max(0, deviceNs), lastDeviceTimeNs);
        lastDeviceTimeNs = deviceNs;
        pending.deviceTimeNs = deviceNs;
        pending.count = held;
        pending.encoded = false;
        final long ingestNs = WallClock.epochNanos();
        pending.ingestTimeNs = ingestNs;
        try {
            sink.accept(streamIdUtf8, pending, ingestNs);
        } finally {
            // the sequence counts frames handed over, encoded or not
            if (!pending.encoded) {
                sequence++;
            }
            held = 0;
        }
        frames.incrementAndGet();
    }

    /** The block being sent, encoded where the sink wants it. */
    private final class Pending implements EncodableFrame {
        long deviceTimeNs;
        long ingestTimeNs;
        int count;
        boolean encoded;

        @Override
        public int length() {
            return FrameEncoder.frameLength(
                    FrameKind.SAMPLES, channels, count, streamIdUtf8.length, sessionIdUtf8.length);
        }

        @Override
        public void encodeTo(final MutableDirectBuffer buffer, final int offset) {
            if (encoded) {
                throw new IllegalStateException("frame encoded already");
            }
            encoded = true;
            encoder.wrap(buffer, offset)
                    .kind(FrameKind.SAMPLES)
                    .modality(modality)
                    .sequence(sequence++)
                    .deviceTimeNs(deviceTimeNs)
                    .periodNs(periodNs)
                    .counts(channels, count)
                    .ids(streamIdUtf8, sessionIdUtf8)
                    .putSamples(block, 0)
                    .finish();
            FrameEncoder.stampIngestTime(buffer, offset, ingestTimeNs);
        }
    }
}
