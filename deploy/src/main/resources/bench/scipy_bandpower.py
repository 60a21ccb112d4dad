#!/usr/bin/env python3
"""The work of `neurostream bandpower` done with numpy + scipy, for `neurostream bench` to time
whole processes side by side: read a 16-bit EDF with numpy, scale to physical units, one Welch
average per channel (scipy.signal.welch: periodic Hann, nperseg = 2 s, 50 % overlap, constant
detrend), rect band sums over delta..gamma and relative to 1-45 Hz, CSV out.
Usage: scipy_bandpower.py FILE.edf OUT.csv"""
import sys
import numpy as np
from scipy.signal import welch

path, out = sys.argv[1], sys.argv[2]
with open(path, 'rb') as f:
    head = f.read(256)
    ns = int(head[252:256])
    rest = f.read(256 * ns)
    nrec = int(head[236:244])
    field = lambda off, width, i: rest[ns * off + width * i: ns * off + width * (i + 1)].decode().strip()
    labels = [field(0, 16, i) for i in range(ns)]
    pmin = np.array([float(field(104, 8, i)) for i in range(ns)])
    pmax = np.array([float(field(112, 8, i)) for i in range(ns)])
    dmin = np.array([float(field(120, 8, i)) for i in range(ns)])
    dmax = np.array([float(field(128, 8, i)) for i in range(ns)])
    spr = int(field(216, 8, 0))
    dur = float(head[244:252])
    raw = np.fromfile(f, dtype='<i2', count=nrec * ns * spr)
fs = spr / dur
data = raw.reshape(nrec, ns, spr).transpose(1, 0, 2).reshape(ns, -1).astype(np.float32)
gain = ((pmax - pmin) / (dmax - dmin)).astype(np.float32)
data = (data - dmin[:, None].astype(np.float32)) * gain[:, None] + pmin[:, None].astype(np.float32)
nperseg = int(round(2 * fs))
f, psd = welch(data, fs=fs, nperseg=nperseg, noverlap=nperseg // 2, axis=-1)
df = f[1] - f[0]
bands = [('delta', 1, 4), ('theta', 4, 8), ('alpha', 8, 13), ('beta', 13, 30), ('gamma', 30, 45)]
total = psd[:, (f >= 1) & (f < 45)].sum(axis=1) * df
with open(out, 'w') as o:
    o.write('channel,label,band,lo_hz,hi_hz,power,relative\n')
    for c in range(ns):
        for name, lo, hi in bands:
            p = psd[c, (f >= lo) & (f < hi)].sum() * df
            o.write(f'{c},{labels[c]},{name},{lo},{hi},{p!r},{p / total[c]!r}\n')
