#!/usr/bin/python3
"""Golden values for the calcium kernels, from NumPy 1.24 / SciPy 1.10 (Debian python3-scipy).

Run from this folder: /usr/bin/python3 make_golden.py [path/to/shared/data/calcium]

1. ar1_traces.npy (float64, 4 x 2000) and ar1_short.npy (float64, 200): seeded AR(1) traces;
   ar1_golden.csv: per trace, the noise sigma as CaImAn's GetSn(method='mean') computes it
   (scipy.signal.welch with its defaults, fs = 1; sqrt(mean(PSD over 0.25 < f < 0.5) / 2)) and g as
   CaImAn's estimate_time_constant(p=1, lags=5) computes it (least squares on the autocovariance
   with sigma^2 removed at lag 0), without its clamping.
2. normal_quantiles.csv: scipy.stats.norm.ppf at a few probabilities.
3. With the shared data folder: suite2p_silenced.csv and suite2p_dff_every50.npy: the dF/F path
   computed by brute force (x = F - 0.7 Fneu; F0 = numpy.percentile(x[max(0, t-499) : t+1], 8);
   an ROI is silenced from the first frame with F0 <= 0; dF/F = (x - F0) / F0, NaN once silenced),
   dF/F kept at frames 0, 50, ..., 1950 and 1999.
"""
import sys

import numpy as np
import scipy.linalg
import scipy.signal
import scipy.stats


def get_sn(y):
    ff, pxx = scipy.signal.welch(y)
    ind = np.logical_and(ff > 0.25, ff < 0.5)
    return np.sqrt(np.mean(pxx[ind] / 2))


def axcov(data, maxlag):
    data = data - np.mean(data)
    T = len(data)
    full = np.correlate(data, data, mode="full") / T
    mid = T - 1
    return full[mid - maxlag: mid + maxlag + 1]


def estimate_g(y, sn, p=1, lags=5):
    lags += p
    xc = axcov(y, lags)[:, np.newaxis]
    A = scipy.linalg.toeplitz(xc[lags + np.arange(lags)], xc[lags + np.arange(p)]) - sn ** 2 * np.eye(lags, p)
    g = np.linalg.lstsq(A, xc[lags + 1:], rcond=None)[0]
    return float(g.flatten()[0])


def ar1(T, g, sigma, rate, fs, seed):
    rng = np.random.default_rng(seed)
    s = (rng.random(T) < rate / fs) * (0.6 + 1.4 * rng.random(T))
    c = scipy.signal.lfilter([1], [1, -g], s)
    return c + sigma * rng.standard_normal(T)


traces = np.stack([
    ar1(2000, 0.95, 0.3, 0.5, 30, 1),
    ar1(2000, 0.80, 0.1, 1.0, 10, 2),
    ar1(2000, 0.97, 0.05, 0.2, 30, 3),
    np.random.default_rng(4).standard_normal(2000),
])
short = ar1(200, 0.9, 0.2, 1.0, 30, 5)
np.save("ar1_traces.npy", traces)
np.save("ar1_short.npy", short)
with open("ar1_golden.csv", "w") as f:
    f.write("trace,n,sigma,g\n")
    for i, y in enumerate(list(traces) + [short]):
        sn = get_sn(y)
        f.write("%d,%d,%.17g,%.17g\n" % (i, len(y), sn, estimate_g(y, sn)))

with open("normal_quantiles.csv", "w") as f:
    f.write("p,z\n")
    for p in [1e-6, 0.001, 0.02, 0.08, 0.15, 0.5, 0.92, 0.99, 0.999999]:
        f.write("%.17g,%.17g\n" % (p, scipy.stats.norm.ppf(p)))

if len(sys.argv) > 1:
    F = np.load(sys.argv[1] + "/suite2p_F.npy").astype(np.float64)
    N = np.load(sys.argv[1] + "/suite2p_Fneu.npy").astype(np.float64)
    x = F - 0.7 * N
    R, T = x.shape
    dff = np.full((R, T), np.nan)
    silenced = np.full(R, -1)
    for r in range(R):
        for t in range(T):
            f0 = np.percentile(x[r, max(0, t - 499): t + 1], 8)
            if f0 <= 0:
                silenced[r] = t
                break
            dff[r, t] = (x[r, t] - f0) / f0
    keep = list(range(0, T, 50)) + [T - 1]
    np.save("suite2p_dff_every50.npy", dff[:, keep])
    with open("suite2p_silenced.csv", "w") as f:
        f.write("roi,silenced_at,all_zero\n")
        for r in range(R):
            f.write("%d,%d,%d\n" % (r, silenced[r], int((F[r] == 0).all())))
