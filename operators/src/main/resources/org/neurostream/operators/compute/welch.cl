/*
 * Welch band power on an OpenCL device: the whole hot path of
 * org.neurostream.operators.spectral.WelchKernel (detrend, periodic Hann window, transform,
 * |X_k|^2, segment average with density scaling, band sums, relative power), in float32, in two
 * kernels per batch.
 *
 * Layout: x is channel-major, row c starts at c * rowStride; segment s of channel c starts at
 * s * step in its row. tw[m] = exp(-2 pi i m / n) for m in [0, n).
 *
 * Step 1 sums the periodograms of a channel's segments into `rows` partial rows per channel:
 * partial[(c * rows + r) * bins + k].
 *   welch_fft_pairs (n a power of two): work-group (g, c) takes the pairs of segments
 *     g * pairsPerGroup .. and transforms each pair with one complex FFT, segment 2p as the real
 *     part and segment 2p + 1 as the imaginary part (zero when the count is odd): by the
 *     parallelogram law |A_k|^2 + |B_k|^2 = (|Z_k|^2 + |Z_(n-k)|^2) / 2, so the pair's two
 *     periodograms come out summed, at half the transforms. The FFT is a Stockham autosort FFT in
 *     local memory (radix 4, one radix-2 stage first when log2 n is odd), in place: every
 *     work-item reads its butterflies' inputs, a barrier, then writes their outputs. The local
 *     size must be a power of two with n / 16 <= size; each work-item keeps its bins' sums in
 *     registers over the group's pairs and writes them once (rows = groups per channel).
 *   welch_dft (any n): work-group (s, c) computes the direct DFT of segment s's one-sided bins
 *     (O(n^2): meant for the small, non-power-of-two segments of EEG rates, such as 320 samples
 *     = 2 s at 160 Hz) and writes row s (rows = segments).
 * Step 2, welch_psd_bands: work-group c adds its channel's rows, scales them into the PSD (in
 * local memory) and reduces the band integrals: out[c][b] for the bands, out[c][bands + b] for
 * band / total power over the relative range (0 where the total is 0).
 */

#define DETREND_NONE 0
#define DETREND_CONSTANT 1
#define DETREND_LINEAR 2

/* Butterflies per work-item per stage at most: n / 2 <= 8 x local size. */
#define MAX_RADIX2 8
#define MAX_RADIX4 4
/* One-sided bins per work-item at most: (n / 2 + 1) / local size, rounded up. */
#define MAX_BINS 9

static float2 cmul(const float2 a, const float2 w) {
    return (float2) (a.x * w.x - a.y * w.y, a.x * w.y + a.y * w.x);
}

/* In-place forward FFT of buf[0 .. n) (n = 2^logn); starts and ends with all items in step. */
static void fft_local(__local float2* buf, const int n, const int logn,
                      __global const float2* tw, const int lid, const int lsz) {
    int ns = 1;
    if (logn & 1) {
        const int halfN = n >> 1;
        float2 v0[MAX_RADIX2];
        float2 v1[MAX_RADIX2];
#pragma unroll
        for (int t = 0; t < MAX_RADIX2; t++) {
            const int j = lid + t * lsz;
            if (j < halfN) {
                v0[t] = buf[j];
                v1[t] = buf[j + halfN];
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
#pragma unroll
        for (int t = 0; t < MAX_RADIX2; t++) {
            const int j = lid + t * lsz;
            if (j < halfN) {
                /* ns = 1: no twiddle; outputs at 2j and 2j + 1 */
                buf[2 * j] = v0[t] + v1[t];
                buf[2 * j + 1] = v0[t] - v1[t];
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        ns = 2;
    }
    const int quarter = n >> 2;
    for (; ns < n; ns <<= 2) {
        const int stride = n / (ns << 2);
        float2 v0[MAX_RADIX4];
        float2 v1[MAX_RADIX4];
        float2 v2[MAX_RADIX4];
        float2 v3[MAX_RADIX4];
#pragma unroll
        for (int t = 0; t < MAX_RADIX4; t++) {
            const int j = lid + t * lsz;
            if (j < quarter) {
                const int k = j & (ns - 1);
                v0[t] = buf[j];
                v1[t] = cmul(buf[j + quarter], tw[k * stride]);
                v2[t] = cmul(buf[j + 2 * quarter], tw[2 * k * stride]);
                v3[t] = cmul(buf[j + 3 * quarter], tw[3 * k * stride]);
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
#pragma unroll
        for (int t = 0; t < MAX_RADIX4; t++) {
            const int j = lid + t * lsz;
            if (j < quarter) {
                const int k = j & (ns - 1);
                const float2 a0 = v0[t] + v2[t];
                const float2 a1 = v0[t] - v2[t];
                const float2 a2 = v1[t] + v3[t];
                const float2 d = v1[t] - v3[t];
                const float2 a3 = (float2) (d.y, -d.x); /* (v1 - v3) x (-i) */
                const int base = ((j - k) << 2) + k;
                buf[base] = a0 + a2;
                buf[base + ns] = a1 + a3;
                buf[base + 2 * ns] = a0 - a2;
                buf[base + 3 * ns] = a1 - a3;
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
}

/* Tree sum of red[0 .. lsz) into red[0], for `lanes` interleaved arrays of lsz floats each. */
static void reduce_local(__local float* red, const int lanes, const int lid, const int lsz) {
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int h = lsz >> 1; h > 0; h >>= 1) {
        if (lid < h) {
            for (int l = 0; l < lanes; l++) {
                red[l * lsz + lid] += red[l * lsz + lid + h];
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
}

__kernel void welch_fft_pairs(__global const float* x, const int rowStride, const int step,
                              const int segments, const int pairsPerGroup, const int rows,
                              const int n, const int logn, const int bins, const int detrend,
                              const float centre, const float rampNorm,
                              __global const float* window, __global const float2* tw,
                              __global float* partial, __local float2* buf,
                              __local float* red) {
    const int g = get_group_id(0);
    const int c = get_global_id(1);
    const int lid = get_local_id(0);
    const int lsz = get_local_size(0);
    __global const float* row = x + (size_t) c * rowStride;
    const int pairs = (segments + 1) >> 1;
    const int p0 = g * pairsPerGroup;
    const int p1 = min(pairs, p0 + pairsPerGroup);
    float acc[MAX_BINS];
#pragma unroll
    for (int t = 0; t < MAX_BINS; t++) {
        acc[t] = 0.0f;
    }
    for (int p = p0; p < p1; p++) {
        const int sa = 2 * p;
        const int hasB = sa + 1 < segments;
        __global const float* a = row + (size_t) sa * step;
        __global const float* b = a + step;
        float s0a = 0.0f;
        float s1a = 0.0f;
        float s0b = 0.0f;
        float s1b = 0.0f;
        for (int i = lid; i < n; i += lsz) {
            const float va = a[i];
            const float vb = hasB ? b[i] : 0.0f;
            const float r = (float) i - centre;
            buf[i] = (float2) (va, vb);
            s0a += va;
            s1a += r * va;
            s0b += vb;
            s1b += r * vb;
        }
        float meanA = 0.0f;
        float slopeA = 0.0f;
        float meanB = 0.0f;
        float slopeB = 0.0f;
        /* detrend is the same for the whole work-group, so every work-item meets the barriers */
        if (detrend != DETREND_NONE) {
            red[lid] = s0a;
            red[lsz + lid] = s1a;
            red[2 * lsz + lid] = s0b;
            red[3 * lsz + lid] = s1b;
            reduce_local(red, 4, lid, lsz);
            meanA = red[0] / (float) n;
            meanB = red[2 * lsz] / (float) n;
            if (detrend == DETREND_LINEAR) {
                slopeA = red[lsz] * rampNorm;
                slopeB = red[3 * lsz] * rampNorm;
            }
        }
        /* buf is complete, and red is read by all, before anyone writes either again */
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int i = lid; i < n; i += lsz) {
            const float2 v = buf[i];
            const float r = (float) i - centre;
            const float w = window[i];
            buf[i] = (float2) (((v.x - meanA) - slopeA * r) * w, ((v.y - meanB) - slopeB * r) * w);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        fft_local(buf, n, logn, tw, lid, lsz);
#pragma unroll
        for (int t = 0; t < MAX_BINS; t++) {
            const int k = lid + t * lsz;
            if (k < bins) {
                const float2 z1 = buf[k];
                const float2 z2 = buf[(n - k) & (n - 1)];
                acc[t] += 0.5f * (z1.x * z1.x + z1.y * z1.y + z2.x * z2.x + z2.y * z2.y);
            }
        }
        /* everyone has read buf before the next pair overwrites it */
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    __global float* out = partial + ((size_t) c * rows + g) * bins;
#pragma unroll
    for (int t = 0; t < MAX_BINS; t++) {
        const int k = lid + t * lsz;
        if (k < bins) {
            out[k] = acc[t];
        }
    }
}

__kernel void welch_dft(__global const float* x, const int rowStride, const int step,
                        const int segments, const int n, const int bins, const int detrend,
                        const float centre, const float rampNorm, __global const float* window,
                        __global const float2* tw, __global float* partial, __local float* buf,
                        __local float* red) {
    const int s = get_group_id(0);
    const int c = get_global_id(1);
    const int lid = get_local_id(0);
    const int lsz = get_local_size(0);
    __global const float* seg = x + (size_t) c * rowStride + (size_t) s * step;
    float s0 = 0.0f;
    float s1 = 0.0f;
    for (int i = lid; i < n; i += lsz) {
        const float v = seg[i];
        buf[i] = v;
        s0 += v;
        s1 += ((float) i - centre) * v;
    }
    float mean = 0.0f;
    float slope = 0.0f;
    if (detrend != DETREND_NONE) {
        red[lid] = s0;
        red[lsz + lid] = s1;
        reduce_local(red, 2, lid, lsz);
        mean = red[0] / (float) n;
        if (detrend == DETREND_LINEAR) {
            slope = red[lsz] * rampNorm;
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int i = lid; i < n; i += lsz) {
        buf[i] = ((buf[i] - mean) - slope * ((float) i - centre)) * window[i];
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    __global float* out = partial + ((size_t) c * segments + s) * bins;
    for (int k = lid; k < bins; k += lsz) {
        /* two interleaved partial sums: shorter rounding chains for the same work */
        float re0 = 0.0f;
        float im0 = 0.0f;
        float re1 = 0.0f;
        float im1 = 0.0f;
        int m = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            const float2 w0 = tw[m];
            m += k;
            if (m >= n) {
                m -= n;
            }
            const float2 w1 = tw[m];
            m += k;
            if (m >= n) {
                m -= n;
            }
            re0 += buf[i] * w0.x;
            im0 += buf[i] * w0.y;
            re1 += buf[i + 1] * w1.x;
            im1 += buf[i + 1] * w1.y;
        }
        if (i < n) {
            re0 += buf[i] * tw[m].x;
            im0 += buf[i] * tw[m].y;
        }
        const float re = re0 + re1;
        const float im = im0 + im1;
        out[k] = re * re + im * im;
    }
}

__kernel void welch_psd_bands(__global const float* partial, const int rows, const int bins,
                              __global const float* scale, const float inverseSegments,
                              const int bands, __global const int* first,
                              __global const int* last, const int trapz, const float binWidth,
                              __global float* out, __local float* psd, __local float* red) {
    const int c = get_group_id(0);
    const int lid = get_local_id(0);
    const int lsz = get_local_size(0);
    __global const float* p = partial + (size_t) c * rows * bins;
    for (int k = lid; k < bins; k += lsz) {
        float s = 0.0f;
        for (int r = 0; r < rows; r++) {
            s += p[(size_t) r * bins + k];
        }
        psd[k] = s * inverseSegments * scale[k];
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    __global float* o = out + (size_t) c * 2 * bands;
    float inverseTotal = 0.0f;
    /* the relative range (index bands) first: every band is divided by its total */
    for (int b = bands; b >= 0; b--) {
        const int f = first[b];
        const int l = last[b];
        float s = 0.0f;
        for (int k = f + lid; k <= l; k += lsz) {
            s += psd[k];
        }
        red[lid] = s;
        reduce_local(red, 1, lid, lsz);
        float v = red[0];
        if (trapz) {
            v -= 0.5f * (psd[f] + psd[l]);
        }
        v *= binWidth;
        if (b == bands) {
            inverseTotal = v > 0.0f ? 1.0f / v : 0.0f;
        } else if (lid == 0) {
            o[b] = v;
            o[bands + b] = v * inverseTotal;
        }
        /* red[0] is read by all before the next band's sums overwrite it */
        barrier(CLK_LOCAL_MEM_FENCE);
    }
}
