package org.neurostream.ingest.journal;

import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.Modality;

/** Small SAMPLES frames with values that tell them apart. */
public final class JournalTestFrames {
    private JournalTestFrames() {}

    /**
     * Frame {@code sequence} of {@code streamId}: sample (s, c) = sequence * 1000 + s * channels +
     * c.
     */
    public static byte[] frame(
            final String streamId, final long sequence, final int channels, final int samples) {
        final byte[] stream = streamId.getBytes(StandardCharsets.UTF_8);
        final byte[] session =
                streamId.substring(0, streamId.indexOf('/')).getBytes(StandardCharsets.UTF_8);
        final byte[] bytes =
                new byte
                        [FrameEncoder.frameLength(
                                FrameKind.SAMPLES,
                                channels,
                                samples,
                                stream.length,
                                session.length)];
        final float[] values = new float[channels * samples];
        for (int i = 0; i < values.length; i++) {
            values[i] = sequence * 1000 + i;
        }
        new FrameEncoder()
                .wrap(new UnsafeBuffer(bytes), 0)
                .kind(FrameKind.SAMPLES)
                .modality(Modality.EEG)
                .sequence(sequence)
                .deviceTimeNs(sequence * samples * 6_250_000L)
                .periodNs(6_250_000L)
                .counts(channels, samples)
                .ids(stream, session)
                .putSamples(values, 0)
                .finish();
        return bytes;
    }

    public static SessionMetadata metadata(final String session, final String... streams) {
        final SessionMetadata m = new SessionMetadata();
        m.sessionId = session;
        for (final String s : streams) {
            m.streams.add(
                    new SessionMetadata.Stream(
                            session + "/" + s,
                            "EEG",
                            160.0,
                            java.util.List.of("C3", "C4"),
                            "uV",
                            s + ".edf"));
            m.sourceFiles.add(s + ".edf");
        }
        return m;
    }
}
