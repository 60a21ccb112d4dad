package org.neurostream.operators.flink;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.neurostream.core.frame.EventAddressing;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.records.MotifRecord;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.compute.MotifBackend;
import org.neurostream.operators.compute.MotifBackends;
import org.neurostream.operators.motif.MotifDetectionSink;
import org.neurostream.operators.motif.MotifDetector;
import org.neurostream.operators.motif.MotifKernel;
import org.neurostream.operators.motif.MotifStreamState;

/**
 * Spiking-motif detection per EVENTS stream (docs/features.md#motif-detection, streaming form): a
 * {@link MotifBackend} (the {@link MotifDetector} on the CPU, or its OpenCL twin) fed a frame's
 * events at a time, a {@link MotifRecord} per detection. The same detections as {@code motifs
 * detect}, so both give the same detections on the same events, except that the stream never ends:
 * the last D - 1 bins of a stream are decided only when later events arrive.
 *
 * <p>Inputs: EVENTS frames (others are skipped). Event time t_us = floor((frame device time + time
 * offset x time unit) / 1000), bin = floor(t_us / binUs). Address: for DVS frames the record's (x =
 * address field, y, polarity) mapped through {@code EventAddressing(width, height, shift)} (with
 * width 0: the address field as is); for other modalities the address field as is. Events outside
 * the sensor or the kernel, and events of an already closed bin, are dropped and counted (metrics
 * {@value #EVENTS_OUT_OF_RANGE}, {@value #EVENTS_OUT_OF_ORDER}); {@value #EVENTS_ACCEPTED} and
 * {@value #DETECTIONS} count the rest.
 *
 * <p>The kernel comes in as plain arrays (serializable with the function). One backend per subtask,
 * chosen by {@link MotifBackends#create} as every hot path is, serves every stream: each stream's
 * place (its undecided bins and suppression window, {@link MotifStreamState}) is keyed state
 * ({@link MotifState}, serialized by {@link MotifStateSerializer}), given to the backend before the
 * stream's batch ({@link MotifBackend#loadState}) and taken back after it ({@link
 * MotifBackend#saveState}, which first completes the stream's windows in flight on OpenCL), so a
 * job restored from a checkpoint or savepoint emits the detections an uninterrupted job would. A
 * stream whose state was written with another model (a restore after the model changed) starts
 * afresh. On OpenCL the stream's place is its tail of events; a state the CPU detector wrote (a
 * restore on another backend) goes on on the CPU detector, and a device failure moves every stream
 * to the CPU detector without losing or repeating a detection. An end-of-stream frame frees the
 * stream's state and emits nothing (its last D - 1 bins stay undecided, as they are while it runs);
 * so does the {@link IdleTimeout} of {@link #withIdleTimeout}.
 */
public final class MotifFunction extends KeyedKernelFunction<MotifState, MotifRecord, MotifFunction>
        implements ResultTypeQueryable<MotifRecord> {
    private static final long serialVersionUID = 1L;

    /** Metric: events dropped for lying outside the sensor or the kernel's addresses. */
    public static final String EVENTS_OUT_OF_RANGE = "motifEventsOutOfRange";

    /** Metric: events dropped for arriving after their bin was closed. */
    public static final String EVENTS_OUT_OF_ORDER = "motifEventsOutOfOrder";

    /** Metric: events that entered a detector. */
    public static final String EVENTS_ACCEPTED = "motifEventsAccepted";

    /** Metric: detections emitted. */
    public static final String DETECTIONS = "motifDetections";

    private final float[] kernel;
    private final float[] bias;
    private final int motifs;
    private final int addresses;
    private final int delays;
    private final long binUs;
    private final double threshold;
    private final int nmsRadius;
    private final int width;
    private final int height;
    private final int shift;

    private BackendKind backend = BackendKind.CPU;
    private transient EventBinning binning;
    private transient MotifKernel compiled;
    private transient long model;
    private transient MotifBackend detector;
    private transient MotifDetectionSink sink;
    private transient Counter outOfRange;
    private transient Counter outOfOrder;
    private transient Counter accepted;
    private transient Counter detections;
    private transient String streamId;
    private transient long ingestNs;
    private transient Collector<MotifRecord> out;

    /**
     * Creates the function.
     *
     * @param kernel K in C order [M, N, D] (as {@code MotifModel.kernel()} gives it), copied
     * @param bias b, length M, copied
     * @param motifs M
     * @param addresses N; for DVS streams it must be {@code 2 ceil(W / 2^s) ceil(H / 2^s)}
     * @param delays D
     * @param binUs bin width in microseconds, &gt;= 1
     * @param threshold detection when V &gt;= threshold
     * @param nmsRadius non-maximum suppression radius in bins, 0 for none
     * @param width sensor width W of DVS streams; 0 when DVS frames already carry addresses
     *     (written by an {@code EventFrameWriter} with an addressing), used then as they are
     * @param height sensor height H of DVS streams (unused when width is 0)
     * @param shift downsampling s of DVS addresses (unused when width is 0)
     * @throws IllegalArgumentException when the arrays do not fit the sizes, a setting is out of
     *     range, or N differs from the DVS address count
     */
    public MotifFunction(
            final float[] kernel,
            final float[] bias,
            final int motifs,
            final int addresses,
            final int delays,
            final long binUs,
            final double threshold,
            final int nmsRadius,
            final int width,
            final int height,
            final int shift) {
        // Fail at job build time, not in the task: compile the kernel and a detector once here.
        new MotifDetector(
                MotifKernel.fromDense(kernel, bias, motifs, addresses, delays),
                binUs,
                threshold,
                nmsRadius,
                (m, t, v) -> {});
        final int dvsAddresses =
                width > 0 ? new EventAddressing(width, height, shift).addressCount() : addresses;
        if (dvsAddresses != addresses) {
            throw new IllegalArgumentException(
                    "kernel has N = "
                            + addresses
                            + " addresses but a "
                            + width
                            + "x"
                            + height
                            + " sensor at shift "
                            + shift
                            + " has "
                            + dvsAddresses);
        }
        this.kernel = kernel.clone();
        this.bias = bias.clone();
        this.motifs = motifs;
        this.addresses = addresses;
        this.delays = delays;
        this.binUs = binUs;
        this.threshold = threshold;
        this.nmsRadius = nmsRadius;
        this.width = width;
        this.height = height;
        this.shift = shift;
    }

    /**
     * Runs the delay-kernel accumulation on {@code kind} (auto: an OpenCL GPU if any, else the
     * CPU); the detections are the same on every backend. Call before the job is built.
     */
    public MotifFunction onBackend(final BackendKind kind) {
        this.backend = kind;
        return this;
    }

    @Override
    protected ValueStateDescriptor<MotifState> stateDescriptor() {
        return new ValueStateDescriptor<>("motifs", MotifStateSerializer.INSTANCE);
    }

    @Override
    protected void openKernel(final OpenContext context) {
        binning = binning();
        compiled = compile();
        model = fingerprint();
        detector = MotifBackends.create(compiled, threshold, nmsRadius, backend);
        sink = this::emit;
        final MetricGroup metrics = getRuntimeContext().getMetricGroup();
        outOfRange = metrics.counter(EVENTS_OUT_OF_RANGE);
        outOfOrder = metrics.counter(EVENTS_OUT_OF_ORDER);
        accepted = metrics.counter(EVENTS_ACCEPTED);
        detections = metrics.counter(DETECTIONS);
    }

    @Override
    public void close() {
        if (detector != null) {
            detector.close();
            detector = null;
        }
    }

    @Override
    protected boolean onFrame(
            final FrameRecord frame,
            final FrameDecoder decoder,
            final Context ctx,
            final Collector<MotifRecord> collector)
            throws Exception {
        if (decoder.kind() != FrameKind.EVENTS) {
            return false;
        }
        final int n = decoder.elementCount();
        if (n > 0) {
            MotifState s = state().value();
            if (s == null || s.model != model) {
                s = new MotifState(model, detector.newState());
            }
            final int count = binning.bin(decoder);
            outOfRange.inc(binning.outside());
            streamId = frame.streamId;
            ingestNs = decoder.ingestTimeNs();
            out = collector;
            final long rangeBefore = detector.eventsOutOfRange();
            final long orderBefore = detector.eventsOutOfOrder();
            final long acceptedBefore = detector.eventsAccepted();
            final long detectionsBefore = detector.detections();
            detector.loadState(s.detection);
            detector.process(binning.addresses(), binning.bins(), count, sink);
            detector.saveState(s.detection, sink);
            out = null;
            outOfRange.inc(detector.eventsOutOfRange() - rangeBefore);
            outOfOrder.inc(detector.eventsOutOfOrder() - orderBefore);
            accepted.inc(detector.eventsAccepted() - acceptedBefore);
            detections.inc(detector.detections() - detectionsBefore);
            state().update(s);
        }
        return true;
    }

    private void emit(final int motif, final long bin, final double potential) {
        out.collect(record(streamId, ingestNs, motif, bin, potential));
    }

    /** The record of a detection of {@code motif} in {@code bin} on the stream. */
    MotifRecord record(
            final String stream,
            final long ingest,
            final int motif,
            final long bin,
            final double potential) {
        final MotifRecord r = new MotifRecord();
        r.kind = MotifRecord.KIND;
        r.streamId = stream;
        r.bin = bin;
        r.binNs = binUs * 1000L;
        r.startNs = bin * r.binNs;
        r.endNs = r.startNs + r.binNs;
        r.ingestNs = ingest;
        r.motif = motif;
        r.potential = potential;
        return r;
    }

    /** The kernel, compiled. */
    MotifKernel compile() {
        return MotifKernel.fromDense(kernel, bias, motifs, addresses, delays);
    }

    /** The frames' events binned as this model takes them. */
    EventBinning binning() {
        return new EventBinning(
                width > 0 ? new EventAddressing(width, height, shift) : null, binUs);
    }

    /** The detection threshold. */
    double threshold() {
        return threshold;
    }

    /** The bin width, in microseconds. */
    long binUs() {
        return binUs;
    }

    /** Whether the model suppresses non-maxima (radius &gt; 0). */
    public boolean suppresses() {
        return nmsRadius > 0;
    }

    /** The suppression radius in bins, 0 for none. */
    int nmsRadius() {
        return nmsRadius;
    }

    /**
     * A fingerprint of the model and settings: the kernel and bias bits, the shape, the bin width,
     * threshold, suppression radius and addressing (FNV-1a over them).
     */
    long fingerprint() {
        long h = 0xcbf29ce484222325L;
        for (final float w : kernel) {
            h = mix(h, Float.floatToIntBits(w));
        }
        for (final float b : bias) {
            h = mix(h, Float.floatToIntBits(b));
        }
        final long[] settings = {
            motifs,
            addresses,
            delays,
            binUs,
            Double.doubleToLongBits(threshold),
            nmsRadius,
            width,
            height,
            shift
        };
        for (final long v : settings) {
            h = mix(h, v);
        }
        return h;
    }

    private static long mix(final long h, final long v) {
        return (h ^ v) * 0x100000001b3L;
    }

    /** {@link ImmutableRecordTypeInfo#MOTIFS}: the records go on without copies. */
    @Override
    public TypeInformation<MotifRecord> getProducedType() {
        return ImmutableRecordTypeInfo.MOTIFS;
    }
}
