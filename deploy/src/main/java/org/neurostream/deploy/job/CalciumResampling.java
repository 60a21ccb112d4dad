package org.neurostream.deploy.job;

import java.io.IOException;
import org.neurostream.ingest.bridge.FileStreams;
import org.neurostream.ingest.bridge.SampleSource;
import org.neurostream.operators.calcium.PolyphaseResampler;

/**
 * The job's calcium resampling ({@code --resample}) applied where files become streams, so that
 * {@code record --resample HZ} journals calcium streams at one rate: {@code ingest} cannot import
 * the kernel ({@code operators}), so its {@link FileStreams.Resampler} is handed in from here, the
 * module that may import both (docs/architecture.md, "Allowed imports").
 *
 * <p>The samples are those of the job's {@code CalciumResampleFunction}: {@link PolyphaseResampler}
 * streamed over the source, output n at the first input's device time plus n output periods, and no
 * outputs made up from zeros past the end (a stream never ends for the job's kernel either), so a
 * journal recorded at a rate replays as a journal resampled by {@code replay --resample}.
 */
public final class CalciumResampling implements FileStreams.Resampler {
    /** The one instance: it holds nothing. */
    public static final CalciumResampling INSTANCE = new CalciumResampling();

    private CalciumResampling() {}

    /**
     * {@code source} at {@code rateHz}.
     *
     * @throws IllegalArgumentException when the rates are in no ratio the kernel takes
     */
    @Override
    public SampleSource resample(final SampleSource source, final double rateHz) {
        return new Resampled(source, rateHz);
    }

    /** Refuses rates in no ratio the kernel takes ({@link PolyphaseResampler#factors}). */
    @Override
    public void check(final double inHz, final double outHz) {
        PolyphaseResampler.factors(inHz, outHz);
    }

    /** A source's samples streamed through the kernel; allocates only when built. */
    private static final class Resampled implements SampleSource {
        private static final int BLOCK = 256;

        private final SampleSource in;
        private final PolyphaseResampler kernel;
        private final double rate;
        private final int channels;
        private final float[] block;
        private final float[] pending;
        private int pendingStart;
        private int pendingEnd;
        private boolean started;
        private boolean exhausted;
        private long startNs;

        Resampled(final SampleSource in, final double rateHz) {
            this.in = in;
            this.channels = in.channelCount();
            this.kernel = PolyphaseResampler.ofRates(channels, in.sampleRate(), rateHz);
            this.rate = rateHz;
            this.block = new float[BLOCK * channels];
            this.pending = new float[BLOCK * kernel.maxOutputsPerInput() * channels];
        }

        @Override
        public int channelCount() {
            return channels;
        }

        @Override
        public double sampleRate() {
            return rate;
        }

        /** The first input's device time plus {@code sample} output periods. */
        @Override
        public long deviceTimeNs(final long sample, final long periodNs) {
            return startNs + sample * periodNs;
        }

        @Override
        public int read(final float[] dst, final int maxSamples) throws IOException {
            final int max = Math.min(maxSamples, dst.length / channels);
            int done = 0;
            while (done < max) {
                if (pendingStart == pendingEnd) {
                    if (exhausted || !fill()) {
                        break;
                    }
                    continue;
                }
                final int n = Math.min(max - done, (pendingEnd - pendingStart) / channels);
                System.arraycopy(pending, pendingStart, dst, done * channels, n * channels);
                pendingStart += n * channels;
                done += n;
            }
            return done;
        }

        /** Pushes the next input block; false at the end of the input. */
        private boolean fill() throws IOException {
            if (!started) {
                started = true;
                startNs = in.deviceTimeNs(0, Math.round(1e9 / in.sampleRate()));
            }
            final int n = in.read(block, BLOCK);
            if (n == 0) {
                exhausted = true;
                return false;
            }
            pendingStart = 0;
            pendingEnd = 0;
            for (int s = 0; s < n; s++) {
                pendingEnd += kernel.push(block, s * channels, pending, pendingEnd) * channels;
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
