package org.neurostream.ingest.bridge;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.core.time.WallClock;

/**
 * A recording's marker stream (an NWB interval table or annotation series, EDF+ annotations): each
 * marker sent to the {@link MarkerSink} when its onset is due, in device-time order with the other
 * streams of the file ({@link DeviceTimeOrder}).
 */
final class MarkerFileStream extends FileStream {
    private final String timeBase;
    private final List<MarkerRecord> markers;
    private final DeviceTimeOrder.Participant order;
    private volatile long sent;

    MarkerFileStream(
            final Path file,
            final String session,
            final String source,
            final String name,
            final String timeBase,
            final List<MarkerRecord> markers,
            final DeviceTimeOrder.Participant order) {
        super(file, session, source, null, name);
        this.timeBase = timeBase;
        this.markers = List.copyOf(markers);
        this.order = order;
        counting(() -> sent);
    }

    @Override
    public long frames(final FrameSink sink, final Pacing pacing) {
        order.leave();
        return 0;
    }

    @Override
    public long stream(final FrameSink sink, final MarkerSink out, final Pacing pacing)
            throws IOException {
        try {
            final Pacing turns = pacing.inOrder(order);
            for (final MarkerRecord m : markers) {
                turns.awaitDeviceTime(m.timeNs);
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                out.accept(m, WallClock.epochNanos());
                sent++;
            }
            return sent;
        } finally {
            order.leave();
        }
    }

    @Override
    public String timeBase() {
        return timeBase;
    }

    @Override
    public double sampleRate() {
        return 0;
    }

    @Override
    public List<String> labels() {
        return List.of();
    }

    @Override
    public String describe() {
        return "of " + markers.size() + " markers";
    }

    @Override
    public void close() {
        order.leave();
    }
}
