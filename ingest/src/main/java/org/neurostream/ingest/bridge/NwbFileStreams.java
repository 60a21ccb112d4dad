package org.neurostream.ingest.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.agrona.concurrent.UnsafeBuffer;
import org.neurostream.core.frame.EndOfStream;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameDescriptor;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.Csv;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.core.stream.StreamId;
import org.neurostream.core.time.WallClock;
import org.neurostream.ingest.nwb.NwbAnnotation;
import org.neurostream.ingest.nwb.NwbFile;
import org.neurostream.ingest.nwb.NwbFormatException;
import org.neurostream.ingest.nwb.NwbIntervalRows;
import org.neurostream.ingest.nwb.NwbIntervalTable;
import org.neurostream.ingest.nwb.NwbObject;
import org.neurostream.ingest.nwb.NwbSeries;
import org.neurostream.ingest.nwb.NwbSeriesReader;
import org.neurostream.ingest.nwb.NwbSpikeReader;
import org.neurostream.ingest.nwb.NwbTruncatedException;
import org.neurostream.ingest.nwb.NwbUnitsTable;

/**
 * The streams of an NWB file ({@link FileStreams#openAll}), each {@code <file stem>/<name>}, the
 * name being the series' or table's own (a name two objects share gets their path below the
 * top-level group, {@code /} as {@code _}); device time is the file's session time, so that the
 * streams and markers of one file share one clock:
 *
 * <ul>
 *   <li>an {@code ElectricalSeries} -> EEG samples in microvolts (volts x 1e6, millivolts x 1e3,
 *       the unit EEG frames from EDF carry), frames of {@link FileStreams.Options#frame};
 *   <li>a {@code RoiResponseSeries} -> CALCIUM, one imaging frame per frame: dF/F (frames flagged
 *       {@link FrameDescriptor#FLAG_DFF}, as the {@code calcium} command's {@code --input-is-dff})
 *       when it is named {@code DfOverF}, lies in a {@code DfOverF} container or has the unit dF/F;
 *       raw fluorescence otherwise ({@code Fluorescence}); resampled when the options say so; the
 *       ROI table's neuron names as {@link FileStream#roiLabels()};
 *   <li>any other numeric series of rank 1 or 2 (behaviour {@code TimeSeries}, {@code
 *       SpatialSeries}: speed, position, pupil) -> BEHAVIOR samples in the series' unit, frames of
 *       {@link FileStreams.Options#frame}, or one sample per frame at its own timestamp for a
 *       series with timestamps;
 *   <li>a {@code Units} table -> SPIKES events: address = the unit's 0-based index in the table,
 *       channel count = the units, one frame per window of {@link FileStreams.Options#eventWindow}
 *       on the session's grid (empty windows included, so that time moves on), time unit 1 us;
 *   <li>an interval table (trials, epochs, stimulus presentations) -> a marker stream: per row and
 *       per column other than start_time and stop_time a marker {@code <column>=<value>} from
 *       start_time, lasting until stop_time ({@code row=<i>} for a table of no other column); an
 *       {@code AnnotationSeries} -> a marker stream, one instant marker per annotation.
 * </ul>
 *
 * Series with timestamps are framed at their mean rate, each frame at its first sample's timestamp.
 * Images, waveforms (rank 3 and more) and empty series are left out. All streams of a file take
 * turns in device-time order ({@link DeviceTimeOrder}). Each stream opens the file on its own when
 * it runs, so that the streams read on their own threads.
 */
public final class NwbFileStreams {
    /** Spikes read from the file at a time. */
    private static final int SPIKE_BLOCK = 4096;

    private NwbFileStreams() {}

    /** The streams of {@code file}, data streams first in path order, then the marker streams. */
    static List<FileStream> open(
            final Path file,
            final String session,
            final String source,
            final FileStreams.Options options)
            throws IOException {
        final List<NwbObject> data = new ArrayList<>();
        final List<NwbObject> markers = new ArrayList<>();
        try (NwbFile nwb = NwbFile.open(file)) {
            for (final NwbSeries s : nwb.series()) {
                if (s.isText()) {
                    markers.add(s);
                } else if (s.shape().length <= 2 && s.rows() > 0 && s.columns() > 0) {
                    data.add(s);
                }
            }
            for (final NwbUnitsTable u : nwb.unitsTables()) {
                if (u.spikes() > 0) {
                    data.add(u);
                }
            }
            markers.addAll(nwb.intervalTables());
            final List<NwbObject> all = new ArrayList<>(data);
            all.addAll(markers);
            final Map<String, String> names = names(all);
            final DeviceTimeOrder order = new DeviceTimeOrder(all.size());
            final List<FileStream> streams = new ArrayList<>();
            String timeBase = null;
            for (final NwbObject o : data) {
                final String name = names.get(o.path());
                final DeviceTimeOrder.Participant p = order.participant(streams.size());
                streams.add(
                        o instanceof NwbUnitsTable u
                                ? new Spikes(file, session, source, name, u, options, p)
                                : Samples.of(
                                        file, session, source, name, (NwbSeries) o, options, p));
                if (timeBase == null) {
                    timeBase = StreamId.of(session, name);
                }
            }
            for (final NwbObject o : markers) {
                streams.add(
                        new MarkerFileStream(
                                file,
                                session,
                                source,
                                names.get(o.path()),
                                timeBase,
                                markersOf(nwb, o, StreamId.of(session, names.get(o.path()))),
                                order.participant(streams.size())));
            }
            return streams;
        }
    }

    /** Each object's stream name: its own, or its path below the top group when shared. */
    private static Map<String, String> names(final List<NwbObject> objects) {
        final Map<String, Integer> uses = new HashMap<>();
        for (final NwbObject o : objects) {
            uses.merge(o.name(), 1, Integer::sum);
        }
        final Map<String, String> names = new HashMap<>();
        for (final NwbObject o : objects) {
            if (uses.get(o.name()) == 1) {
                names.put(o.path(), o.name());
            } else {
                final String below = o.path().substring(o.path().indexOf('/', 1) + 1);
                names.put(o.path(), below.replace('/', '_'));
            }
        }
        return names;
    }

    /**
     * The markers of an interval table or annotation series, in time order (stable): an annotation
     * as its text, an interval row as one marker per column ({@code column=value}) from its {@code
     * start_time} for {@code stop_time - start_time}. Shared with {@code lsl play} of an NWB file.
     */
    public static List<MarkerRecord> markersOf(
            final NwbFile nwb, final NwbObject o, final String streamId) throws NwbFormatException {
        final List<MarkerRecord> out = new ArrayList<>();
        if (o instanceof NwbSeries s) {
            for (final NwbAnnotation a : nwb.readAnnotations(s)) {
                out.add(new MarkerRecord(streamId, nanos(a.timeSeconds()), 0, a.text()));
            }
        } else {
            final NwbIntervalRows rows = nwb.readIntervals((NwbIntervalTable) o);
            final double[] start = rows.doubles("start_time");
            final double[] stop = rows.doubles("stop_time");
            final List<String> columns = rows.columns();
            for (int r = 0; r < rows.rows(); r++) {
                final long t = nanos(start[r]);
                final long duration = Math.max(0, nanos(stop[r]) - t);
                boolean any = false;
                for (int c = 0; c < columns.size(); c++) {
                    final String column = columns.get(c);
                    if (column.equals("start_time") || column.equals("stop_time")) {
                        continue;
                    }
                    out.add(
                            new MarkerRecord(
                                    streamId, t, duration, column + "=" + rows.text(r, c)));
                    any = true;
                }
                if (!any) {
                    out.add(new MarkerRecord(streamId, t, duration, "row=" + r));
                }
            }
        }
        out.sort((a, b) -> Long.compare(a.timeNs, b.timeNs));
        return out;
    }

    private static long nanos(final double seconds) {
        return Math.round(seconds * 1e9);
    }

    /** A data stream's share of the file's order, and the file it reads on its own. */
    private abstract static class Stream extends FileStream {
        final DeviceTimeOrder.Participant order;
        volatile String truncation;

        Stream(
                final Path file,
                final String session,
                final String source,
                final Modality modality,
                final String name,
                final DeviceTimeOrder.Participant order) {
            super(file, session, source, modality, name);
            this.order = order;
        }

        @Override
        public final long frames(final FrameSink sink, final Pacing pacing) throws IOException {
            try (NwbFile nwb = NwbFile.open(file())) {
                return send(nwb, sink, pacing.inOrder(order));
            } finally {
                order.leave();
            }
        }

        abstract long send(NwbFile nwb, FrameSink sink, Pacing pacing) throws IOException;

        @Override
        public final String truncation() {
            return truncation;
        }

        /** Leaves the file's order, so that a stream never run holds no other back. */
        @Override
        public void close() {
            order.leave();
        }
    }

    /** A numeric series as SAMPLES frames: EEG, CALCIUM or BEHAVIOR. */
    private static final class Samples extends Stream {
        private final NwbSeries series;
        private final double scale;
        private final String unit;
        private final int flags;
        private final double rate;
        private final FileStreams.Options options;
        private final UnaryOperator<SampleSource> resample;

        private Samples(
                final Path file,
                final String session,
                final String source,
                final String name,
                final NwbSeries series,
                final Modality modality,
                final double scale,
                final String unit,
                final int flags,
                final double rate,
                final FileStreams.Options options,
                final DeviceTimeOrder.Participant order) {
            super(file, session, source, modality, name, order);
            this.series = series;
            this.scale = scale;
            this.unit = unit;
            this.flags = flags;
            this.rate = rate;
            this.options = options;
            this.resample = modality == Modality.CALCIUM ? options.calciumResample() : null;
        }

        static Samples of(
                final Path file,
                final String session,
                final String source,
                final String name,
                final NwbSeries s,
                final FileStreams.Options options,
                final DeviceTimeOrder.Participant order)
                throws IOException {
            final String unit = s.unit();
            final String lower = unit.toLowerCase(Locale.ROOT);
            if (!(s.startSeconds() >= 0)) {
                throw new NwbFormatException(
                        file,
                        s.path(),
                        "starts at "
                                + s.startSeconds()
                                + " s, before the session's reference time");
            }
            final double rate = s.isRegular() ? s.rate() : meanRate(file, s);
            if (s.type().equals("ElectricalSeries")) {
                final double scale =
                        lower.equals("volts") || lower.equals("v")
                                ? 1e6
                                : lower.equals("millivolts") || lower.equals("mv") ? 1e3 : 1.0;
                return new Samples(
                        file,
                        session,
                        source,
                        name,
                        s,
                        Modality.EEG,
                        scale,
                        scale == 1 ? unit : "uV",
                        0,
                        rate,
                        options,
                        order);
            }
            if (s.type().equals("RoiResponseSeries")) {
                try {
                    options.checkCalcium(rate);
                } catch (final IllegalArgumentException e) {
                    throw new NwbFormatException(file, s.path(), e.getMessage());
                }
                final boolean dff =
                        s.name().equalsIgnoreCase("DfOverF")
                                || "DfOverF".equals(s.parentType())
                                || lower.replace(" ", "").matches("df/f0?");
                return new Samples(
                        file,
                        session,
                        source,
                        name,
                        s,
                        Modality.CALCIUM,
                        1.0,
                        unit,
                        dff ? FrameDescriptor.FLAG_DFF : 0,
                        rate,
                        options,
                        order);
            }
            return new Samples(
                    file,
                    session,
                    source,
                    name,
                    s,
                    Modality.BEHAVIOR,
                    1.0,
                    unit,
                    0,
                    rate,
                    options,
                    order);
        }

        /** Samples per second of a series with timestamps: (rows - 1) / (last - first). */
        private static double meanRate(final Path file, final NwbSeries s) throws IOException {
            if (s.rows() < 2) {
                return 1.0;
            }
            try (NwbFile nwb = NwbFile.open(file)) {
                final NwbSeriesReader r = nwb.openSeries(s);
                r.seek(s.rows() - 1);
                final double[] v = new double[s.columns()];
                final double[] t = new double[1];
                r.read(v, t, 1);
                final double span = t[0] - s.startSeconds();
                if (!(span > 0)) {
                    throw new NwbFormatException(
                            file,
                            s.path() + "/timestamps",
                            "the last timestamp "
                                    + t[0]
                                    + " is not after the first "
                                    + s.startSeconds());
                }
                return (s.rows() - 1) / span;
            }
        }

        @Override
        long send(final NwbFile nwb, final FrameSink sink, final Pacing pacing) throws IOException {
            final SessionClockSource clock =
                    new SessionClockSource(nwb.openSeries(series).scaledBy(scale), rate);
            final SampleSource source = resample != null ? resample.apply(clock) : clock;
            final FrameBridge bridge = new FrameBridge(sink, modality(), session(), streamName());
            counting(bridge::framesSent);
            final long sent = bridge.run(source, samplesPerFrame(source), flags, pacing);
            truncation = clock.truncation;
            return sent;
        }

        private int samplesPerFrame(final SampleSource source) {
            if (modality() == Modality.CALCIUM) {
                return 1; // one imaging frame per frame, as calcium trace files
            }
            if (!series.isRegular() && resample == null) {
                return 1; // each sample at its own timestamp
            }
            return Math.max(
                    1, (int) Math.round(options.frame().toNanos() / 1e9 * source.sampleRate()));
        }

        @Override
        public double sampleRate() {
            return resample != null ? options.calciumResampleHz() : rate;
        }

        @Override
        public List<String> labels() {
            return series.labels();
        }

        @Override
        public String unit() {
            final boolean unnamed = unit.isEmpty() || unit.equalsIgnoreCase("n.a.");
            return (flags & FrameDescriptor.FLAG_DFF) != 0 && unnamed ? "dF/F" : unit;
        }

        @Override
        public List<String> roiLabels() {
            return series.neuronLabels();
        }

        @Override
        public String describe() {
            return "of "
                    + series.columns()
                    + (modality() == Modality.CALCIUM ? " ROIs" : " channels")
                    + " at "
                    + Csv.number(sampleRate())
                    + " Hz"
                    + ((flags & FrameDescriptor.FLAG_DFF) != 0 ? " (dF/F)" : "");
        }
    }

    /**
     * A series on the session's clock: device time of sample i = starting_time + i x period, or the
     * sample's timestamp (kept for the block read last); a truncated file ends the samples and is
     * remembered instead of thrown.
     */
    static final class SessionClockSource implements SampleSource {
        private final NwbSeriesReader reader;
        private final double rate;
        private final long startNs;
        private final boolean timestamps;
        private double[] values = new double[0];
        private double[] times = new double[0];
        private long[] blockNs = new long[0];
        private long blockFirst;
        private int blockLength;
        private String truncation;

        SessionClockSource(final NwbSeriesReader reader, final double rate) {
            this.reader = reader;
            this.rate = rate;
            this.startNs = reader == null ? 0 : nanos(reader.series().startSeconds());
            this.timestamps = reader != null && !reader.series().isRegular();
        }

        @Override
        public int channelCount() {
            return reader.channelCount();
        }

        @Override
        public double sampleRate() {
            return rate;
        }

        @Override
        public int read(final float[] dst, final int maxSamples) throws IOException {
            final long first = reader.position();
            try {
                if (!timestamps) {
                    return reader.read(dst, maxSamples);
                }
                final int channels = reader.channelCount();
                final int max = Math.min(maxSamples, dst.length / channels);
                if (times.length < max) {
                    values = new double[max * channels];
                    times = new double[max];
                    blockNs = new long[max];
                }
                final int n = reader.read(values, times, max);
                for (int i = 0; i < n * channels; i++) {
                    dst[i] = (float) values[i];
                }
                for (int i = 0; i < n; i++) {
                    blockNs[i] = nanos(times[i]);
                }
                if (n > 0) {
                    blockFirst = first;
                    blockLength = n;
                }
                return n;
            } catch (final NwbTruncatedException e) {
                truncation = e.getMessage();
                return 0;
            }
        }

        @Override
        public long deviceTimeNs(final long sample, final long periodNs) {
            if (!timestamps || blockLength == 0) {
                return startNs + sample * periodNs;
            }
            final long i = sample - blockFirst;
            if (i >= 0 && i < blockLength) {
                return blockNs[(int) i];
            }
            return i < 0
                    ? blockNs[0] + i * periodNs
                    : blockNs[blockLength - 1] + (i - blockLength + 1) * periodNs;
        }

        @Override
        public void close() {}
    }

    /** A units table as SPIKES event frames on the session's grid of windows. */
    private static final class Spikes extends Stream {
        private final NwbUnitsTable units;
        private final long windowNs;
        private volatile long spikes;

        Spikes(
                final Path file,
                final String session,
                final String source,
                final String name,
                final NwbUnitsTable units,
                final FileStreams.Options options,
                final DeviceTimeOrder.Participant order) {
            super(file, session, source, Modality.SPIKES, name, order);
            this.units = units;
            this.windowNs = options.eventWindow().toNanos();
        }

        @Override
        long send(final NwbFile nwb, final FrameSink sink, final Pacing pacing) throws IOException {
            final NwbSpikeReader reader = nwb.openSpikes(units);
            final SpikeFramer framer =
                    new SpikeFramer(session(), streamName(), units.units(), windowNs);
            counting(framer::frames);
            final double[] times = new double[SPIKE_BLOCK];
            final int[] index = new int[SPIKE_BLOCK];
            int n;
            try {
                while ((n = reader.readIndices(times, index)) > 0) {
                    for (int i = 0; i < n; i++) {
                        final long t = nanos(times[i]);
                        if (t < 0) {
                            throw new NwbFormatException(
                                    file(),
                                    units.path() + "/spike_times",
                                    "a spike at "
                                            + times[i]
                                            + " s, before the session's reference time");
                        }
                        if (!framer.add(t, index[i], sink, pacing)) {
                            return framer.frames();
                        }
                    }
                    spikes += n;
                }
            } catch (final NwbTruncatedException e) {
                truncation = e.getMessage();
            }
            framer.finish(sink, pacing);
            return framer.frames();
        }

        @Override
        public double sampleRate() {
            return 0;
        }

        @Override
        public List<String> labels() {
            final List<String> ids = new ArrayList<>();
            for (final long id : units.unitIds()) {
                ids.add(Long.toString(id));
            }
            return ids;
        }

        @Override
        public String describe() {
            return "of " + spikes + " spikes of " + units.units() + " units";
        }
    }

    /**
     * Cuts time-ordered spikes into EVENTS frames of modality SPIKES, one per window {@code [k W,
     * (k + 1) W)} of the session's clock from the first spike's window on, empty ones included:
     * device time = the window's start, time unit 1 us, address = unit index, y 0, polarity 1,
     * amplitude 1, channel count = the units. Each frame goes out when its window's end is due.
     */
    static final class SpikeFramer {
        private static final long NS_PER_US = 1000;

        private final FrameEncoder encoder = new FrameEncoder();
        private final byte[] streamId;
        private final byte[] sessionId;
        private final int units;
        private final long windowNs;
        private int[] offsets = new int[1024];
        private int[] addresses = new int[1024];
        private int held;
        private long window = -1;
        private long sequence;
        private byte[] last;

        SpikeFramer(
                final String session, final String stream, final int units, final long windowNs) {
            this.streamId = StreamId.of(session, stream).getBytes(StandardCharsets.UTF_8);
            this.sessionId = session.getBytes(StandardCharsets.UTF_8);
            this.units = units;
            this.windowNs = Math.max(NS_PER_US, windowNs);
        }

        long frames() {
            return sequence;
        }

        /**
         * Adds a spike at {@code tNs} of unit {@code address}, sending the windows it closes.
         *
         * @return false when the thread was interrupted (nothing more is sent)
         */
        boolean add(final long tNs, final int address, final FrameSink sink, final Pacing pacing)
                throws IOException {
            final long w = tNs / windowNs;
            if (window < 0) {
                window = w;
            }
            while (w > window) {
                if (!send(sink, pacing)) {
                    return false;
                }
                window++;
            }
            if (held == offsets.length) {
                offsets = java.util.Arrays.copyOf(offsets, 2 * held);
                addresses = java.util.Arrays.copyOf(addresses, 2 * held);
            }
            offsets[held] = (int) ((tNs - window * windowNs) / NS_PER_US);
            addresses[held++] = address;
            return true;
        }

        /** Sends the last window and the end of the stream. */
        void finish(final FrameSink sink, final Pacing pacing) throws IOException {
            if (window >= 0 && send(sink, pacing) && !Thread.currentThread().isInterrupted()) {
                final long ingestNs = WallClock.epochNanos();
                sink.accept(
                        streamId,
                        EndOfStream.after(
                                new FrameDecoder().wrap(new UnsafeBuffer(last), 0), ingestNs),
                        ingestNs);
            }
        }

        private boolean send(final FrameSink sink, final Pacing pacing) throws IOException {
            final byte[] bytes =
                    new byte
                            [FrameEncoder.frameLength(
                                    FrameKind.EVENTS,
                                    units,
                                    held,
                                    streamId.length,
                                    sessionId.length)];
            encoder.wrap(new UnsafeBuffer(bytes), 0)
                    .kind(FrameKind.EVENTS)
                    .modality(Modality.SPIKES)
                    .sequence(sequence)
                    .deviceTimeNs(window * windowNs)
                    .periodNs(NS_PER_US)
                    .counts(units, held)
                    .ids(streamId, sessionId);
            for (int i = 0; i < held; i++) {
                encoder.putEvent(i, offsets[i], addresses[i], (short) 0, (byte) 1, 1f);
            }
            encoder.finish();
            held = 0;
            pacing.awaitDeviceTime((window + 1) * windowNs);
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
            final long ingestNs = WallClock.epochNanos();
            FrameEncoder.stampIngestTime(new UnsafeBuffer(bytes), 0, ingestNs);
            sink.accept(streamId, bytes, ingestNs);
            last = bytes;
            sequence++;
            return true;
        }
    }
}
