package org.neurostream.ingest.lsl;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What {@code neurostream lsl pull} does: resolves the first stream matching a predicate, reads its
 * samples and writes them as CSV ({@link SampleCsv}) until a count is reached, the stream stays
 * silent for the timeout, it is dropped, or the caller stops.
 */
public final class LslPull {
    /** Why the pull ended. */
    public enum End {
        /** Nothing matched the predicate within the timeout. */
        NOT_FOUND,
        /** The count was reached. */
        COUNT,
        /** The stream was silent for the timeout while its outlet was connected. */
        SILENCE,
        /**
         * The outlet went away (the connection closed or broke) and did not come back within the
         * timeout: the samples it still owed are lost.
         */
        LOST,
        /** The stream was dropped (an incompatible or lost peer). */
        DROPPED,
        /** The caller stopped it. */
        STOPPED
    }

    /** The outcome: how it ended, the samples written, the stream read (null when none matched). */
    public record Result(End end, long samples, StreamInfo stream) {
        /**
         * Why fewer than {@code count} samples came, in one line, when the stream was lost or
         * dropped before; null when the pull is whole (or had no count).
         */
        public String shortfall(final long count, final long timeoutMs) {
            if ((end != End.DROPPED && end != End.LOST) || count <= 0 || samples >= count) {
                return null;
            }
            return String.format(
                    "%s: %d of %d samples: the stream was %s",
                    stream.name(),
                    samples,
                    count,
                    end == End.LOST
                            ? "lost and not recovered within " + timeoutMs + " ms"
                            : "dropped");
        }
    }

    private LslPull() {}

    /**
     * Pulls.
     *
     * @param count samples to write; 0 or less for no limit
     * @param timeoutNs bounds the discovery and any silence of the stream
     * @param corrected whether timestamps get the clock correction added
     */
    public static Result run(
            final LslConfig config,
            final StreamQuery predicate,
            final long count,
            final long timeoutNs,
            final boolean corrected,
            final Writer out,
            final Consumer<String> problems,
            final BooleanSupplier keepGoing)
            throws IOException, InterruptedException {
        final List<StreamInfo> found =
                new LslResolver(config, problems).resolve(predicate, 1, timeoutNs);
        if (found.isEmpty()) {
            return new Result(End.NOT_FOUND, 0, null);
        }
        try (LslInlet inlet = LslInlet.open(found.get(0), config, 10.0, true, problems)) {
            double correction = 0;
            if (corrected) {
                correction = inlet.timeCorrection(timeoutNs);
                if (Double.isNaN(correction)) {
                    problems.accept(
                            found.get(0).name()
                                    + ": no clock offset within the timeout;"
                                    + " timestamps left uncorrected");
                    correction = 0;
                }
            }
            return read(inlet, count, timeoutNs, correction, out, keepGoing);
        }
    }

    /**
     * Writes the samples of an open inlet as CSV until the count is reached, the stream is silent
     * for {@code timeoutNs} (ending {@link End#LOST} when its outlet went away meanwhile and did
     * not come back, {@link End#SILENCE} otherwise), it is dropped, or the caller stops.
     */
    static Result read(
            final LslInlet inlet,
            final long count,
            final long timeoutNs,
            final double correction,
            final Writer out,
            final BooleanSupplier keepGoing)
            throws IOException {
        final SampleCsv csv = new SampleCsv(out, correction);
        csv.header(inlet.info());
        out.flush();
        final long[] written = {0};
        final IOException[] failure = {null};
        final LslInlet.SampleHandler handler =
                s -> {
                    if (failure[0] != null || (count > 0 && written[0] >= count)) {
                        return;
                    }
                    try {
                        csv.row(s);
                        written[0]++;
                    } catch (final IOException e) {
                        failure[0] = e;
                    }
                };
        long lastData = System.nanoTime();
        while (true) {
            if (count > 0 && written[0] >= count) {
                out.flush();
                return new Result(End.COUNT, written[0], inlet.info());
            }
            if (!keepGoing.getAsBoolean()) {
                out.flush();
                return new Result(End.STOPPED, written[0], inlet.info());
            }
            final int max = count > 0 ? (int) Math.min(4096, count - written[0]) : 4096;
            final int n = inlet.pull(handler, max, 100_000_000L);
            if (failure[0] != null) {
                throw failure[0];
            }
            if (n < 0) {
                out.flush();
                return new Result(End.DROPPED, written[0], inlet.info());
            }
            if (n > 0) {
                lastData = System.nanoTime();
                out.flush();
            } else if (System.nanoTime() - lastData > timeoutNs) {
                out.flush();
                // a silence after the outlet went away is a loss, never a quiet end
                final boolean lost = inlet.state() == LslInlet.State.RECOVERING;
                return new Result(lost ? End.LOST : End.SILENCE, written[0], inlet.info());
            }
        }
    }
}
