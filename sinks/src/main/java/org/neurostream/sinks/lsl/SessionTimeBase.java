package org.neurostream.sinks.lsl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.neurostream.ingest.journal.SessionMetadata;

/**
 * Device time back to LSL time, from the session metadata of streams read from LSL: LSL time =
 * {@code lsl_origin} + device time (the origin is the clock-corrected LSL stamp of the stream's
 * first sample, on this machine's LSL clock). The file is read again, at most every 200 ms, when a
 * stream is asked for that it does not know yet (its first sample had not come when it was last
 * read). One instance serves one thread.
 */
public final class SessionTimeBase {
    private static final long REREAD_NS = 200_000_000L;

    private final Path file;
    private final Map<String, Stream> streams = new HashMap<>();
    private long lastReadNs = System.nanoTime() - 2 * REREAD_NS;

    private record Stream(double origin, long periodNs) {}

    /** The time base of the session whose metadata {@code file} holds (may not exist yet). */
    public SessionTimeBase(final Path file) {
        this.file = file;
    }

    /**
     * The LSL time of the last sample of a window of {@code streamId} that ends (exclusive) at
     * device time {@code endNs}: origin + (endNs - one sample period) / 1e9.
     *
     * @return the LSL time in seconds, or NaN when the stream's origin is not known
     */
    public double lastSampleTime(final String streamId, final long endNs) {
        final Stream s = stream(streamId);
        return s == null ? Double.NaN : s.origin + (endNs - s.periodNs) / 1e9;
    }

    /**
     * The LSL time of device time {@code deviceNs} of {@code streamId}.
     *
     * @return the LSL time in seconds, or NaN when the stream's origin is not known
     */
    public double lslTime(final String streamId, final long deviceNs) {
        final Stream s = stream(streamId);
        return s == null ? Double.NaN : s.origin + deviceNs / 1e9;
    }

    private Stream stream(final String streamId) {
        Stream s = streams.get(streamId);
        if (s == null && System.nanoTime() - lastReadNs >= REREAD_NS) {
            read();
            s = streams.get(streamId);
        }
        return s;
    }

    private void read() {
        lastReadNs = System.nanoTime();
        if (!Files.isRegularFile(file)) {
            return;
        }
        final SessionMetadata m;
        try {
            m = SessionMetadata.readFrom(file);
        } catch (final IOException e) {
            // written atomically: an unreadable file is not there yet or was replaced; next time
            return;
        }
        for (final SessionMetadata.Stream st : m.streams) {
            if (st.lslOrigin != null && st.streamId != null) {
                final long period =
                        st.sampleRate > 0 ? Math.max(1, Math.round(1e9 / st.sampleRate)) : 1;
                streams.put(st.streamId, new Stream(st.lslOrigin, period));
            }
        }
    }
}
