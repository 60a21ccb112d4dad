// Motif detector delay-kernel accumulation (SPECS section 3) for OpenMotifBackend.
// Window: potentials acc[t * M + m] for window bins t = 0 .. L-1 (bin base + t); event bins are
// given relative to base (they may be negative: events of the D - 1 bins before the window).
// acc holds sum over events of K[m, a, d] for t = bin + d; the host adds the bias.

// Float atomic add through a compare-and-swap loop on the int view (OpenCL 1.2, no extension).
inline void atomic_add_float(volatile __global float *p, const float v) {
    union { unsigned int u; float f; } old, next;
    do {
        old.f = *p;
        next.f = old.f + v;
    } while (atomic_cmpxchg((volatile __global unsigned int *) p, old.u, next.u) != old.u);
}

__kernel void motif_clear(__global float *acc, const int n) {
    const int i = get_global_id(0);
    if (i < n) {
        acc[i] = 0.0f;
    }
}

__kernel void motif_clear_int(__global int *counts, const int n) {
    const int i = get_global_id(0);
    if (i < n) {
        counts[i] = 0;
    }
}

// Sparse path: one work-item per event scatters its address's CSR row into the bins it reaches.
__kernel void motif_scatter(__global const int *eventAddress, __global const int *eventBin,
        const int events, __global const int *rowStart, __global const int *entryDelay,
        __global const int *entryMotif, __global const float *entryWeight,
        __global float *acc, const int motifs, const int windowBins) {
    const int e = get_global_id(0);
    if (e >= events) {
        return;
    }
    const int a = eventAddress[e];
    const int bin = eventBin[e];
    const int end = rowStart[a + 1];
    for (int k = rowStart[a]; k < end; k++) {
        const int t = bin + entryDelay[k];
        if (t >= 0 && t < windowBins) {
            atomic_add_float(&acc[t * motifs + entryMotif[k]], entryWeight[k]);
        }
    }
}

// Dense path, step 1: the count raster A[r][a], raster row r = bin + D - 1 (rows 0 .. L + D - 2).
__kernel void motif_raster(__global const int *eventAddress, __global const int *eventBin,
        const int events, __global int *counts, const int addresses, const int delays,
        const int windowBins) {
    const int e = get_global_id(0);
    if (e >= events) {
        return;
    }
    const int r = eventBin[e] + delays - 1;
    if (r >= 0 && r < windowBins + delays - 1) {
        atomic_inc(&counts[r * addresses + eventAddress[e]]);
    }
}

// Dense path, step 2: acc[t][m] = sum over a, d of K[m, a, d] A[t + D - 1 - d][a].
__kernel void motif_dense(__global const int *counts, __global const float *kernelDense,
        __global float *acc, const int motifs, const int addresses, const int delays,
        const int windowBins) {
    const int m = get_global_id(0);
    const int t = get_global_id(1);
    if (m >= motifs || t >= windowBins) {
        return;
    }
    float sum = 0.0f;
    for (int a = 0; a < addresses; a++) {
        __global const float *k = kernelDense + (m * addresses + a) * delays;
        for (int d = 0; d < delays; d++) {
            const int c = counts[(t + delays - 1 - d) * addresses + a];
            if (c != 0) {
                sum += k[d] * (float) c;
            }
        }
    }
    acc[t * motifs + m] = sum;
}
