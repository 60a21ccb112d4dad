package org.neurostream.operators.flink;

import java.util.HashMap;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.neurostream.core.frame.EventAddressing;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.MotifRecord;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.compute.MotifBackend;
import org.neurostream.operators.compute.MotifBackends;
import org.neurostream.operators.motif.MotifDetector;
import org.neurostream.operators.motif.MotifKernel;

/**
 * Spiking-motif detection per EVENTS stream (docs/features.md#motif-detection, streaming form): one
 * {@link MotifBackend} per stream (the {@link MotifDetector} on the CPU, or its OpenCL twin), fed a
 * frame's events at a time, a {@link MotifRecord} per detection. The same detections as {@code
 * motifs detect}, so both give the same detections on the same events, except that the stream never
 * ends: the last D - 1 bins of a stream are decided only when later events arrive.
 *
 * <p>Inputs: EVENTS frames (others are skipped). Event time t_us = floor((frame device time + time
 * offset x time unit) / 1000), bin = floor(t_us / binUs). Address: for DVS frames the record's (x =
 * address field, y, polarity) mapped through {@code EventAddressing(width, height, shift)} (with
 * width 0: the address field as is); for other modalities the address field as is. Events outside
 * the sensor or the kernel, and events of an already closed bin, are dropped and counted (metrics
 * {@value #EVENTS_OUT_OF_RANGE}, {@value #EVENTS_OUT_OF_ORDER}); {@value #EVENTS_ACCEPTED} and
 * {@value #DETECTIONS} count the rest.
 *
 * <p>The kernel comes in as plain arrays (serializable with the function); detectors live in the
 * function instance and are not checkpointed: a restart begins each stream anew.
 */
public final class MotifFunction extends KeyedProcessFunction<String, FrameRecord, MotifRecord> {
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
    private transient Map<String, StreamState> streams;
    private transient int[] batchAddresses;
    private transient long[] batchBins;
    private transient UnsafeBuffer buffer;
    private transient FrameDecoder decoder;
    private transient MotifKernel compiled;
    private transient EventAddressing addressing;
    private transient Counter outOfRange;
    private transient Counter outOfOrder;
    private transient Counter accepted;
    private transient Counter detections;

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
    public void open(final OpenContext context) {
        streams = new HashMap<>();
        batchAddresses = new int[0];
        batchBins = new long[0];
        buffer = new UnsafeBuffer(new byte[0]);
        decoder = new FrameDecoder();
        compiled = MotifKernel.fromDense(kernel, bias, motifs, addresses, delays);
        addressing = width > 0 ? new EventAddressing(width, height, shift) : null;
        final MetricGroup metrics = getRuntimeContext().getMetricGroup();
        outOfRange = metrics.counter(EVENTS_OUT_OF_RANGE);
        outOfOrder = metrics.counter(EVENTS_OUT_OF_ORDER);
        accepted = metrics.counter(EVENTS_ACCEPTED);
        detections = metrics.counter(DETECTIONS);
    }

    @Override
    public void processElement(
            final FrameRecord frame, final Context ctx, final Collector<MotifRecord> out) {
        buffer.wrap(frame.bytes);
        decoder.wrap(buffer, 0);
        if (decoder.kind() != FrameKind.EVENTS) {
            return;
        }
        StreamState s = streams.get(frame.streamId);
        if (s == null) {
            s = new StreamState(frame.streamId);
            streams.put(frame.streamId, s);
        }
        s.out = out;
        s.ingestNs = decoder.ingestTimeNs();
        final MotifBackend detector = s.detector;
        final long rangeBefore = detector.eventsOutOfRange();
        final long orderBefore = detector.eventsOutOfOrder();
        final long acceptedBefore = detector.eventsAccepted();
        final long detectionsBefore = detector.detections();
        final long deviceNs = decoder.deviceTimeNs();
        final long unitNs = decoder.periodNs();
        final boolean dvs = addressing != null && decoder.modality() == Modality.DVS;
        final int n = decoder.elementCount();
        if (batchBins.length < n) {
            batchBins = new long[n];
            batchAddresses = new int[n];
        }
        int count = 0;
        long outside = 0;
        for (int i = 0; i < n; i++) {
            final long tUs = Math.floorDiv(deviceNs + decoder.eventTimeOffset(i) * unitNs, 1000L);
            final int address =
                    dvs
                            ? addressing.address(
                                    decoder.eventAddress(i),
                                    decoder.eventY(i),
                                    decoder.eventPolarity(i))
                            : decoder.eventAddress(i);
            if (address < 0) {
                outside++;
                continue;
            }
            batchAddresses[count] = address;
            batchBins[count++] = Math.floorDiv(tUs, binUs);
        }
        detector.process(batchAddresses, batchBins, count, s::emit);
        s.out = null;
        outOfRange.inc(outside + detector.eventsOutOfRange() - rangeBefore);
        outOfOrder.inc(detector.eventsOutOfOrder() - orderBefore);
        accepted.inc(detector.eventsAccepted() - acceptedBefore);
        detections.inc(detector.detections() - detectionsBefore);
    }

    /** One stream's detector and the context its detections are emitted in. */
    private final class StreamState {
        final String streamId;
        final MotifBackend detector;
        Collector<MotifRecord> out;
        long ingestNs;

        StreamState(final String streamId) {
            this.streamId = streamId;
            this.detector = MotifBackends.create(compiled, threshold, nmsRadius, backend);
        }

        private void emit(final int motif, final long bin, final double potential) {
            final MotifRecord r = new MotifRecord();
            r.kind = MotifRecord.KIND;
            r.streamId = streamId;
            r.bin = bin;
            r.binNs = binUs * 1000L;
            r.startNs = bin * r.binNs;
            r.endNs = r.startNs + r.binNs;
            r.ingestNs = ingestNs;
            r.motif = motif;
            r.potential = potential;
            out.collect(r);
        }
    }
}
