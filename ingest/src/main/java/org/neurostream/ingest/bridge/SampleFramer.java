package org.neurostream.ingest.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.agrona.concurrent.UnsafeBuffer;
import org.neurostream.ingest.frame.FrameEncoder;
import org.neurostream.ingest.frame.FrameKind;
import org.neurostream.ingest.frame.Modality;

/**
 * Cuts a {@link SampleSource} into SAMPLES frames, one byte array per frame: channels = the
 * source's channels (ROIs for calcium traces), sample period = round(1e9 / sampleRate) ns, device
 * time counting from 0 at the source's first sample, sequence numbers from 0, gap-free, ingest
 * stamp 0 (the sender stamps it). What {@link FrameBridge} sends, usable without Kafka (tests,
 * offline replays). One framer per stream, on one thread.
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
    private final FrameEncoder encoder = new FrameEncoder();
    private long sequence;
    private long samplesDone;

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
        if (samplesPerFrame < 1) {
            throw new IllegalArgumentException(
                    "need at least one sample per frame, got " + samplesPerFrame);
        }
        this.source = Objects.requireNonNull(source, "source");
        this.modality = Objects.requireNonNull(modality, "modality");
        this.streamId = sessionId + "/" + streamName;
        this.streamIdUtf8 = streamId.getBytes(StandardCharsets.UTF_8);
        this.sessionIdUtf8 = sessionId.getBytes(StandardCharsets.UTF_8);
        this.channels = source.channelCount();
        this.samplesPerFrame = samplesPerFrame;
        this.periodNs = Math.round(1e9 / source.sampleRate());
        this.block = new float[channels * samplesPerFrame];
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

    /** Device time just past the last sample framed so far, ns: when that frame is complete. */
    public long endTimeNs() {
        return samplesDone * periodNs;
    }

    /**
     * The next frame, or null at the end of the source.
     *
     * @throws IOException when the source fails
     */
    public byte[] next() throws IOException {
        final int n = source.read(block, samplesPerFrame);
        if (n <= 0) {
            return null;
        }
        final byte[] bytes =
                new byte
                        [FrameEncoder.frameLength(
                                FrameKind.SAMPLES,
                                channels,
                                n,
                                streamIdUtf8.length,
                                sessionIdUtf8.length)];
        encoder.wrap(new UnsafeBuffer(bytes), 0)
                .kind(FrameKind.SAMPLES)
                .modality(modality)
                .sequence(sequence++)
                .deviceTimeNs(samplesDone * periodNs)
                .periodNs(periodNs)
                .counts(channels, n)
                .ids(streamIdUtf8, sessionIdUtf8)
                .putSamples(block, 0)
                .finish();
        samplesDone += n;
        return bytes;
    }
}
