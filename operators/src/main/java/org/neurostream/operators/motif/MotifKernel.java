package org.neurostream.operators.motif;

import java.util.Arrays;

/**
 * A heterogeneous-delay motif kernel K[m, a, d] with biases b[m], stored row-compressed per input
 * address, the layout the streaming detector reads (docs/features.md#motif-detection).
 *
 * <p>Conventions: M motifs (outputs), N addresses (inputs), D delays; the causal potential is V[m,
 * t] = b[m] + sum over a, d of K[m, a, d] A[a, t - d], so delay 0 touches the bin of the event
 * itself. Only nonzero weights are stored. For address a, entries {@code rowStart(a)} to {@code
 * rowStart(a + 1) - 1} are sorted by delay, then motif; entry k holds its motif, its delay and its
 * weight, and (internally) d M + m, the entry's place in a ring laid out as [delay slot][motif].
 * {@link #delayStart(int, int)} is the first entry of address a with delay &gt;= d, which lets the
 * detector split an event's row at the ring's wrap point without a branch per weight.
 *
 * <p>Instances are immutable and can be shared between detectors and threads.
 */
public final class MotifKernel {
    private final int motifs;
    private final int addresses;
    private final int delays;
    private final float[] bias;

    /** delayStart[a * (D + 1) + d]; delayStart[a * (D + 1) + D] is the row's end. */
    private final int[] delayStart;

    private final int[] motifOf;
    private final int[] delayOf;
    private final int[] ringOffset;
    private final float[] weight;

    private MotifKernel(
            int motifs,
            int addresses,
            int delays,
            float[] bias,
            int[] delayStart,
            int[] motifOf,
            int[] delayOf,
            int[] ringOffset,
            float[] weight) {
        this.motifs = motifs;
        this.addresses = addresses;
        this.delays = delays;
        this.bias = bias;
        this.delayStart = delayStart;
        this.motifOf = motifOf;
        this.delayOf = delayOf;
        this.ringOffset = ringOffset;
        this.weight = weight;
    }

    /**
     * Builds the row-compressed kernel from a dense one, keeping its nonzero weights.
     *
     * @param kernel K in C order of shape [M, N, D]: K[m, a, d] at (m N + a) D + d
     * @param bias b, length M
     * @param motifs M &gt;= 1
     * @param addresses N &gt;= 1
     * @param delays D &gt;= 1
     * @throws IllegalArgumentException when a size is not positive, the arrays do not have the
     *     sizes given, M D exceeds the int range, or a weight or bias is not finite
     */
    public static MotifKernel fromDense(
            float[] kernel, float[] bias, int motifs, int addresses, int delays) {
        if (motifs < 1 || addresses < 1 || delays < 1) {
            throw new IllegalArgumentException(
                    "need M, N, D >= 1; got " + motifs + ", " + addresses + ", " + delays);
        }
        if ((long) motifs * addresses * delays != kernel.length || bias.length != motifs) {
            throw new IllegalArgumentException(
                    "kernel of "
                            + kernel.length
                            + " weights and bias"
                            + " of "
                            + bias.length
                            + " do not fit [M, N, D] = ["
                            + motifs
                            + ", "
                            + addresses
                            + ", "
                            + delays
                            + "]");
        }
        if ((long) motifs * delays > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("M D = " + (long) motifs * delays + " too large");
        }
        for (int m = 0; m < motifs; m++) {
            if (!Float.isFinite(bias[m])) {
                throw new IllegalArgumentException("bias[" + m + "] = " + bias[m]);
            }
        }
        int nnz = 0;
        for (int i = 0; i < kernel.length; i++) {
            if (!Float.isFinite(kernel[i])) {
                throw new IllegalArgumentException("weight " + i + " = " + kernel[i]);
            }
            if (kernel[i] != 0f) {
                nnz++;
            }
        }
        int[] delayStart = new int[addresses * (delays + 1)];
        int[] motifOf = new int[nnz];
        int[] delayOf = new int[nnz];
        int[] ringOffset = new int[nnz];
        float[] weight = new float[nnz];
        int k = 0;
        for (int a = 0; a < addresses; a++) {
            for (int d = 0; d < delays; d++) {
                delayStart[a * (delays + 1) + d] = k;
                for (int m = 0; m < motifs; m++) {
                    float w = kernel[(m * addresses + a) * delays + d];
                    if (w != 0f) {
                        motifOf[k] = m;
                        delayOf[k] = d;
                        ringOffset[k] = d * motifs + m;
                        weight[k] = w;
                        k++;
                    }
                }
            }
            delayStart[a * (delays + 1) + delays] = k;
        }
        return new MotifKernel(
                motifs,
                addresses,
                delays,
                bias.clone(),
                delayStart,
                motifOf,
                delayOf,
                ringOffset,
                weight);
    }

    /** Returns M, the number of motifs. */
    public int motifs() {
        return motifs;
    }

    /** Returns N, the number of input addresses. */
    public int addresses() {
        return addresses;
    }

    /** Returns D, the number of delays (bins 0 to D - 1). */
    public int delays() {
        return delays;
    }

    /** Returns the number of stored (nonzero) weights. */
    public int nonZeroCount() {
        return weight.length;
    }

    /** Returns the stored weights as a fraction of M N D. */
    public double density() {
        return weight.length / ((double) motifs * addresses * delays);
    }

    /** Returns b[m]. */
    public float bias(int motif) {
        return bias[motif];
    }

    /** Returns a copy of b. */
    public float[] biases() {
        return bias.clone();
    }

    /** Returns the dense kernel, C order [M, N, D], zeros where nothing is stored. */
    public float[] toDense() {
        float[] dense = new float[motifs * addresses * delays];
        for (int a = 0; a < addresses; a++) {
            for (int k = rowStart(a); k < rowStart(a + 1); k++) {
                dense[(motifOf[k] * addresses + a) * delays + delayOf[k]] = weight[k];
            }
        }
        return dense;
    }

    /**
     * Returns the first entry of address a's row; rowStart(N) is the number of entries.
     *
     * @param address 0 &lt;= address &lt;= N
     */
    public int rowStart(int address) {
        return address == addresses ? weight.length : delayStart[address * (delays + 1)];
    }

    /**
     * Returns the first entry of address a's row whose delay is &gt;= d (the row's end when d = D).
     *
     * @param address 0 &lt;= address &lt; N
     * @param delay 0 &lt;= delay &lt;= D
     */
    public int delayStart(int address, int delay) {
        return delayStart[address * (delays + 1) + delay];
    }

    /** Returns the motif of entry k. */
    public int motif(int entry) {
        return motifOf[entry];
    }

    /** Returns the delay of entry k. */
    public int delay(int entry) {
        return delayOf[entry];
    }

    /** Returns the weight of entry k. */
    public float weight(int entry) {
        return weight[entry];
    }

    // The detector's loop reads the arrays themselves (no accessor call per weight).
    int[] delayStartArray() {
        return delayStart;
    }

    int[] ringOffsetArray() {
        return ringOffset;
    }

    float[] weightArray() {
        return weight;
    }

    float[] biasArray() {
        return bias;
    }

    @Override
    public String toString() {
        return "MotifKernel[M="
                + motifs
                + ", N="
                + addresses
                + ", D="
                + delays
                + ", nonzero="
                + weight.length
                + ", bias[0..]="
                + Arrays.toString(Arrays.copyOf(bias, Math.min(3, motifs)))
                + "]";
    }
}
