package org.neurostream.operators.motif;

/**
 * The streaming heterogeneous-delay motif detector of docs/features.md#motif-detection: a ring of D
 * accumulators per motif, fed event by event, deciding each bin as it closes.
 *
 * <pre>
 *   event (a, t) ──► row a of the kernel (nonzero K[m, a, d] only) ──► ring[(t + d) mod D][m] += K
 *   close bin t  ──► V[m, t] = b[m] + ring[t mod D][m] ──► V &gt;= threshold ? ──► sink(m, t, V)
 *                    ring[t mod D][*] = 0
 * </pre>
 *
 * <p>Conventions: bin = floor(t_us / binUs) (negative times floor towards minus infinity); A[a, t]
 * counts the events of address a in bin t, so two events in one bin add their weights twice; delay
 * d = 0 touches the event's own bin. Bins are evaluated from the first event's bin to the last bin
 * an event reaches, the last event's bin + D - 1: a bin is closed when an event of a later bin
 * arrives, and the rest by {@link #finish()}. (Stopping at the last event's bin would lose the toy
 * answer of docs/features.md#spiking-motif-known-answers, a detection one bin after the last event,
 * which needs the ring's tail; so the tail is kept.) The reported potential is V (a log-odds), not
 * sigmoid(V).
 *
 * <p>Non-maximum suppression (radius r &gt; 0, off when r = 0): a bin t with V[m, t] &gt;=
 * threshold is reported only if, among the evaluated bins t' with 0 &lt; |t' - t| &lt;= r, no V[m,
 * t'] is greater, and no earlier one (t' &lt; t) is equal: of tied maxima the earliest wins. It
 * compares bins of the same motif only, and never looks beyond the first or last evaluated bin. A
 * detection at t is then reported when bin t + r closes (or at {@link #finish()}), so the sink
 * still sees bins in order.
 *
 * <p>Bad input never throws: an event whose address is outside 0..N-1 is counted ({@link
 * #eventsOutOfRange()}) and ignored; an event whose bin is earlier than the previous accepted
 * event's bin is counted ({@link #eventsOutOfOrder()}) and dropped (its bin is already closed).
 * Neither kind moves the evaluated span. Events within one bin may come in any order.
 *
 * <p>Cost: per event, the nonzero weights of its address (one add each, no branch per weight); per
 * bin, M reads and clears. A run of bins with no input is skipped in O(1) once the ring is clean,
 * when every bias is below the threshold (such bins can hold no detection). Nothing is allocated
 * after construction. Not thread-safe: one detector per stream.
 */
public final class MotifDetector {
    private final int motifs;
    private final int addresses;
    private final int delays;
    private final int ringSize;
    private final int[] delayStart;
    private final int[] ringOffset;
    private final float[] weight;
    private final float[] bias;
    private final long binUs;
    private final double threshold;
    private final int radius;
    private final int historyBins;
    private final boolean quietBinsAreSilent;
    private final MotifDetectionSink sink;

    /**
     * The stream being detected: its ring, suppression history, first and open bin ({@link #use}).
     */
    private MotifStreamState state;

    /** state.openBin mod D, kept so that an event in the open bin needs no division. */
    private int openSlot;

    private long eventsAccepted;
    private long eventsOutOfRange;
    private long eventsOutOfOrder;
    private long binsEvaluated;
    private long detections;

    /**
     * Creates a detector.
     *
     * @param kernel the kernel and biases
     * @param binUs bin width in microseconds, &gt;= 1
     * @param threshold detection when V &gt;= threshold (default 0,
     *     docs/features.md#motif-detection)
     * @param nmsRadius r &gt;= 0 bins of non-maximum suppression; 0 turns it off
     * @param sink receives the detections
     * @throws IllegalArgumentException when binUs &lt; 1, nmsRadius &lt; 0 or too large for memory
     *     ((2r + 1) M &gt; 2^26 potentials), or threshold is NaN
     */
    public MotifDetector(
            MotifKernel kernel,
            long binUs,
            double threshold,
            int nmsRadius,
            MotifDetectionSink sink) {
        if (binUs < 1 || nmsRadius < 0 || Double.isNaN(threshold)) {
            throw new IllegalArgumentException(
                    "need binUs >= 1, nmsRadius >= 0 and a threshold;"
                            + " got "
                            + binUs
                            + ", "
                            + nmsRadius
                            + ", "
                            + threshold);
        }
        if ((2L * nmsRadius + 1) * kernel.motifs() > (1 << 26)) {
            throw new IllegalArgumentException(
                    "nmsRadius " + nmsRadius + " too large for " + kernel.motifs() + " motifs");
        }
        this.motifs = kernel.motifs();
        this.addresses = kernel.addresses();
        this.delays = kernel.delays();
        this.ringSize = delays * motifs;
        this.delayStart = kernel.delayStartArray();
        this.ringOffset = kernel.ringOffsetArray();
        this.weight = kernel.weightArray();
        this.bias = kernel.biasArray();
        this.binUs = binUs;
        this.threshold = threshold;
        this.radius = nmsRadius;
        this.historyBins = 2 * nmsRadius + 1;
        this.state = newState();
        boolean silent = true;
        for (float b : bias) {
            silent &= b < threshold;
        }
        this.quietBinsAreSilent = silent;
        this.sink = sink;
    }

    /** A fresh stream's state for this detector's kernel and suppression radius. */
    public MotifStreamState newState() {
        return new MotifStreamState(motifs, delays, historyBins);
    }

    /** The state of the stream being detected. */
    public MotifStreamState state() {
        return state;
    }

    /**
     * Detects on {@code s} from now on, in place: later events and {@link #finish()} continue that
     * stream. A state in tail form (from the OpenCL path) is turned into ring form first.
     *
     * @throws IllegalArgumentException when the state's M, D or suppression window differ from this
     *     detector's
     */
    public void use(final MotifStreamState s) {
        if (s.motifs != motifs || s.delays != delays || s.historyBins != historyBins) {
            throw new IllegalArgumentException(
                    "a motif state of M="
                            + s.motifs
                            + ", D="
                            + s.delays
                            + ", 2r+1="
                            + s.historyBins
                            + " for a detector of M="
                            + motifs
                            + ", D="
                            + delays
                            + ", 2r+1="
                            + historyBins);
        }
        if (s.isTail()) {
            ringFromTail(s);
        }
        state = s;
        openSlot = (int) Math.floorMod(s.openBin, (long) delays);
    }

    /**
     * Adds the tail's events again, in arrival order, to the undecided bins (from the open bin on)
     * of a clean ring: the same additions in the same order as the ring had, so the same floats.
     * With suppression it also sums, the same way, the last 2r closed bins into the history (bias
     * plus their sum, as {@link #closeBin} keeps them), which the pending decisions compare.
     */
    private void ringFromTail(final MotifStreamState s) {
        final float[] r = new float[ringSize];
        final long open = s.openBin;
        final int past = historyBins - 1;
        final long pastFrom = open - past;
        final float[] closed = past > 0 ? new float[past * motifs] : null;
        for (int i = 0; i < s.tailCount; i++) {
            final int row = s.tailAddress[i] * (delays + 1);
            final long b = s.tailBin[i];
            for (int d = 0; d < delays; d++) {
                if (b + d < open) {
                    if (b + d < pastFrom) {
                        continue;
                    }
                    final int at = (int) (b + d - pastFrom) * motifs - d * motifs;
                    for (int k = delayStart[row + d]; k < delayStart[row + d + 1]; k++) {
                        closed[at + ringOffset[k]] += weight[k];
                    }
                    continue;
                }
                final int base = (int) Math.floorMod(b + d, (long) delays) * motifs - d * motifs;
                for (int k = delayStart[row + d]; k < delayStart[row + d + 1]; k++) {
                    r[base + ringOffset[k]] += weight[k];
                }
            }
        }
        s.ring = r;
        s.history = historyBins > 1 ? new float[historyBins * motifs] : null;
        for (int j = 0; j < past; j++) {
            final int h = (int) Math.floorMod(pastFrom + j, (long) historyBins) * motifs;
            for (int m = 0; m < motifs; m++) {
                s.history[h + m] = bias[m] + closed[j * motifs + m];
            }
        }
        s.tailCount = 0;
    }

    /**
     * One event, its time in microseconds.
     *
     * @param timeUs event time; its bin is floor(timeUs / binUs)
     * @param address input address, 0 &lt;= address &lt; N (others are counted and ignored)
     */
    public void onEvent(long timeUs, int address) {
        onEventInBin(Math.floorDiv(timeUs, binUs), address);
    }

    /**
     * One event, its time already binned. Closes (decides) every bin before {@code bin} that is
     * still open.
     *
     * @param bin the event's bin
     * @param address input address, 0 &lt;= address &lt; N (others are counted and ignored)
     */
    public void onEventInBin(long bin, int address) {
        if (address < 0 || address >= addresses) {
            eventsOutOfRange++;
            return;
        }
        final MotifStreamState s = state;
        if (!s.started) {
            s.started = true;
            s.firstBin = bin;
            s.openBin = bin;
            openSlot = (int) Math.floorMod(bin, (long) delays);
        } else if (bin != s.openBin) {
            if (bin < s.openBin) {
                eventsOutOfOrder++;
                return;
            }
            closeBinsBefore(bin);
            openSlot = (int) Math.floorMod(bin, (long) delays);
        }
        eventsAccepted++;
        final int slot = openSlot;
        final int row = address * (delays + 1);
        final int start = delayStart[row];
        // Entries with d < D - slot land in slots slot + d; the rest wrap around to slot + d - D.
        final int split = delayStart[row + delays - slot];
        final int end = delayStart[row + delays];
        final float[] ring = s.ring;
        final int[] offset = this.ringOffset;
        final float[] weight = this.weight;
        final int base = slot * motifs;
        for (int k = start; k < split; k++) {
            ring[base + offset[k]] += weight[k];
        }
        final int wrapped = base - ringSize;
        for (int k = split; k < end; k++) {
            ring[wrapped + offset[k]] += weight[k];
        }
    }

    /**
     * Ends the stream: closes the last event's bin and the D - 1 bins after it (the last bins its
     * weights reach), reports what suppression still held back, and makes the detector ready for a
     * new stream (the counters keep counting). Does nothing when no event was accepted since the
     * last call.
     */
    public void finish() {
        final MotifStreamState s = state;
        if (!s.started) {
            return;
        }
        final long lastBin = s.openBin + delays - 1;
        closeBinsBefore(lastBin + 1);
        if (radius > 0) {
            for (long u = Math.max(s.firstBin, lastBin - radius + 1); u <= lastBin; u++) {
                decideSuppressed(u, lastBin);
            }
        }
        s.started = false;
    }

    private void closeBinsBefore(long bin) {
        final MotifStreamState s = state;
        long lastTouched = s.openBin + delays - 1;
        while (s.openBin < bin) {
            if (quietBinsAreSilent && s.openBin > lastTouched + radius) {
                // The ring is clean and no decision is pending: every bin up to `bin` has V = b,
                // below the threshold. Only the suppression window needs their values.
                if (s.history != null) {
                    for (int h = 0; h < historyBins; h++) {
                        System.arraycopy(bias, 0, s.history, h * motifs, motifs);
                    }
                }
                binsEvaluated += bin - s.openBin;
                s.openBin = bin;
                return;
            }
            closeBin(s.openBin);
            s.openBin++;
        }
    }

    private void closeBin(long bin) {
        binsEvaluated++;
        final int base = (int) Math.floorMod(bin, (long) delays) * motifs;
        final float[] ring = state.ring;
        final float[] history = state.history;
        final float[] bias = this.bias;
        if (history == null) {
            for (int m = 0; m < motifs; m++) {
                final float v = bias[m] + ring[base + m];
                ring[base + m] = 0f;
                if (v >= threshold) {
                    detections++;
                    sink.onDetection(m, bin, v);
                }
            }
            return;
        }
        final int h = (int) Math.floorMod(bin, (long) historyBins) * motifs;
        for (int m = 0; m < motifs; m++) {
            history[h + m] = bias[m] + ring[base + m];
            ring[base + m] = 0f;
        }
        if (bin - radius >= state.firstBin) {
            decideSuppressed(bin - radius, bin);
        }
    }

    /** Decides bin u, whose neighbours up to lastBin (&lt;= u + r) are in the history. */
    private void decideSuppressed(long u, long lastBin) {
        final float[] history = state.history;
        final int hu = (int) Math.floorMod(u, (long) historyBins) * motifs;
        final long from = Math.max(state.firstBin, u - radius);
        for (int m = 0; m < motifs; m++) {
            final float v = history[hu + m];
            if (!(v >= threshold)) {
                continue;
            }
            boolean keep = true;
            for (long t = from; t <= lastBin && keep; t++) {
                final float w = history[(int) Math.floorMod(t, (long) historyBins) * motifs + m];
                keep = !MotifSuppression.suppresses(t, w, u, v);
            }
            if (keep) {
                detections++;
                sink.onDetection(m, u, v);
            }
        }
    }

    /** Returns the events that entered the ring. */
    public long eventsAccepted() {
        return eventsAccepted;
    }

    /** Returns the events ignored because their address was outside 0..N-1. */
    public long eventsOutOfRange() {
        return eventsOutOfRange;
    }

    /** Returns the events dropped because their bin was earlier than an accepted event's. */
    public long eventsOutOfOrder() {
        return eventsOutOfOrder;
    }

    /** Returns the bins decided so far (skipped quiet bins included). */
    public long binsEvaluated() {
        return binsEvaluated;
    }

    /** Returns the detections sent to the sink so far. */
    public long detections() {
        return detections;
    }
}
