#!/usr/bin/python3
"""Golden values for the Java Welch kernel (org.neurostream.operators.spectral.WelchKernel).

Independent implementation: scipy.signal.welch and scipy.integrate.trapezoid (Debian
python3-scipy), the EDF read by MNE (python3-mne). Run from this folder with Debian's Python:

    /usr/bin/python3 make_golden.py [/path/to/shared/data/eeg/S001R01.edf]

It writes, next to itself:
  eeg_S001R01_4ch_20s.f32   float32 little-endian, channel-major [4 channels][3200 samples]:
                            channels Fc5. Cz.. Fp1. O1.. of PhysioNet EEGMMIDB S001R01.edf,
                            seconds 0-20 at 160 Hz, in uV (mne get_data(units='uV'));
  synthetic_3ch_20s.f32     float32 little-endian, channel-major [3 channels][5120 samples],
                            a seeded synthetic signal at 256 Hz (see synthetic());
  welch_golden.txt          the PSDs and band powers scipy gives on exactly those float32 samples
                            (converted to float64 before the call, so the golden values carry no
                            float32 arithmetic), one case per parameter set.

welch_golden.txt format (whitespace-separated, '#' starts a comment):
  input NAME file=FILE channels=C samples=N fs=FS
  case ID input=NAME nperseg=P noverlap=O detrend=constant|linear|none bins=B segments=S
  psd CH v_0 .. v_{B-1}                  (input unit^2/Hz)
  rect CH delta theta alpha beta gamma   (sum of bins lo <= f < hi, times df)
  rect_rel CH ...                        (rect band / rect power over 1-45 Hz)
  trapz CH ...                           (trapezoid over bins lo <= f <= hi)
  trapz_rel CH ...                       (trapz band / trapz power over 1-45 Hz)
Bands: delta 1-4, theta 4-8, alpha 8-13, beta 13-30, gamma 30-45 Hz; window periodic Hann
(scipy 'hann'), scaling='density', average='mean', one-sided.
"""
import os
import sys

import numpy as np
import scipy
import scipy.integrate
import scipy.signal

HERE = os.path.dirname(os.path.abspath(__file__))
BANDS = [("delta", 1, 4), ("theta", 4, 8), ("alpha", 8, 13), ("beta", 13, 30), ("gamma", 30, 45)]
TOTAL = (1, 45)
EEG_CHANNELS = ["Fc5.", "Cz..", "Fp1.", "O1.."]


def eeg(path):
    import mne

    raw = mne.io.read_raw_edf(path, preload=True, verbose="error")
    fs = raw.info["sfreq"]
    n = int(round(20 * fs))
    data = raw.get_data(picks=EEG_CHANNELS, units="uV")[:, :n]
    return fs, data.astype("<f4"), mne.__version__


def synthetic():
    """Three channels at 256 Hz, 20 s, numpy default_rng(20240611).

    0: 4 sin(2pi 2t) + 3 sin(2pi 6t) + 10 sin(2pi 10t) + 2 sin(2pi 20t) + sin(2pi 40t), random
       phases, + N(0, 1) + 50 (a DC offset);
    1: random walk (cumulative sum of N(0, 1)) + 0.5 t - 30 (drift, ramp and offset);
    2: N(0, 25) + 8 sin(2pi 60t) (white noise with line noise).
    """
    fs = 256.0
    n = 20 * 256
    rng = np.random.default_rng(20240611)
    t = np.arange(n) / fs
    x = np.empty((3, n))
    phases = rng.uniform(0, 2 * np.pi, 5)
    x[0] = sum(a * np.sin(2 * np.pi * f * t + p)
               for a, f, p in zip([4, 3, 10, 2, 1], [2, 6, 10, 20, 40], phases))
    x[0] += rng.standard_normal(n) + 50
    x[1] = np.cumsum(rng.standard_normal(n)) + 0.5 * t - 30
    x[2] = 5 * rng.standard_normal(n) + 8 * np.sin(2 * np.pi * 60 * t)
    return fs, x.astype("<f4")


def band_powers(f, p):
    df = f[1] - f[0]
    rect = []
    trapz = []
    for _, lo, hi in BANDS + [("total",) + TOTAL]:
        rect.append(p[(f >= lo) & (f < hi)].sum() * df)
        m = (f >= lo) & (f <= hi)
        trapz.append(scipy.integrate.trapezoid(p[m], f[m]))
    rect = np.array(rect)
    trapz = np.array(trapz)
    return rect[:-1], rect[:-1] / rect[-1], trapz[:-1], trapz[:-1] / trapz[-1]


def fmt(values):
    return " ".join("%.12e" % v for v in values)


def main():
    edf = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        HERE, "../../../../../../shared/data/eeg/S001R01.edf")
    eeg_fs, eeg_x, mne_version = eeg(edf)
    syn_fs, syn_x = synthetic()
    inputs = {
        "eeg": ("eeg_S001R01_4ch_20s.f32", eeg_fs, eeg_x),
        "synthetic": ("synthetic_3ch_20s.f32", syn_fs, syn_x),
    }
    # (id, input, nperseg, noverlap, detrend): 320 = 2 s at 160 Hz (mixed-radix FFT), 256 and 512
    # powers of two, 255 odd (no Nyquist bin), 211 prime (Bluestein FFT in JTransforms).
    cases = [
        ("eeg_320_constant", "eeg", 320, 160, "constant"),
        ("eeg_320_linear", "eeg", 320, 160, "linear"),
        ("eeg_320_none", "eeg", 320, 160, "none"),
        ("eeg_256_constant", "eeg", 256, 128, "constant"),
        ("synthetic_512_constant", "synthetic", 512, 256, "constant"),
        ("synthetic_512_linear", "synthetic", 512, 256, "linear"),
        ("synthetic_512_none", "synthetic", 512, 256, "none"),
        ("synthetic_255_constant", "synthetic", 255, 127, "constant"),
        ("synthetic_211_linear", "synthetic", 211, 100, "linear"),
    ]
    lines = [
        "# Welch golden values made by make_golden.py (see its docstring for the format)",
        "# scipy %s numpy %s mne %s; EDF %s" % (
            scipy.__version__, np.__version__, mne_version, os.path.basename(edf)),
        "# bands " + " ".join("%s:%g-%g" % b for b in BANDS) + "; relative range %g-%g Hz" % TOTAL,
    ]
    for name, (file, fs, x) in inputs.items():
        x.tofile(os.path.join(HERE, file))
        lines.append("input %s file=%s channels=%d samples=%d fs=%g"
                     % (name, file, x.shape[0], x.shape[1], fs))
    for cid, name, nperseg, noverlap, detrend in cases:
        _, fs, x = inputs[name]
        f, p = scipy.signal.welch(
            x.astype(np.float64), fs=fs, window="hann", nperseg=nperseg, noverlap=noverlap,
            detrend=False if detrend == "none" else detrend, return_onesided=True,
            scaling="density", average="mean", axis=-1)
        segments = (x.shape[1] - nperseg) // (nperseg - noverlap) + 1
        lines.append("case %s input=%s nperseg=%d noverlap=%d detrend=%s bins=%d segments=%d"
                     % (cid, name, nperseg, noverlap, detrend, len(f), segments))
        for ch in range(x.shape[0]):
            rect, rect_rel, trapz, trapz_rel = band_powers(f, p[ch])
            lines.append("psd %d %s" % (ch, fmt(p[ch])))
            lines.append("rect %d %s" % (ch, fmt(rect)))
            lines.append("rect_rel %d %s" % (ch, fmt(rect_rel)))
            lines.append("trapz %d %s" % (ch, fmt(trapz)))
            lines.append("trapz_rel %d %s" % (ch, fmt(trapz_rel)))
    with open(os.path.join(HERE, "welch_golden.txt"), "w") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
