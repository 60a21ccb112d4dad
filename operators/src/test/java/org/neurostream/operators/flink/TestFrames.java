package org.neurostream.operators.flink;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.neurostream.core.frame.FrameDescriptor;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;

/** Seeded frames for the harness tests: sampled streams, event streams and end-of-stream marks. */
final class TestFrames {
    private TestFrames() {}

    /**
     * Frame {@code index} of a sampled stream: {@code samples} samples of {@code channels} channels
     * from sample {@code index * samples} on, white noise with rare bursts shared by the channels
     * (so that avalanches happen), seeded by the stream id and the frame index.
     */
    static FrameRecord samples(
            final String streamId,
            final Modality modality,
            final int channels,
            final int samples,
            final long periodNs,
            final long index) {
        final float[] values = new float[channels * samples];
        final SplittableRandom random = new SplittableRandom(streamId.hashCode() * 31L + index);
        for (int i = 0; i < samples; i++) {
            final double burst = random.nextInt(40) == 0 ? 6.0 : 0.0;
            for (int c = 0; c < channels; c++) {
                values[i * channels + c] =
                        (float) (random.nextGaussian() + burst * (c % 3 == 0 ? 1 : 0.2));
            }
        }
        return samples(streamId, modality, channels, samples, periodNs, index, values, 0);
    }

    /** A SAMPLES frame of the given values (sample-major), with {@code flags}. */
    static FrameRecord samples(
            final String streamId,
            final Modality modality,
            final int channels,
            final int samples,
            final long periodNs,
            final long index,
            final float[] values,
            final int flags) {
        final byte[] id = streamId.getBytes(StandardCharsets.UTF_8);
        final byte[] session = session(streamId);
        final byte[] bytes =
                new byte
                        [FrameEncoder.frameLength(
                                FrameKind.SAMPLES, channels, samples, id.length, session.length)];
        final long deviceNs = index * samples * periodNs;
        final FrameEncoder encoder =
                new FrameEncoder()
                        .wrap(new UnsafeBuffer(bytes), 0)
                        .kind(FrameKind.SAMPLES)
                        .modality(modality)
                        .flags(flags)
                        .sequence(index)
                        .deviceTimeNs(deviceNs)
                        .periodNs(periodNs)
                        .ingestTimeNs(1_000L + index)
                        .counts(channels, samples)
                        .ids(id, session);
        if (samples > 0) {
            encoder.putSamples(values, 0);
        }
        encoder.finish();
        return new FrameRecord(streamId, deviceNs, modality, bytes);
    }

    /** The empty frame that ends a sampled stream after {@code frames} frames of that size. */
    static FrameRecord endOfSamples(
            final String streamId,
            final Modality modality,
            final int channels,
            final int samples,
            final long periodNs,
            final long frames) {
        final byte[] id = streamId.getBytes(StandardCharsets.UTF_8);
        final byte[] session = session(streamId);
        final long deviceNs = frames * samples * periodNs;
        final byte[] exact =
                new byte
                        [FrameEncoder.frameLength(
                                FrameKind.SAMPLES, channels, 0, id.length, session.length)];
        new FrameEncoder()
                .wrap(new UnsafeBuffer(exact), 0)
                .kind(FrameKind.SAMPLES)
                .modality(modality)
                .flags(FrameDescriptor.FLAG_END_OF_STREAM)
                .sequence(frames)
                .deviceTimeNs(deviceNs)
                .periodNs(periodNs)
                .ingestTimeNs(1_000L + frames)
                .counts(channels, 0)
                .ids(id, session)
                .finish();
        return new FrameRecord(streamId, deviceNs, modality, exact);
    }

    /**
     * An EVENTS frame of {@code count} events (time unit 1 us) over {@code spanUs} microseconds
     * from {@code startUs}, addresses below {@code addresses}, in time order, seeded.
     */
    static FrameRecord events(
            final String streamId,
            final Modality modality,
            final long index,
            final long startUs,
            final int spanUs,
            final int count,
            final int addresses,
            final int flags) {
        final SplittableRandom random = new SplittableRandom(streamId.hashCode() * 17L + index);
        final int[] offsets = new int[count];
        for (int i = 0; i < count; i++) {
            offsets[i] = random.nextInt(Math.max(1, spanUs));
        }
        java.util.Arrays.sort(offsets);
        final byte[] id = streamId.getBytes(StandardCharsets.UTF_8);
        final byte[] session = session(streamId);
        final byte[] bytes =
                new byte
                        [FrameEncoder.frameLength(
                                FrameKind.EVENTS, 0, count, id.length, session.length)];
        final FrameEncoder encoder =
                new FrameEncoder()
                        .wrap(new UnsafeBuffer(bytes), 0)
                        .kind(FrameKind.EVENTS)
                        .modality(modality)
                        .flags(flags)
                        .sequence(index)
                        .deviceTimeNs(startUs * 1000L)
                        .periodNs(1000L)
                        .ingestTimeNs(2_000L + index)
                        .counts(0, count)
                        .ids(id, session);
        for (int i = 0; i < count; i++) {
            // bursts: a third of the events crowd onto a few addresses, the rest anywhere
            final int address =
                    random.nextInt(3) == 0
                            ? (int) (index % 4) * (addresses / 4)
                                    + random.nextInt(Math.max(1, addresses / 4))
                            : random.nextInt(addresses);
            encoder.putEvent(i, offsets[i], address, (short) 0, (byte) 1, 1f);
        }
        encoder.finish();
        return new FrameRecord(streamId, startUs * 1000L, modality, bytes);
    }

    /**
     * A SPIKES frame of a population of {@code units}: the spikes {@code times[i]} (us from the
     * frame's start) of units {@code units[i]}, device time {@code startUs}, time unit 1 us,
     * channel count = the population, with {@code flags}.
     */
    static FrameRecord spikes(
            final String streamId,
            final long index,
            final long startUs,
            final int population,
            final int[] offsetsUs,
            final int[] addresses,
            final int flags) {
        final byte[] id = streamId.getBytes(StandardCharsets.UTF_8);
        final byte[] session = session(streamId);
        final int count = offsetsUs.length;
        final byte[] bytes =
                new byte
                        [FrameEncoder.frameLength(
                                FrameKind.EVENTS, population, count, id.length, session.length)];
        final FrameEncoder encoder =
                new FrameEncoder()
                        .wrap(new UnsafeBuffer(bytes), 0)
                        .kind(FrameKind.EVENTS)
                        .modality(Modality.SPIKES)
                        .flags(flags)
                        .sequence(index)
                        .deviceTimeNs(startUs * 1000L)
                        .periodNs(1000L)
                        .ingestTimeNs(3_000L + index)
                        .counts(population, count)
                        .ids(id, session);
        for (int i = 0; i < count; i++) {
            encoder.putEvent(i, offsetsUs[i], addresses[i], (short) 0, (byte) 1, 1f);
        }
        encoder.finish();
        return new FrameRecord(streamId, startUs * 1000L, Modality.SPIKES, bytes);
    }

    private static byte[] session(final String streamId) {
        final int slash = streamId.indexOf('/');
        return (slash < 0 ? streamId : streamId.substring(0, slash))
                .getBytes(StandardCharsets.UTF_8);
    }
}
