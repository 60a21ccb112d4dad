/*
 * Welch band power on an OpenCL device: the whole hot path of
 * org.neurostream.operators.spectral.WelchKernel (detrend, periodic Hann window, transform,
 * |X_k|^2, segment average with density scaling, band sums, relative power), in float32.
 *
 * Layout: x is channel-major, row c starts at c * rowStride; segment s of channel c starts at
 * s * step in its row. Work-group (s, c) transforms one segment; its local size must be a power
 * of two. tw[m] = exp(-2 pi i m / n) for m in [0, n).
 *
 * welch_fft: radix-2 decimation-in-time FFT in local memory; n must be a power of two (>= 2)
 * and n float2 values must fit in local memory. welch_dft: direct DFT of the bins 0 .. n/2 for
 * any n whose n floats fit in local memory (O(n^2) per segment: meant for the small,
 * non-power-of-two segments of EEG rates, such as 320 samples = 2 s at 160 Hz).
 */

#define DETREND_NONE 0
#define DETREND_CONSTANT 1
#define DETREND_LINEAR 2

/* Mean and least-squares slope (about the centre index) of seg[0 .. n): a tree reduction. */
static void segment_line(__global const float* seg, const int n, const float centre,
                         const float rampNorm, __local float* red, float* mean, float* slope) {
    const int lid = get_local_id(0);
    const int lsz = get_local_size(0);
    float s0 = 0.0f;
    float s1 = 0.0f;
    for (int i = lid; i < n; i += lsz) {
        const float v = seg[i];
        s0 += v;
        s1 += ((float) i - centre) * v;
    }
    red[lid] = s0;
    red[lsz + lid] = s1;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int h = lsz >> 1; h > 0; h >>= 1) {
        if (lid < h) {
            red[lid] += red[lid + h];
            red[lsz + lid] += red[lsz + lid + h];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    *mean = red[0] / (float) n;
    *slope = red[lsz] * rampNorm;
    /* red is read above by every work-item: nobody may reuse it before all have. */
    barrier(CLK_LOCAL_MEM_FENCE);
}

/* The detrended, windowed sample i of a segment whose line is mean + slope (i - centre). */
static float prepared(__global const float* seg, __global const float* window, const int i,
                      const float mean, const float slope, const float centre) {
    return ((seg[i] - mean) - slope * ((float) i - centre)) * window[i];
}

static uint reverse_bits(uint v, const int bits) {
    v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
    v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
    v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
    v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
    v = (v >> 16) | (v << 16);
    return v >> (32 - bits);
}

static void line_of(__global const float* seg, const int n, const int detrend, const float centre,
                    const float rampNorm, __local float* red, float* mean, float* slope) {
    *mean = 0.0f;
    *slope = 0.0f;
    /* detrend is the same for the whole work-group, so every work-item meets the barriers. */
    if (detrend != DETREND_NONE) {
        segment_line(seg, n, centre, rampNorm, red, mean, slope);
        if (detrend == DETREND_CONSTANT) {
            *slope = 0.0f;
        }
    }
}

__kernel void welch_fft(__global const float* x, const int rowStride, const int step,
                        const int segments, const int n, const int logn, const int bins,
                        const int detrend, const float centre, const float rampNorm,
                        __global const float* window, __global const float2* tw,
                        __global float* power, __local float2* buf, __local float* red) {
    const int s = get_group_id(0);
    const int c = get_global_id(1); /* the channel: the launch may start at a channel offset */
    const int lid = get_local_id(0);
    const int lsz = get_local_size(0);
    __global const float* seg = x + (size_t) c * rowStride + (size_t) s * step;
    float mean;
    float slope;
    line_of(seg, n, detrend, centre, rampNorm, red, &mean, &slope);
    for (int i = lid; i < n; i += lsz) {
        buf[reverse_bits((uint) i, logn)] =
                (float2) (prepared(seg, window, i, mean, slope, centre), 0.0f);
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    const int halfN = n >> 1;
    int stride = halfN;
    for (int span = 1; span < n; span <<= 1) {
        for (int j = lid; j < halfN; j += lsz) {
            const int pos = j & (span - 1);
            const int i0 = ((j - pos) << 1) + pos;
            const int i1 = i0 + span;
            const float2 w = tw[pos * stride];
            const float2 a = buf[i0];
            const float2 b = buf[i1];
            const float2 t = (float2) (b.x * w.x - b.y * w.y, b.x * w.y + b.y * w.x);
            buf[i0] = a + t;
            buf[i1] = a - t;
        }
        stride >>= 1;
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    __global float* out = power + ((size_t) c * segments + s) * bins;
    for (int k = lid; k < bins; k += lsz) {
        const float2 z = buf[k];
        out[k] = z.x * z.x + z.y * z.y;
    }
}

__kernel void welch_dft(__global const float* x, const int rowStride, const int step,
                        const int segments, const int n, const int bins, const int detrend,
                        const float centre, const float rampNorm, __global const float* window,
                        __global const float2* tw, __global float* power, __local float* buf,
                        __local float* red) {
    const int s = get_group_id(0);
    const int c = get_global_id(1); /* the channel: the launch may start at a channel offset */
    const int lid = get_local_id(0);
    const int lsz = get_local_size(0);
    __global const float* seg = x + (size_t) c * rowStride + (size_t) s * step;
    float mean;
    float slope;
    line_of(seg, n, detrend, centre, rampNorm, red, &mean, &slope);
    for (int i = lid; i < n; i += lsz) {
        buf[i] = prepared(seg, window, i, mean, slope, centre);
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    __global float* out = power + ((size_t) c * segments + s) * bins;
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

/* psd[c][k] = mean over segments of power[c][s][k], times the density scale of bin k. */
__kernel void welch_psd(__global const float* power, const int segments, const int bins,
                        __global const float* scale, const float inverseSegments,
                        __global float* psd) {
    const int k = get_global_id(0);
    const int c = get_global_id(1);
    if (k >= bins) {
        return;
    }
    __global const float* p = power + (size_t) c * segments * bins + k;
    float sum = 0.0f;
    for (int s = 0; s < segments; s++) {
        sum += p[(size_t) s * bins];
    }
    psd[(size_t) c * bins + k] = sum * inverseSegments * scale[k];
}

static float integrate(__global const float* p, const int first, const int last, const int trapz,
                       const float binWidth) {
    float sum = 0.0f;
    for (int k = first; k <= last; k++) {
        sum += p[k];
    }
    if (trapz) {
        sum -= 0.5f * (p[first] + p[last]);
    }
    return sum * binWidth;
}

/*
 * Band powers of channel c: out[c][b] for the bands, out[c][bands + b] for band / total power
 * over the relative range (0 where the total is 0). first/last hold bands + 1 bin ranges, the
 * last one the relative range.
 */
__kernel void welch_bands(__global const float* psd, const int bins, const int bands,
                          __global const int* first, __global const int* last, const int trapz,
                          const float binWidth, const int channels, __global float* out) {
    const int c = get_global_id(0);
    if (c >= channels) {
        return;
    }
    __global const float* p = psd + (size_t) c * bins;
    const float total = integrate(p, first[bands], last[bands], trapz, binWidth);
    const float inverseTotal = total > 0.0f ? 1.0f / total : 0.0f;
    __global float* o = out + (size_t) c * 2 * bands;
    for (int b = 0; b < bands; b++) {
        const float v = integrate(p, first[b], last[b], trapz, binWidth);
        o[b] = v;
        o[bands + b] = v * inverseTotal;
    }
}
