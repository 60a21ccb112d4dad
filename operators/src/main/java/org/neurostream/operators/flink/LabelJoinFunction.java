package org.neurostream.operators.flink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.core.records.FiringRateRecord;
import org.neurostream.core.records.LabelledWindowRecord;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.core.stream.StreamId;

/**
 * Joins each neural feature window of a session (a band-power record, a population vector) on event
 * time with what the session's behaviour and marker streams said at the window's end (README, "Time
 * and determinism"): an event-time interval join keyed by session ({@link StreamId#session}),
 * driven by the watermark, so that the same journal gives the same records on every replay. Its
 * input is one {@link Input} per window, behaviour frame or marker.
 *
 * <ul>
 *   <li>behaviour value of a stream at end e: its last sample at or before e (columns of a stream
 *       of several named {@code <stream id>[c]}); a stream without one is left out;
 *   <li>label: the markers active at e: an interval marker from its onset to onset + duration
 *       (exclusive), an instant one (duration 0) from its onset until the next marker of its
 *       stream; each as {@code <marker stream name>.<label>}, in order of marker stream id, then
 *       onset, joined by {@code ;}; null when none is.
 * </ul>
 *
 * A window where no marker is active and no behaviour stream has a value at its end is left out
 * (counted in {@value #UNLABELLED_WINDOWS}): it would only repeat its band-power or firing-rate
 * record. A window is emitted when the watermark passes its end (ms), the least of its inputs'
 * watermarks (the job gives the markers a watermark of their own, apart from the frames'): by then
 * every behaviour frame and marker up to its end has arrived, whatever the arrival order (markers
 * that came early wait in state until their time), as long as the input is not later than the
 * watermark allows (a window that arrives after the watermark passed its end is emitted at once
 * with what is there, counted in {@value #LATE_WINDOWS}; behaviour and markers that late are
 * missed; markers stay {@link #MARKER_RETENTION_NS} after they end, so a late window still finds
 * them). Windows of one watermark come out in order of end, stream id, start.
 *
 * <p>State (Flink keyed state, per session, with versioned serializers: {@link
 * LabelWindowSerializer}, {@link BehaviorSamplesSerializer}, {@link ActiveMarkersSerializer}; the
 * POJO-serialized state of earlier releases migrates on restore): the windows waiting for the
 * watermark, per behaviour stream its samples from the last one before the watermark on, per marker
 * stream the markers that may still be active. The {@link IdleTimeout} of {@link #withIdleTimeout}
 * frees a session that stopped sending.
 */
public final class LabelJoinFunction
        extends KeyedProcessFunction<String, LabelJoinFunction.Input, LabelledWindowRecord> {
    private static final long serialVersionUID = 1L;

    /** Metric: windows that arrived after the watermark had passed their end. */
    public static final String LATE_WINDOWS = "lateWindows";

    /**
     * Metric: windows left out because no marker was active and no behaviour stream had a value at
     * their end (their features are in the band-power or firing-rate output already).
     */
    public static final String UNLABELLED_WINDOWS = "unlabelledWindows";

    private static final long NS_PER_MS = 1_000_000L;

    /**
     * How long (device time) a marker stays in state after it ended: a window that comes after the
     * watermark passed its end (its stream behind another of its source split by more than the
     * out-of-orderness, as when a consumer catches up on several partitions) still finds the
     * markers that were active at its end. Markers are few (trials, cues), so this costs little.
     */
    static final long MARKER_RETENTION_NS = 600_000_000_000L;

    private IdleTimeout idleTimeout = IdleTimeout.NONE;
    private transient ListState<Input> windows;
    private transient MapState<String, Samples> behavior;
    private transient MapState<String, Markers> markers;
    private transient StreamExpiry expiry;
    private transient Counter late;
    private transient Counter unlabelled;

    /** The join's input: a feature window, a behaviour frame's samples, or a marker. */
    public static class Input {
        /** A feature window. */
        public static final int WINDOW = 0;

        /** A behaviour frame's samples. */
        public static final int BEHAVIOR = 1;

        /** A marker. */
        public static final int MARKER = 2;

        /** {@link #WINDOW}, {@link #BEHAVIOR} or {@link #MARKER}. */
        public int kind;

        /** The stream it belongs to. */
        public String streamId;

        /** A window's record kind ("bandpower", "firing_rate"); a marker's label. */
        public String text;

        /** A window's start; a frame's first sample; a marker's onset; device ns. */
        public long startNs;

        /** A window's end; a marker's duration (ns). */
        public long endNs;

        /** A window's ingest stamp. */
        public long ingestNs;

        /** A behaviour frame's sample period, ns. */
        public long periodNs;

        /** A behaviour frame's channels. */
        public int channels;

        /** A window's features; a frame's samples, sample-major. */
        public double[] values;

        public Input() {}

        /** A deep copy (the state serializer's copy). */
        Input copy() {
            final Input c = new Input();
            c.kind = kind;
            c.streamId = streamId;
            c.text = text;
            c.startNs = startNs;
            c.endNs = endNs;
            c.ingestNs = ingestNs;
            c.periodNs = periodNs;
            c.channels = channels;
            c.values = values == null ? null : values.clone();
            return c;
        }

        /** The window of a band-power record: its band power as features. */
        public static Input of(final BandPowerRecord r) {
            return window(
                    r.streamId, BandPowerRecord.KIND, r.startNs, r.endNs, r.ingestNs, r.bandPower);
        }

        /** The window of a population vector: its spike counts as features. */
        public static Input of(final FiringRateRecord r) {
            final double[] counts = new double[r.counts.length];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = r.counts[i];
            }
            return window(
                    r.streamId, FiringRateRecord.KIND, r.startNs, r.endNs, r.ingestNs, counts);
        }

        private static Input window(
                final String streamId,
                final String kind,
                final long start,
                final long end,
                final long ingest,
                final double[] features) {
            final Input in = new Input();
            in.kind = WINDOW;
            in.streamId = streamId;
            in.text = kind;
            in.startNs = start;
            in.endNs = end;
            in.ingestNs = ingest;
            in.values = features;
            return in;
        }

        /** A marker. */
        public static Input of(final MarkerRecord m) {
            final Input in = new Input();
            in.kind = MARKER;
            in.streamId = m.streamId;
            in.text = m.label;
            in.startNs = m.timeNs;
            in.endNs = m.durationNs;
            return in;
        }

        /** A behaviour frame's samples (an empty frame, such as a stream's end, has none). */
        public static Input of(final FrameRecord f) {
            final FrameDecoder d = new FrameDecoder().wrap(new UnsafeBuffer(f.bytes), 0);
            final Input in = new Input();
            in.kind = BEHAVIOR;
            in.streamId = f.streamId;
            in.startNs = d.deviceTimeNs();
            in.periodNs = d.periodNs();
            if (d.kind() == FrameKind.SAMPLES) {
                in.channels = d.channelCount();
                in.values = new double[d.channelCount() * d.elementCount()];
                for (int s = 0; s < d.elementCount(); s++) {
                    for (int c = 0; c < in.channels; c++) {
                        in.values[s * in.channels + c] = d.sample(s, c);
                    }
                }
            } else {
                in.values = new double[0];
            }
            return in;
        }
    }

    /** A behaviour stream's recent samples (a Flink POJO). */
    public static class Samples {
        public int channels;
        public int size;
        public long[] times = new long[0];
        public double[] values = new double[0];

        public Samples() {}

        /** A deep copy (the state serializer's copy). */
        Samples copy() {
            final Samples c = new Samples();
            c.channels = channels;
            c.size = size;
            c.times = times.clone();
            c.values = values.clone();
            return c;
        }

        void add(final long t, final double[] v, final int from) {
            if (size == times.length) {
                times = Arrays.copyOf(times, Math.max(8, 2 * size));
                values = Arrays.copyOf(values, Math.max(8, 2 * size) * channels);
            }
            times[size] = t;
            System.arraycopy(v, from, values, size * channels, channels);
            size++;
        }

        /** The index of the last sample at or before t, or -1. */
        int lastAtOrBefore(final long t) {
            int i = size - 1;
            while (i >= 0 && times[i] > t) {
                i--;
            }
            return i;
        }

        /** Drops the samples before the last one at or before t. */
        void pruneBefore(final long t) {
            final int keep = lastAtOrBefore(t);
            if (keep > 0) {
                System.arraycopy(times, keep, times, 0, size - keep);
                System.arraycopy(values, keep * channels, values, 0, (size - keep) * channels);
                size -= keep;
            }
        }
    }

    /** A marker stream's markers that may still be active (a Flink POJO). */
    public static class Markers {
        public int size;
        public long[] onsets = new long[0];
        public long[] durations = new long[0];
        public String[] labels = new String[0];

        public Markers() {}

        /** A deep copy (the state serializer's copy). */
        Markers copy() {
            final Markers c = new Markers();
            c.size = size;
            c.onsets = onsets.clone();
            c.durations = durations.clone();
            c.labels = labels.clone();
            return c;
        }

        void add(final long onset, final long duration, final String label) {
            if (size == onsets.length) {
                final int n = Math.max(8, 2 * size);
                onsets = Arrays.copyOf(onsets, n);
                durations = Arrays.copyOf(durations, n);
                labels = Arrays.copyOf(labels, n);
            }
            int i = size++;
            while (i > 0 && onsets[i - 1] > onset) { // onset order, stable
                onsets[i] = onsets[i - 1];
                durations[i] = durations[i - 1];
                labels[i] = labels[i - 1];
                i--;
            }
            onsets[i] = onset;
            durations[i] = duration;
            labels[i] = label;
        }

        /** Whether marker i is active at t. */
        boolean activeAt(final int i, final long t) {
            if (onsets[i] > t) {
                return false;
            }
            if (durations[i] > 0) {
                return t < onsets[i] + durations[i];
            }
            return i + 1 >= size || onsets[i + 1] > t;
        }

        /** Drops the markers no longer active at any time after t. */
        void pruneBefore(final long t) {
            int kept = 0;
            for (int i = 0; i < size; i++) {
                final boolean over =
                        durations[i] > 0
                                ? onsets[i] + durations[i] <= t
                                : i + 1 < size && onsets[i + 1] <= t;
                if (!over) {
                    onsets[kept] = onsets[i];
                    durations[kept] = durations[i];
                    labels[kept] = labels[i];
                    kept++;
                }
            }
            Arrays.fill(labels, kept, size, null);
            size = kept;
        }
    }

    /**
     * Frees the state of sessions that stop sending (none by default); call before the job runs.
     */
    public LabelJoinFunction withIdleTimeout(final IdleTimeout timeout) {
        this.idleTimeout = timeout;
        return this;
    }

    @Override
    public void open(final OpenContext context) {
        windows =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "label-join-windows", LabelWindowSerializer.INSTANCE));
        behavior =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "label-join-behavior",
                                        StringSerializer.INSTANCE,
                                        BehaviorSamplesSerializer.INSTANCE));
        markers =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "label-join-markers",
                                        StringSerializer.INSTANCE,
                                        ActiveMarkersSerializer.INSTANCE));
        expiry = new StreamExpiry(idleTimeout, getRuntimeContext(), windows, behavior, markers);
        late = getRuntimeContext().getMetricGroup().counter(LATE_WINDOWS);
        unlabelled = getRuntimeContext().getMetricGroup().counter(UNLABELLED_WINDOWS);
    }

    @Override
    public void processElement(
            final Input in, final Context ctx, final Collector<LabelledWindowRecord> out)
            throws Exception {
        final long watermark = ctx.timerService().currentWatermark();
        switch (in.kind) {
            case Input.WINDOW -> {
                final long due = Math.floorDiv(in.endNs, NS_PER_MS);
                if (due <= watermark) {
                    late.inc();
                    emit(in, out);
                } else {
                    windows.add(in);
                    ctx.timerService().registerEventTimeTimer(due);
                }
            }
            case Input.BEHAVIOR -> {
                if (in.values.length > 0) {
                    Samples s = behavior.get(in.streamId);
                    if (s == null) {
                        s = new Samples();
                        s.channels = in.channels;
                    }
                    if (s.channels == in.channels) {
                        for (int i = 0; i * in.channels < in.values.length; i++) {
                            s.add(in.startNs + i * in.periodNs, in.values, i * in.channels);
                        }
                        behavior.put(in.streamId, s);
                        prunesAt(ctx, in.startNs, watermark);
                    }
                }
            }
            default -> {
                Markers m = markers.get(in.streamId);
                if (m == null) {
                    m = new Markers();
                }
                m.add(in.startNs, in.endNs, in.text);
                markers.put(in.streamId, m);
                prunesAt(ctx, in.startNs, watermark);
            }
        }
        expiry.touch(ctx.timerService(), in.startNs);
    }

    /** A timer that prunes the buffers once the watermark passes {@code timeNs}. */
    private static void prunesAt(final Context ctx, final long timeNs, final long watermark) {
        final long due = Math.floorDiv(timeNs, NS_PER_MS);
        if (due > watermark) {
            ctx.timerService().registerEventTimeTimer(due);
        }
    }

    @Override
    public void onTimer(
            final long timestamp,
            final OnTimerContext ctx,
            final Collector<LabelledWindowRecord> out)
            throws Exception {
        final List<Input> due = new ArrayList<>();
        final List<Input> waiting = new ArrayList<>();
        for (final Input w : windows.get()) {
            (Math.floorDiv(w.endNs, NS_PER_MS) <= timestamp ? due : waiting).add(w);
        }
        if (!due.isEmpty()) {
            due.sort(
                    Comparator.<Input>comparingLong(w -> w.endNs)
                            .thenComparing(w -> w.streamId)
                            .thenComparingLong(w -> w.startNs)
                            .thenComparing(w -> w.text));
            for (final Input w : due) {
                emit(w, out);
            }
            windows.update(waiting);
        }
        final long t = timestamp * NS_PER_MS;
        for (final Map.Entry<String, Samples> e : behavior.entries()) {
            e.getValue().pruneBefore(t);
            e.setValue(e.getValue());
        }
        for (final Map.Entry<String, Markers> e : markers.entries()) {
            e.getValue().pruneBefore(t - MARKER_RETENTION_NS);
            e.setValue(e.getValue());
        }
        expiry.onTimer(timestamp, ctx.timeDomain());
    }

    /** Emits the joined window, unless nothing applies at its end ({@link #UNLABELLED_WINDOWS}). */
    private void emit(final Input w, final Collector<LabelledWindowRecord> out) throws Exception {
        final LabelledWindowRecord r = joined(w);
        if (r.label == null && r.behaviorNames.length == 0) {
            unlabelled.inc();
        } else {
            out.collect(r);
        }
    }

    /** The window with the labels and behaviour values at its end. */
    private LabelledWindowRecord joined(final Input w) throws Exception {
        final long end = w.endNs;
        final LabelledWindowRecord r = new LabelledWindowRecord();
        r.kind = LabelledWindowRecord.KIND;
        r.streamId = w.streamId;
        r.source = w.text;
        r.startNs = w.startNs;
        r.endNs = end;
        r.ingestNs = w.ingestNs;
        r.features = w.values;
        final StringBuilder label = new StringBuilder();
        for (final Map.Entry<String, Markers> e : sorted(markers.entries()).entrySet()) {
            final Markers m = e.getValue();
            for (int i = 0; i < m.size; i++) {
                if (m.activeAt(i, end)) {
                    label.append(label.length() == 0 ? "" : ";")
                            .append(StreamId.stream(e.getKey()))
                            .append('.')
                            .append(m.labels[i]);
                }
            }
        }
        r.label = label.length() == 0 ? null : label.toString();
        final List<String> names = new ArrayList<>();
        final List<Double> values = new ArrayList<>();
        for (final Map.Entry<String, Samples> e : sorted(behavior.entries()).entrySet()) {
            final Samples s = e.getValue();
            final int i = s.lastAtOrBefore(end);
            if (i < 0) {
                continue;
            }
            for (int c = 0; c < s.channels; c++) {
                names.add(s.channels == 1 ? e.getKey() : e.getKey() + "[" + c + "]");
                values.add(s.values[i * s.channels + c]);
            }
        }
        r.behaviorNames = names.toArray(new String[0]);
        r.behaviorValues = values.stream().mapToDouble(Double::doubleValue).toArray();
        return r;
    }

    private static <V> TreeMap<String, V> sorted(final Iterable<Map.Entry<String, V>> entries) {
        final TreeMap<String, V> m = new TreeMap<>();
        for (final Map.Entry<String, V> e : entries) {
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }
}
