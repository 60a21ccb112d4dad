package org.neurostream.operators.spectral;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jtransforms.fft.FloatFFT_1D;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * Welch PSD and band power with the conventions of {@code scipy.signal.welch}
 * (docs/features.md#welch-power-spectral-density): periodic Hann window w[n] = 0.5 - 0.5 cos(2 pi n
 * / N), each segment detrended then windowed, one-sided density scaling PSD[k] = c_k |X_k|^2 / (fs
 * sum(w^2)) with c_k = 2 except at DC and (even nperseg only) Nyquist, averaged over every full
 * segment that fits (segments start at 0 and step nperseg - noverlap; a partial tail is ignored).
 * Units: input unit squared per Hz (uV^2/Hz for EEG in uV); band powers in input unit squared.
 *
 * <p>Precision: samples, windowing and the FFT are float32 (JTransforms {@code FloatFFT_1D}); the
 * segment mean, the least-squares line and every sum are in double. On the golden cases (real EEG
 * and synthetic signals, against scipy in double precision) PSD bins agree within about 1e-5
 * relative, 2e-5 next to a large DC offset left in by {@link Detrend#NONE}.
 *
 * <p>Threading and memory: one instance per thread (it is not thread-safe); all scratch is
 * allocated in the constructor. For a power-of-two nperseg the calls allocate nothing; for other
 * sizes JTransforms' mixed-radix and Bluestein plans allocate one scratch array of about nperseg
 * floats per segment inside the FFT library. Loading this class sets JTransforms' global thread
 * count to 1 ({@link ConcurrencyUtils#setNumberOfThreads}), because parallelism comes from running
 * one kernel per thread, never from the FFT library spawning its own threads (which it otherwise
 * does from nperseg = 8192 up).
 *
 * <p>Fewer samples than nperseg: unlike scipy, which then shrinks nperseg to the input length and
 * changes the frequency grid, the kernel keeps its grid and reports zero segments: the PSD and band
 * powers are all 0 (never NaN) and the methods return 0, which callers must treat as "no estimate".
 * Relative band power is defined as 0 wherever the total power is 0. A non-finite sample makes its
 * channel's PSD and powers NaN or infinite; the kernel does not screen samples.
 */
public final class WelchKernel {

    static {
        ConcurrencyUtils.setNumberOfThreads(1);
    }

    private final WelchConfig config;
    private final int nperseg;
    private final int step;
    private final int bins;
    private final Detrend detrend;
    private final boolean trapz;
    private final double binWidth;
    private final int bandCount;
    private final int[] bandFirst;
    private final int[] bandLast;
    private final int totalFirst;
    private final int totalLast;

    /** The bins band powers read: from the lowest first to the highest last bin of any range. */
    private final int usedFirst;

    private final int usedLast;

    /** Periodic Hann window, in double (for linear detrending and the scale) and in float. */
    private final double[] window;

    private final float[] windowFloat;

    /** c_k / (fs * sum(w^2)): the density scale of bin k before averaging. */
    private final double[] binScale;

    /** Centre (N-1)/2 of the sample index and 1 / sum of (i - centre)^2: least-squares line. */
    private final double rampCentre;

    private final double rampNorm;

    private final FloatFFT_1D fft;
    private final float[] segment;
    private final double[] accumulator;

    /** The sums of two segments that {@link #sums} adds up together. */
    private final double[] pairSums = new double[2];

    private final double[] channelPsd;

    /** Creates a kernel for {@code config}, allocating all its scratch now. */
    public WelchKernel(WelchConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.nperseg = config.nperseg();
        this.step = config.step();
        this.bins = config.bins();
        this.detrend = config.detrend();
        this.trapz = config.integration() == BandIntegration.TRAPZ;
        this.binWidth = config.binWidth();

        List<Band> bands = config.bands();
        this.bandCount = bands.size();
        this.bandFirst = new int[bandCount];
        this.bandLast = new int[bandCount];
        for (int b = 0; b < bandCount; b++) {
            bandFirst[b] = config.firstBin(bands.get(b));
            bandLast[b] = config.lastBin(bands.get(b));
        }
        this.totalFirst = config.firstBin(config.relativeRange());
        this.totalLast = config.lastBin(config.relativeRange());
        int first = totalFirst;
        int last = totalLast;
        for (int b = 0; b < bandCount; b++) {
            first = Math.min(first, bandFirst[b]);
            last = Math.max(last, bandLast[b]);
        }
        this.usedFirst = first;
        this.usedLast = last;

        this.window = new double[nperseg];
        double sumSquares = 0;
        for (int i = 0; i < nperseg; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2.0 * Math.PI * i / nperseg);
            sumSquares += window[i] * window[i];
        }
        this.windowFloat = new float[nperseg];
        for (int i = 0; i < nperseg; i++) {
            windowFloat[i] = (float) window[i];
        }
        this.binScale = new double[bins];
        for (int k = 0; k < bins; k++) {
            boolean single = k == 0 || (nperseg % 2 == 0 && k == nperseg / 2);
            binScale[k] = (single ? 1.0 : 2.0) / (config.fs() * sumSquares);
        }
        this.rampCentre = 0.5 * (nperseg - 1);
        // sum over i of (i - (N-1)/2)^2 = N (N^2 - 1) / 12
        this.rampNorm = 12.0 / ((double) nperseg * ((double) nperseg * nperseg - 1.0));

        this.fft = new FloatFFT_1D(nperseg);
        this.segment = new float[nperseg];
        this.accumulator = new double[bins];
        this.channelPsd = new double[bins];
    }

    /** The configuration this kernel was built for. */
    public WelchConfig config() {
        return config;
    }

    /** Number of PSD bins, nperseg / 2 + 1. */
    public int bins() {
        return bins;
    }

    /** Number of bands, the stride of the band-power outputs. */
    public int bandCount() {
        return bandCount;
    }

    /** Frequency of bin {@code k} in Hz: k * fs / nperseg. */
    public double frequency(int k) {
        return config.frequency(k);
    }

    /**
     * Welch PSD of one channel, {@code x[offset .. offset + length)}, written to {@code psdOut[0 ..
     * bins)}.
     *
     * @return the number of segments averaged; 0 when length &lt; nperseg (the PSD is then 0)
     */
    public int psd(float[] x, int offset, int length, double[] psdOut) {
        return psd(x, offset, length, psdOut, 0);
    }

    /**
     * Welch PSD of one channel, {@code x[offset .. offset + length)}, written to {@code
     * psdOut[psdOffset .. psdOffset + bins)} in input unit squared per Hz.
     *
     * @return the number of segments averaged; 0 when length &lt; nperseg (the PSD is then 0)
     * @throws IndexOutOfBoundsException when the input range or the output range is out of bounds
     */
    public int psd(float[] x, int offset, int length, double[] psdOut, int psdOffset) {
        Objects.checkFromIndexSize(offset, length, x.length);
        Objects.checkFromIndexSize(psdOffset, bins, psdOut.length);
        return psd(x, offset, length, psdOut, psdOffset, 0, bins - 1);
    }

    /**
     * {@link #psd(float[], int, int, double[], int)} for bins first .. last only: the others are
     * neither computed nor written. Each bin written is the same bits as in the whole PSD.
     */
    private int psd(
            float[] x,
            int offset,
            int length,
            double[] psdOut,
            int psdOffset,
            int first,
            int last) {
        int segments = accumulate(x, offset, length, first, last);
        writePsd(segments, psdOut, psdOffset, first, last);
        return segments;
    }

    /** The PSD of bins first .. last from the sums in {@link #accumulator} over the segments. */
    private void writePsd(int segments, double[] psdOut, int psdOffset, int first, int last) {
        if (segments == 0) {
            Arrays.fill(psdOut, psdOffset + first, psdOffset + last + 1, 0.0);
            return;
        }
        double inverseSegments = 1.0 / segments;
        double[] acc = accumulator;
        double[] scale = binScale;
        for (int k = first; k <= last; k++) {
            psdOut[psdOffset + k] = acc[k] * scale[k] * inverseSegments;
        }
    }

    /**
     * Welch PSDs of many channels over the same sample range: channel c's PSD goes to {@code
     * psdOut[c * bins .. (c + 1) * bins)}.
     *
     * @return the number of segments averaged per channel (0 when length &lt; nperseg)
     * @throws IllegalArgumentException when psdOut is shorter than channels x bins
     */
    public int psd(float[][] channels, int offset, int length, double[] psdOut) {
        checkOutput("psdOut", psdOut, channels.length * bins);
        for (int c = 0; c < channels.length; c++) {
            psd(channels[c], offset, length, psdOut, c * bins);
        }
        return config.segmentCount(length);
    }

    /**
     * Band powers of one PSD ({@code psd[psdOffset .. psdOffset + bins)}, as {@link #psd} writes
     * it) under the configured rule: band b goes to {@code out[outOffset + b]} and, when {@code
     * relativeOut} is not null, band / total power over the relative range to {@code
     * relativeOut[relativeOffset + b]} (0 where the total is 0).
     */
    public void bandPowers(
            double[] psd,
            int psdOffset,
            double[] out,
            int outOffset,
            double[] relativeOut,
            int relativeOffset) {
        Objects.checkFromIndexSize(psdOffset, bins, psd.length);
        Objects.checkFromIndexSize(outOffset, bandCount, out.length);
        for (int b = 0; b < bandCount; b++) {
            out[outOffset + b] = integrate(psd, psdOffset, bandFirst[b], bandLast[b]);
        }
        if (relativeOut != null) {
            Objects.checkFromIndexSize(relativeOffset, bandCount, relativeOut.length);
            double total = integrate(psd, psdOffset, totalFirst, totalLast);
            double inverseTotal = total > 0 ? 1.0 / total : 0.0;
            for (int b = 0; b < bandCount; b++) {
                relativeOut[relativeOffset + b] = out[outOffset + b] * inverseTotal;
            }
        }
    }

    /**
     * Power over the relative range (default 1-45 Hz) of one PSD under the configured rule: the
     * denominator of the relative band powers.
     */
    public double totalPower(double[] psd, int psdOffset) {
        Objects.checkFromIndexSize(psdOffset, bins, psd.length);
        return integrate(psd, psdOffset, totalFirst, totalLast);
    }

    /**
     * Band powers of many channels over the same sample range {@code [offset, offset + length)} of
     * each {@code channels[c]} (channel-major input): the batch the streaming operator, the offline
     * command and the benchmark call. Channel c, band b goes to {@code out[c * bands + b]}, its
     * relative power to {@code relativeOut[c * bands + b]} when relativeOut is not null.
     *
     * @return the number of segments averaged per channel; 0 when length &lt; nperseg (all powers
     *     are then 0)
     * @throws IllegalArgumentException when an output is shorter than channels x bands
     * @throws IndexOutOfBoundsException when the range lies outside a channel's array
     */
    public int bandPowers(
            float[][] channels, int offset, int length, double[] out, double[] relativeOut) {
        int needed = channels.length * bandCount;
        checkOutput("out", out, needed);
        if (relativeOut != null) {
            checkOutput("relativeOut", relativeOut, needed);
        }
        for (int c = 0; c < channels.length; c++) {
            bandPowers(channels[c], offset, length, out, c * bandCount, relativeOut, c * bandCount);
        }
        return config.segmentCount(length);
    }

    /**
     * Band powers of one channel, {@code x[offset .. offset + length)}: band b goes to {@code
     * out[outOffset + b]} and, when {@code relativeOut} is not null, its relative power to {@code
     * relativeOut[relativeOffset + b]}; the same bits as {@link #psd} followed by {@link
     * #bandPowers(double[], int, double[], int, double[], int)}, with only the PSD bins that some
     * band or the relative range reads computed.
     *
     * @return the number of segments averaged; 0 when length &lt; nperseg (the powers are then 0)
     * @throws IndexOutOfBoundsException when a range lies outside its array
     */
    public int bandPowers(
            float[] x,
            int offset,
            int length,
            double[] out,
            int outOffset,
            double[] relativeOut,
            int relativeOffset) {
        Objects.checkFromIndexSize(offset, length, x.length);
        int segments = psd(x, offset, length, channelPsd, 0, usedFirst, usedLast);
        bandPowers(channelPsd, 0, out, outOffset, relativeOut, relativeOffset);
        return segments;
    }

    /**
     * Sums |X_k|^2 over all full segments into {@link #accumulator} for bins first .. last; returns
     * the count.
     */
    private int accumulate(float[] x, int offset, int length, int first, int last) {
        int segments = config.segmentCount(length);
        double[] acc = accumulator;
        Arrays.fill(acc, first, last + 1, 0.0);
        for (int s = 0; s < segments; s++) {
            final int start = offset + s * step;
            final boolean paired = (s & 1) == 1 || s + 1 < segments;
            if (detrend == Detrend.CONSTANT && paired) {
                // segments s and s + 1 summed in one pass (each the bits of sum's), at even s
                if ((s & 1) == 0) {
                    sums(x, start, start + step, nperseg, pairSums);
                }
                windowMinusMean(x, start, pairSums[s & 1] / nperseg);
                fft.realForward(segment);
            } else {
                transform(x, start);
            }
            addPowers(acc, 0, first, last);
        }
        return segments;
    }

    /** Detrends and windows the segment at {@code x[start ..]} and Fourier-transforms it. */
    private void transform(float[] x, int start) {
        switch (detrend) {
            case CONSTANT:
                windowMinusMean(x, start);
                break;
            case LINEAR:
                windowMinusLine(x, start);
                break;
            default:
                windowOnly(x, start);
                break;
        }
        fft.realForward(segment);
    }

    /** Number of the PSD bins band powers read, {@link #segmentPowers}' stride. */
    public int usedBins() {
        return usedLast - usedFirst + 1;
    }

    /**
     * The periodogram |X_k|^2 of the one segment at {@code x[start .. start + nperseg)}, before
     * scaling, for the bins band powers read: bin usedFirst + j goes to {@code out[outOffset + j]},
     * {@link #usedBins} values. Summed in segment order by {@link #bandPowersOfSegments}, they give
     * the bits of {@link #bandPowers(float[], int, int, double[], int, double[], int)} over those
     * segments: a window's segments can then be transformed once and shared by the windows that
     * overlap it.
     *
     * @throws IndexOutOfBoundsException when a range lies outside its array
     */
    public void segmentPowers(float[] x, int start, double[] out, int outOffset) {
        Objects.checkFromIndexSize(start, nperseg, x.length);
        Objects.checkFromIndexSize(outOffset, usedBins(), out.length);
        transform(x, start);
        Arrays.fill(out, outOffset, outOffset + usedBins(), 0.0);
        addPowers(out, outOffset - usedFirst, usedFirst, usedLast);
    }

    /**
     * Band powers of one channel's window from the {@link #segmentPowers} of its {@code segments}
     * segments, held in a ring of {@code segments} slots at {@code powers[base + slot * usedBins]},
     * the window's first segment in slot {@code firstSlot}, the others after it (mod segments):
     * outputs as {@link #bandPowers(float[], int, int, double[], int, double[], int)} writes them,
     * the same bits.
     */
    public void bandPowersOfSegments(
            double[] powers,
            int base,
            int firstSlot,
            int segments,
            double[] out,
            int outOffset,
            double[] relativeOut,
            int relativeOffset) {
        final int used = usedBins();
        Objects.checkFromIndexSize(base, segments * used, powers.length);
        final double[] acc = accumulator;
        Arrays.fill(acc, usedFirst, usedLast + 1, 0.0);
        for (int s = 0; s < segments; s++) {
            // the window's segments oldest first: the order accumulate adds them in
            final int at = base + ((firstSlot + s) % segments) * used - usedFirst;
            for (int k = usedFirst; k <= usedLast; k++) {
                acc[k] += powers[at + k];
            }
        }
        writePsd(segments, channelPsd, 0, usedFirst, usedLast);
        bandPowers(channelPsd, 0, out, outOffset, relativeOut, relativeOffset);
    }

    /**
     * Mean removal and windowing. The mean is summed in double with four independent partial sums
     * (one dependent chain of 512 additions would cost more than the windowing itself); it is then
     * split into a float head and tail so that the subtraction runs in float yet rounds relative to
     * the detrended value, not to a large DC offset.
     */
    private void windowMinusMean(float[] x, int start) {
        windowMinusMean(x, start, sum(x, start, nperseg) / nperseg);
    }

    /** {@link #windowMinusMean(float[], int)} with the segment's mean given. */
    private void windowMinusMean(float[] x, int start, double mean) {
        final int n = nperseg;
        final float[] w = windowFloat;
        final float[] seg = segment;
        final float meanHigh = (float) mean;
        final float meanLow = (float) (mean - meanHigh);
        for (int i = 0; i < n; i++) {
            seg[i] = ((x[start + i] - meanHigh) - meanLow) * w[i];
        }
    }

    /** Least-squares line removal and windowing, in double: the line changes at every sample. */
    private void windowMinusLine(float[] x, int start) {
        final int n = nperseg;
        final double[] w = window;
        final float[] seg = segment;
        double sum0 = 0;
        double sum1 = 0;
        double ramp0 = 0;
        double ramp1 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            double v0 = x[start + i];
            double v1 = x[start + i + 1];
            sum0 += v0;
            sum1 += v1;
            ramp0 += i * v0;
            ramp1 += (i + 1) * v1;
        }
        for (; i < n; i++) {
            double v = x[start + i];
            sum0 += v;
            ramp0 += i * v;
        }
        final double sum = sum0 + sum1;
        // sum of (i - centre) x_i = sum of i x_i - centre sum of x_i
        final double slope = (ramp0 + ramp1 - rampCentre * sum) * rampNorm;
        // The line at i is mean + slope (i - centre) = intercept + slope i.
        final double intercept = sum / n - slope * rampCentre;
        for (i = 0; i < n; i++) {
            seg[i] = (float) ((x[start + i] - intercept - slope * i) * w[i]);
        }
    }

    private void windowOnly(float[] x, int start) {
        final int n = nperseg;
        final float[] w = windowFloat;
        final float[] seg = segment;
        for (int i = 0; i < n; i++) {
            seg[i] = x[start + i] * w[i];
        }
    }

    /**
     * {@link #sum} of {@code x[a ..]} into {@code out[0]} and of {@code x[b ..]} into {@code
     * out[1]}, each added in sum's order (the same bits) but in one loop: eight independent
     * additions per step instead of four, so the adder's latency no longer bounds the loop.
     */
    private static void sums(float[] x, int a, int b, int n, double[] out) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double t0 = 0;
        double t1 = 0;
        double t2 = 0;
        double t3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[a + i];
            s1 += x[a + i + 1];
            s2 += x[a + i + 2];
            s3 += x[a + i + 3];
            t0 += x[b + i];
            t1 += x[b + i + 1];
            t2 += x[b + i + 2];
            t3 += x[b + i + 3];
        }
        for (; i < n; i++) {
            s0 += x[a + i];
            t0 += x[b + i];
        }
        out[0] = (s0 + s1) + (s2 + s3);
        out[1] = (t0 + t1) + (t2 + t3);
    }

    private static double sum(float[] x, int start, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[start + i];
            s1 += x[start + i + 1];
            s2 += x[start + i + 2];
            s3 += x[start + i + 3];
        }
        for (; i < n; i++) {
            s0 += x[start + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Adds |X_k|^2 of the packed JTransforms real spectrum in {@link #segment} to {@code acc[at +
     * k]}, for bins k = first .. last.
     */
    private void addPowers(double[] acc, int at, int first, int last) {
        final float[] a = segment;
        final int n = nperseg;
        if (first == 0) {
            double dc = a[0];
            acc[at] += dc * dc;
        }
        // Even n: a[1] holds the real Nyquist term, pairs (a[2k], a[2k+1]) for 0 < k < n/2.
        // Odd n: no Nyquist bin; the last bin's real part is a[n-1], its imaginary part a[1].
        final int top = (n & 1) == 0 ? n >> 1 : (n - 1) >> 1;
        final int pairsEnd = Math.min(last + 1, top);
        for (int k = Math.max(first, 1); k < pairsEnd; k++) {
            double re = a[2 * k];
            double im = a[2 * k + 1];
            acc[at + k] += re * re + im * im;
        }
        if (last == top && top >= 1) {
            if ((n & 1) == 0) {
                double nyquist = a[1];
                acc[at + top] += nyquist * nyquist;
            } else {
                double re = a[n - 1];
                double im = a[1];
                acc[at + top] += re * re + im * im;
            }
        }
    }

    private double integrate(double[] psd, int psdOffset, int first, int last) {
        double sum = 0;
        for (int k = first; k <= last; k++) {
            sum += psd[psdOffset + k];
        }
        if (trapz) {
            // Trapezoid on a uniform grid: every bin counts fully except the two ends, which count
            // half (scipy.integrate.trapezoid over the bins lo <= f <= hi).
            sum -= 0.5 * (psd[psdOffset + first] + psd[psdOffset + last]);
        }
        return sum * binWidth;
    }

    private static void checkOutput(String name, double[] array, int needed) {
        if (array.length < needed) {
            throw new IllegalArgumentException(
                    name + " holds " + array.length + " values, " + needed + " needed");
        }
    }
}
