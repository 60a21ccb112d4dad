package org.neurostream.ingest.dvs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.neurostream.core.frame.EventAddressing;

/**
 * Reads an event-camera file to its end, counting its events and, when asked, writing them as CSV:
 * {@code t_us,x,y,p}, or {@code t_us,address} through an {@link EventAddressing} (the input of the
 * motif detector; events outside the sensor are left out and counted). A file that turns corrupt
 * part-way keeps the events before the fault, and the fault is returned, not thrown.
 */
public final class EventFileExport {
    private static final int BATCH = 1 << 16;

    /** Counts and times over everything read. */
    public static final class Stats {
        private long count;
        private long on;
        private long first;
        private long last;
        private long min = Long.MAX_VALUE;
        private long max = Long.MIN_VALUE;
        private long outside;

        private void add(final EventBatch batch) {
            final long[] t = batch.t();
            final byte[] p = batch.p();
            final int n = batch.size();
            if (count == 0) {
                first = t[0];
            }
            for (int i = 0; i < n; i++) {
                on += p[i];
                min = Math.min(min, t[i]);
                max = Math.max(max, t[i]);
            }
            last = t[n - 1];
            count += n;
        }

        /** Events read. */
        public long count() {
            return count;
        }

        /** ON events (p = 1). */
        public long on() {
            return on;
        }

        /** Time of the first event, us. */
        public long first() {
            return first;
        }

        /** Time of the last event, us. */
        public long last() {
            return last;
        }

        /** Latest minus earliest event time, us. */
        public long span() {
            return max - min;
        }

        /** Events outside the sensor, left out of the addresses. */
        public long outside() {
            return outside;
        }
    }

    /** What a pass read, and the fault that ended it early, or null. */
    public record Result(Stats stats, EventFormatException fault) {
        /**
         * The {@code events --summary} lines, {@code key: value} each: file, format, geometry
         * ({@code w} x {@code h}, unknown when not positive), counts, times, the declared count
         * where the file has one, the time-order policy and its count, and with {@code addressing}
         * the address count and the events outside the sensor.
         */
        public List<String> summary(
                final Path file,
                final EventFileReader reader,
                final int w,
                final int h,
                final EventAddressing addressing) {
            final List<String> lines = new ArrayList<>();
            lines.add("file: " + file);
            lines.add(
                    "format: "
                            + reader.format().name().toLowerCase(Locale.ROOT)
                            + " ("
                            + reader.format().description()
                            + ")");
            lines.add("geometry: " + (w > 0 && h > 0 ? w + "x" + h : "unknown"));
            lines.add("count: " + stats.count());
            lines.add("on: " + stats.on());
            lines.add("off: " + (stats.count() - stats.on()));
            if (stats.count() > 0) {
                lines.add("t_first_us: " + stats.first());
                lines.add("t_last_us: " + stats.last());
                lines.add("span_us: " + stats.span());
            }
            reader.declaredEventCount().ifPresent(n -> lines.add("declared_count: " + n));
            lines.add("time_order: " + reader.timeOrder());
            lines.add("backwards: " + reader.backwardsCount());
            if (addressing != null) {
                lines.add(
                        "addresses: "
                                + addressing.addressCount()
                                + " (shift "
                                + addressing.shift()
                                + ")");
                lines.add("outside: " + stats.outside());
            }
            return lines;
        }
    }

    private EventFileExport() {}

    /**
     * Reads {@code reader} to its end.
     *
     * @param out the CSV file to write, or null to only count
     * @param addressing maps events to addresses (rows {@code t_us,address}), or null for {@code
     *     t_us,x,y,p}
     * @throws IOException when the CSV cannot be written or the file cannot be read at all
     */
    public static Result run(
            final EventFileReader reader, final Path out, final EventAddressing addressing)
            throws IOException {
        final Stats stats = new Stats();
        EventFormatException fault = null;
        final EventBatch batch = new EventBatch(BATCH);
        final int[] mapped = addressing == null ? null : new int[BATCH];
        try (EventCsvWriter csv =
                out == null
                        ? null
                        : new EventCsvWriter(
                                out, addressing == null ? "t_us,x,y,p" : "t_us,address")) {
            try {
                while (reader.read(batch) > 0) {
                    stats.add(batch);
                    if (addressing != null) {
                        stats.outside +=
                                addressing.map(
                                        batch.x(), batch.y(), batch.p(), batch.size(), mapped);
                        csv.writeAddresses(batch, mapped);
                    } else if (csv != null) {
                        csv.writeEvents(batch);
                    }
                }
            } catch (final EventFormatException e) {
                fault = e;
            }
        }
        return new Result(stats, fault);
    }
}
