package org.neurostream.ingest.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.neurostream.core.frame.EncodableFrame;
import org.neurostream.core.frame.FrameDescriptor;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.stream.StreamId;

/**
 * Cuts a {@link SampleSource} into SAMPLES frames: channels = the source's channels (ROIs for
 * calcium traces), sample period = round(1e9 / sampleRate) ns, device time of each frame = the
 * source's {@link SampleSource#deviceTimeNs} of its first sample (counting from 0 at the source's
 * first sample for most sources; an NWB series' own session time), sequence numbers from 0,
 * gap-free; the flags given (such as {@link FrameDescriptor#FLAG_DFF}) on every frame. What {@link
 * FrameBridge} sends, usable without Kafka (tests, offline replays). Either one byte array per
 * frame ({@link #next()}, ingest stamp 0: the sender stamps it), or a block read ahead ({@link
 * #read()}) and then encoded where a sink wants it ({@link #pending(long)}). After the last frame,
 * {@link #endOfStream(long)} gives the empty frame flagged {@link
 * FrameDescriptor#FLAG_END_OF_STREAM} that ends the stream. One framer per stream, on one thread.
 */
public final class SampleFramer {
    private final SampleSource source;
    private final Modality modality;
    private final String streamId;
    private final byte[] streamIdUtf8;
    private final byte[] sessionIdUtf8;
    private final int channels;
    private final int samplesPerFrame;
    private final long periodNs;
    private final float[] block;
    private final int flags;
    private final FrameEncoder encoder = new FrameEncoder();
    private final Pending pending = new Pending();
    private long sequence;
    private long samplesDone;

    /** Samples per channel of the block read and not yet encoded; 0 when there is none. */
    private int held;

    /**
     * @param samplesPerFrame samples per channel in each frame (the last one may be shorter)
     * @throws IllegalArgumentException when samplesPerFrame &lt; 1
     */
    public SampleFramer(
            final SampleSource source,
            final Modality modality,
            final String sessionId,
            final String streamName,
            final int samplesPerFrame) {
        this(source, modality, sessionId, streamName, samplesPerFrame, 0);
    }

    /**
     * @param samplesPerFrame samples per channel in each frame (the last one may be shorter)
     * @param flags frame flags of every frame (the end-of-stream frame adds its own)
     * @throws IllegalArgumentException when samplesPerFrame &lt; 1
     */
    public SampleFramer(
            final SampleSource source,
            final Modality modality,
            final String sessionId,
            final String streamName,
            final int samplesPerFrame,
            final int flags) {
        if (samplesPerFrame < 1) {
            throw new IllegalArgumentException(
                    "need at least one sample per frame, got " + samplesPerFrame);
        }
        this.source = Objects.requireNonNull(source, "source");
        this.modality = Objects.requireNonNull(modality, "modality");
        this.streamId = StreamId.of(sessionId, streamName);
        this.streamIdUtf8 = streamId.getBytes(StandardCharsets.UTF_8);
        this.sessionIdUtf8 = sessionId.getBytes(StandardCharsets.UTF_8);
        this.channels = source.channelCount();
        this.samplesPerFrame = samplesPerFrame;
        this.periodNs = Math.round(1e9 / source.sampleRate());
        this.block = new float[channels * samplesPerFrame];
        this.flags = flags & ~FrameDescriptor.FLAG_END_OF_STREAM;
    }

    /** {@code <session>/<stream>}. */
    public String streamId() {
        return streamId;
    }

    /** The sample period written into the frames, ns. */
    public long periodNs() {
        return periodNs;
    }

    /** Frames made so far. */
    public long frames() {
        return sequence;
    }

    /**
     * Device time just past the last sample read so far (framed, or read and pending), ns: when
     * that frame is complete.
     */
    public long endTimeNs() {
        return source.deviceTimeNs(samplesDone + held - 1, periodNs) + periodNs;
    }

    /**
     * The next frame, or null at the end of the source.
     *
     * @throws IOException when the source fails
     */
    public byte[] next() throws IOException {
        if (read() == 0) {
            return null;
        }
        final byte[] bytes = new byte[pending.length()];
        encode(new UnsafeBuffer(bytes), 0, 0);
        return bytes;
    }

    /**
     * Reads the next frame's block from the source; {@link #pending(long)} then encodes it. A block
     * read and not encoded is replaced by the next read.
     *
     * @return its samples per channel, 0 at the end of the source
     * @throws IOException when the source fails
     */
    public int read() throws IOException {
        final int n = source.read(block, samplesPerFrame);
        held = Math.max(n, 0);
        return held;
    }

    /**
     * The block just read as a frame with {@code ingestTimeNs} as its ingest stamp, to be encoded
     * once; the same object is handed out for every frame.
     *
     * @throws IllegalStateException when no block is pending
     */
    public EncodableFrame pending(final long ingestTimeNs) {
        if (held == 0) {
            throw new IllegalStateException("no block read: call read() first");
        }
        pending.ingestTimeNs = ingestTimeNs;
        return pending;
    }

    /**
     * The frame that ends the stream, once the source is exhausted: no sample, the stream's
     * channels and period, the next sequence number, device time just past the last sample, flag
     * {@link FrameDescriptor#FLAG_END_OF_STREAM}. It is not counted in {@link #frames()}.
     */
    public EncodableFrame endOfStream(final long ingestTimeNs) {
        return new EncodableFrame() {
            @Override
            public int length() {
                return FrameEncoder.frameLength(
                        FrameKind.SAMPLES, channels, 0, streamIdUtf8.length, sessionIdUtf8.length);
            }

            @Override
            public void encodeTo(final MutableDirectBuffer buffer, final int offset) {
                encoder.wrap(buffer, offset)
                        .kind(FrameKind.SAMPLES)
                        .modality(modality)
                        .flags(flags | FrameDescriptor.FLAG_END_OF_STREAM)
                        .sequence(sequence)
                        .deviceTimeNs(source.deviceTimeNs(samplesDone - 1, periodNs) + periodNs)
                        .periodNs(periodNs)
                        .counts(channels, 0)
                        .ids(streamIdUtf8, sessionIdUtf8)
                        .finish();
                FrameEncoder.stampIngestTime(buffer, offset, ingestTimeNs);
            }
        };
    }

    private void encode(final MutableDirectBuffer buffer, final int offset, final long ingestNs) {
        encoder.wrap(buffer, offset)
                .kind(FrameKind.SAMPLES)
                .modality(modality)
                .flags(flags)
                .sequence(sequence++)
                .deviceTimeNs(source.deviceTimeNs(samplesDone, periodNs))
                .periodNs(periodNs)
                .counts(channels, held)
                .ids(streamIdUtf8, sessionIdUtf8)
                .putSamples(block, 0)
                .finish();
        FrameEncoder.stampIngestTime(buffer, offset, ingestNs);
        samplesDone += held;
        held = 0;
    }

    /** The pending block as an {@link EncodableFrame}. */
    private final class Pending implements EncodableFrame {
        private long ingestTimeNs;

        @Override
        public int length() {
            return FrameEncoder.frameLength(
                    FrameKind.SAMPLES, channels, held, streamIdUtf8.length, sessionIdUtf8.length);
        }

        @Override
        public void encodeTo(final MutableDirectBuffer buffer, final int offset) {
            if (held == 0) {
                throw new IllegalStateException("frame encoded already");
            }
            encode(buffer, offset, ingestTimeNs);
        }
    }
}
