#!/usr/bin/env python3
"""Golden output of `neurostream bandpower` on a real file, made independently with MNE (EDF reading)
and scipy.signal.welch / butter / sosfilt. Parameters: nperseg = 2 s (320 samples at 160 Hz),
noverlap = 160, periodic Hann, one-sided density, detrend constant unless the case says otherwise;
rect = sum of bins lo <= f < hi times df; relative = band / rect power over 1-45 Hz.
bde (cases with --bde) = 0.5 ln(2 pi e var(y[160:])), y = sosfilt(butter(4, [lo, hi], btype='band',
fs=160, output='sos'), span) from rest at the span's start, var with ddof=0 over the span after its
first second (160 samples).
Cases (file: command-line options besides --input/--out):
  S001R01_rect.csv                  (none: whole recording)
  S001R01_trapz_10s_30s.csv         --start 10 --duration 30 --integration trapz
  S001R01_linear.csv                --detrend linear
  S001R01_bands_10s_30s.csv         --start 10 --duration 30 --bands slow:0.5-3,mu:8-12,high:30-70
  S001R01_rect_bde.csv              --bde
  S001R01_bands_bde_10s_30s.csv     --start 10 --duration 30 --bands slow:0.5-3,mu:8-12,high:30-70 --bde
Run with Debian's python3 (mne 1.3.0, scipy 1.10.1):
  /usr/bin/python3 make_golden.py ../../../../../shared/data/eeg/S001R01.edf
"""
import sys
import mne
import numpy as np
from scipy.signal import welch, butter, sosfilt
from scipy.integrate import trapezoid

path = sys.argv[1]
raw = mne.io.read_raw_edf(path, preload=True, verbose='ERROR')
fs = raw.info['sfreq']
data = raw.get_data() * 1e6  # V -> uV, the file's physical unit
labels = raw.ch_names
BANDS = [('delta', 1, 4), ('theta', 4, 8), ('alpha', 8, 13), ('beta', 13, 30), ('gamma', 30, 45)]
CUSTOM = [('slow', 0.5, 3), ('mu', 8, 12), ('high', 30, 70)]


def number(v):
    return str(int(v)) if v == int(v) else repr(float(v))


def case(name, x, rule, detrend='constant', bands=BANDS, bde=False):
    nperseg = int(round(2 * fs))
    f, psd = welch(x.astype(np.float32), fs=fs, nperseg=nperseg, noverlap=nperseg // 2,
                   detrend=False if detrend == 'none' else detrend, axis=-1)
    df = f[1] - f[0]
    settle = int(round(fs))

    def integrate(p, lo, hi):
        if rule == 'rect':
            return p[(f >= lo) & (f < hi)].sum() * df
        m = (f >= lo) & (f <= hi)
        return trapezoid(p[m], f[m])

    with open(name, 'w') as o:
        o.write('channel,label,band,lo_hz,hi_hz,power,relative' + (',bde' if bde else '') + '\n')
        for c in range(x.shape[0]):
            total = integrate(psd[c], 1, 45)
            for b, lo, hi in bands:
                p = integrate(psd[c], lo, hi)
                line = f'{c},{labels[c]},{b},{number(lo)},{number(hi)},{p!r},{p / total!r}'
                if bde:
                    sos = butter(4, [lo, hi], btype='band', fs=fs, output='sos')
                    y = sosfilt(sos, x[c].astype(np.float32).astype(np.float64))
                    line += f',{0.5 * np.log(2 * np.pi * np.e * np.var(y[settle:]))!r}'
                o.write(line + '\n')


span = data[:, int(10 * fs):int(40 * fs)]
case('S001R01_rect.csv', data, 'rect')
case('S001R01_trapz_10s_30s.csv', span, 'trapz')
case('S001R01_linear.csv', data, 'rect', detrend='linear')
case('S001R01_bands_10s_30s.csv', span, 'rect', bands=CUSTOM)
case('S001R01_rect_bde.csv', data, 'rect', bde=True)
case('S001R01_bands_bde_10s_30s.csv', span, 'rect', bands=CUSTOM, bde=True)
