// Motif detector delay-kernel accumulation (docs/features.md#motif-detection) for
// OpenClMotifBackend.
// Window: potentials acc[t * M + m] for window bins t = 0 .. L-1 (bin base + t). acc holds the
// sum over events of K[m, a, d] for t = bin + d; the host adds the bias.
// Everything that changes from window to window comes in one upload, the int array win:
//   win[0] = n (events), win[1] = L (bins), win[2] = listBase, win[3] = offset of the addresses,
//   win[4] = offset of the relative bins; win[HEADER ..] = binStart, then the events: addresses
//   and bins relative to base, ascending; those of the D - 1 bins before the window (the tail)
//   come first, so relative bins start at -D + 1.
// binStart[t + D - 1], t = -D + 1 .. L: the first event whose relative bin is >= t (the host
// computes it while it stages the events), so the events of any run of bins are found without a
// search. So the kernels' arguments stay the same from window to window.
// Candidates: the cells whose potential may reach the threshold, listed for the host as
// (cell, acc bits, events reaching the cell's bin) triples after list[0], a counter that only
// grows: a window's k-th candidate goes to triple k = atomic_inc(list) - listBase, and the host,
// which reads the counter back with the list, gives the next window its value as listBase, so
// the list never needs emptying. A cell is listed when bias + acc >= threshold - 2 x the rounding
// bound of its sum (the host decides them with the exact bound).

#define TILE 32
#define HEADER 8

// Float atomic add through a compare-and-swap loop on the int view (OpenCL 1.2, no extension).
inline void local_atomic_add_float(volatile __local float *p, const float v) {
    union { unsigned int u; float f; } old, next;
    do {
        old.f = *p;
        next.f = old.f + v;
    } while (atomic_cmpxchg((volatile __local unsigned int *) p, old.u, next.u) != old.u);
}

// Events in the D bins that reach window bin t, i.e. bins t - D + 1 .. t.
inline int reach(__global const int *binStart, const int t, const int delays) {
    return binStart[t + delays] - binStart[t];
}

// Lists cell when bias + a is within twice the rounding bound of n summed events of threshold.
inline void list_candidate(const int cell, const float a, const float bias, const int n,
        const float threshold, const float biasBound, const float weightBound,
        __global int *list, const unsigned int listBase, const int capacity) {
    const float margin = 4.0f * (float) (n + 2) * 0x1p-24f * (biasBound + (float) n * weightBound);
    const float cut = nextafter(threshold - 2.0f * margin, -INFINITY);
    if (bias + a >= cut) {
        const unsigned int k = (unsigned int) atomic_inc(list) - listBase;
        if (k < (unsigned int) capacity) {
            list[1 + 3 * k] = cell;
            list[2 + 3 * k] = as_int(a);
            list[3 + 3 * k] = n;
        }
    }
}

// Sparse path. One work-group per TILE bins (dimension 0) and chunk of motifs (dimension 1) adds
// the CSR entries of the events that reach its bins into the tile's potentials in local memory,
// then writes the tile and lists its candidates. The group works in teams of `lanes` work-items:
// each team takes every teams-th event, its lanes split the event's entries that land in the tile
// (one delay range, so no two of them share a cell). Many events are in flight at once, local
// atomics rarely retry, and no global atomics are needed but the list's.
__kernel void motif_tile(__global const int *win, __global const int *delayStart,
        __global const int *entryDelay, __global const int *entryMotif,
        __global const float *entryWeight, __global const float *bias, const int motifs,
        const int chunk, const int delays, const float threshold, const float biasBound,
        const float weightBound, __global float *acc, __global int *list, const int capacity,
        const int lanes, __local float *tileAcc, __local int *tileReach) {
    const int windowBins = win[1];
    const unsigned int listBase = (unsigned int) win[2];
    __global const int *eventAddress = win + win[3];
    __global const int *eventRel = win + win[4];
    __global const int *binStart = win + HEADER;
    const int t0 = (int) get_group_id(0) * TILE;
    const int m0 = (int) get_group_id(1) * chunk;
    const int mc = min(chunk, motifs - m0);
    const int lid = (int) get_local_id(0);
    const int size = (int) get_local_size(0);
    for (int i = lid; i < TILE * mc; i += size) {
        tileAcc[i] = 0.0f;
    }
    for (int i = lid; i < TILE && t0 + i < windowBins; i += size) {
        tileReach[i] = reach(binStart, t0 + i, delays);
    }
    // events in bins t0 - D + 1 .. min(t0 + TILE, L) - 1: those reaching the tile's decided bins
    const int first = binStart[t0];
    const int last = binStart[min(t0 + TILE, windowBins) + delays - 1];
    barrier(CLK_LOCAL_MEM_FENCE);
    const int lane = lid % lanes;
    const int teams = size / lanes;
    for (int e = first + lid / lanes; e < last; e += teams) {
        const int rel = eventRel[e];
        const int dlo = max(0, t0 - rel);
        const int dhi = min(delays, t0 + TILE - rel);
        const int row = eventAddress[e] * (delays + 1);
        const int end = delayStart[row + dhi];
        for (int k = delayStart[row + dlo] + lane; k < end; k += lanes) {
            const int m = entryMotif[k] - m0;
            if (m >= 0 && m < mc) {
                local_atomic_add_float(&tileAcc[(rel + entryDelay[k] - t0) * mc + m], entryWeight[k]);
            }
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int i = lid; i < TILE * mc; i += size) {
        const int tt = i / mc;
        const int t = t0 + tt;
        if (t < windowBins) {
            const int m = m0 + i % mc;
            const int cell = t * motifs + m;
            const float a = tileAcc[i];
            acc[cell] = a;
            list_candidate(cell, a, bias[m], tileReach[tt], threshold, biasBound, weightBound,
                    list, listBase, capacity);
        }
    }
}

// Dense path, step 0: empties the count raster's rows 0 .. L + D - 2.
__kernel void motif_clear_counts(__global const int *win, __global int *counts,
        const int addresses, const int delays) {
    const int i = get_global_id(0);
    if (i < (win[1] + delays - 1) * addresses) {
        counts[i] = 0;
    }
}

// Dense path, step 1: the count raster A[r][a], raster row r = relative bin + D - 1 (rows 0 ..
// L + D - 2).
__kernel void motif_raster(__global const int *win, __global int *counts, const int addresses,
        const int delays) {
    const int e = get_global_id(0);
    if (e >= win[0]) {
        return;
    }
    const int r = win[win[4] + e] + delays - 1;
    if (r >= 0 && r < win[1] + delays - 1) {
        atomic_inc(&counts[r * addresses + win[win[3] + e]]);
    }
}

// Dense path, step 2: acc[t][m] = sum over a, d of K[m, a, d] A[t + D - 1 - d][a].
__kernel void motif_dense(__global const int *win, __global const int *counts,
        __global const float *kernelDense, __global float *acc, const int motifs,
        const int addresses, const int delays) {
    const int m = get_global_id(0);
    const int t = get_global_id(1);
    if (m >= motifs || t >= win[1]) {
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

// Dense path, step 3: the candidates of the window's potentials.
__kernel void motif_candidates(__global const int *win, __global const float *acc,
        __global const float *bias, const int motifs, const int delays, const float threshold,
        const float biasBound, const float weightBound, __global int *list, const int capacity) {
    const int cell = get_global_id(0);
    if (cell >= win[1] * motifs) {
        return;
    }
    const int t = cell / motifs;
    list_candidate(cell, acc[cell], bias[cell % motifs], reach(win + HEADER, t, delays),
            threshold, biasBound, weightBound, list, (unsigned int) win[2], capacity);
}
