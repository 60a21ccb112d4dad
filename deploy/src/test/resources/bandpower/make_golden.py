#!/usr/bin/env python3
"""Golden output of `neurostream bandpower` on a real file, made independently with MNE (EDF reading)
and scipy.signal.welch. Parameters: nperseg = 2 s (320 samples at 160 Hz), noverlap = 160, periodic
Hann, detrend constant, one-sided density; rect = sum of bins lo <= f < hi times df; relative =
band / rect power over 1-45 Hz. Whole recording (--start 0, no --duration), and a second case with
--start 10 --duration 30 --integration trapz.
Run with Debian's python3 (mne 1.3.0, scipy 1.10.1):
  /usr/bin/python3 make_golden.py ../../../../../shared/data/eeg/S001R01.edf
"""
import sys
import mne
import numpy as np
from scipy.signal import welch
from scipy.integrate import trapezoid

path = sys.argv[1]
raw = mne.io.read_raw_edf(path, preload=True, verbose='ERROR')
fs = raw.info['sfreq']
data = raw.get_data() * 1e6  # V -> uV, the file's physical unit
labels = raw.ch_names
bands = [('delta', 1, 4), ('theta', 4, 8), ('alpha', 8, 13), ('beta', 13, 30), ('gamma', 30, 45)]

def case(name, x, rule):
    nperseg = int(round(2 * fs))
    f, psd = welch(x.astype(np.float32), fs=fs, nperseg=nperseg, noverlap=nperseg // 2, axis=-1)
    df = f[1] - f[0]
    def integrate(p, lo, hi):
        if rule == 'rect':
            return p[(f >= lo) & (f < hi)].sum() * df
        m = (f >= lo) & (f <= hi)
        return trapezoid(p[m], f[m])
    with open(name, 'w') as o:
        o.write('channel,label,band,lo_hz,hi_hz,power,relative\n')
        for c in range(x.shape[0]):
            total = integrate(psd[c], 1, 45)
            for b, lo, hi in bands:
                p = integrate(psd[c], lo, hi)
                o.write(f'{c},{labels[c]},{b},{lo},{hi},{p!r},{p / total!r}\n')

case('S001R01_rect.csv', data, 'rect')
case('S001R01_trapz_10s_30s.csv', data[:, int(10 * fs):int(40 * fs)], 'trapz')
