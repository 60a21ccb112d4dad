package org.neurostream.ingest.dvs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

    /**
     * What {@link #export} did.
     *
     * @param summary the {@code events --summary} lines ({@link Result#summary})
     * @param warnings one line each: events outside the sensor left out, the fault that ended the
     *     file early
     * @param partial whether a fault ended the file early (the events before it were kept)
     */
    public record Outcome(List<String> summary, List<String> warnings, boolean partial) {}

    private EventFileExport() {}

    /**
     * Reads {@code input} to its end as {@code events} does (see {@link #run}): into the CSV {@code
     * out} (null: only count), with addresses on a grid of 2^shift-pixel blocks when {@code
     * addresses}; the sensor size is {@code width} x {@code height} where given, else the file's.
     *
     * @throws IllegalArgumentException with one line naming {@code input} when it is missing,
     *     unreadable or no event file, or when addresses need a sensor size nobody gives
     * @throws IOException when the CSV cannot be written
     */
    public static Outcome export(
            final Path input,
            final Path out,
            final boolean addresses,
            final int shift,
            final Integer width,
            final Integer height,
            final TimeOrder order)
            throws IOException {
        try (EventFileReader reader = open(input, order)) {
            final int w = width != null ? width : reader.width();
            final int h = height != null ? height : reader.height();
            final EventAddressing addressing = addresses ? addressing(input, w, h, shift) : null;
            final Result result = run(reader, out, addressing);
            final List<String> warnings = new ArrayList<>();
            if (addressing != null && result.stats().outside() > 0) {
                warnings.add(
                        result.stats().outside()
                                + " events outside the "
                                + w
                                + "x"
                                + h
                                + " sensor left out");
            }
            if (result.fault() != null) {
                warnings.add(
                        result.fault().getMessage()
                                + " (the "
                                + result.stats().count()
                                + " events before it were kept)");
            }
            return new Outcome(
                    result.summary(input, reader, w, h, addressing),
                    warnings,
                    result.fault() != null);
        }
    }

    private static EventFileReader open(final Path input, final TimeOrder order) {
        if (!Files.isRegularFile(input)) {
            throw new IllegalArgumentException(input + ": no such file");
        }
        try {
            return EventFileReader.open(input, order);
        } catch (final EventFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (final NoSuchFileException e) {
            throw new IllegalArgumentException(input + ": no such file", e);
        } catch (final IOException e) {
            throw new IllegalArgumentException(input + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static EventAddressing addressing(
            final Path input, final int w, final int h, final int shift) {
        if (w <= 0 || h <= 0) {
            throw new IllegalArgumentException(
                    input + ": the file does not give the sensor size; pass --width and --height");
        }
        return new EventAddressing(w, h, shift);
    }

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
