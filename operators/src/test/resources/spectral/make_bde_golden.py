#!/usr/bin/python3
"""Golden values for the Java band differential entropy kernel
(org.neurostream.operators.spectral.Butterworth and BandEntropyKernel).

Independent implementation: scipy.signal.butter(N, [lo, hi], btype='band', fs=fs, output='sos')
and scipy.signal.sosfilt (Debian python3-scipy). Run from this folder with Debian's Python:

    /usr/bin/python3 make_bde_golden.py

Inputs: eeg_S001R01_4ch_20s.f32 (already here, written by make_golden.py: 4 EEG channels, 20 s at
160 Hz, uV), and a 2 kHz synthetic channel this script writes (see synthetic_2khz()). The float32
samples are converted to float64 before filtering, so the golden values carry no float32
arithmetic. The filter starts from zero state (sosfilt's default) at the first sample.

It writes, next to itself:
  synthetic_1ch_2khz_4s.f32  float32 little-endian, 1 channel x 8000 samples (4 s at 2000 Hz);
  bde_sos_golden.txt         second-order sections for every design case:
                               sos ORDER FS LO HI SECTIONS
                               row b0 b1 b2 a0 a1 a2          (SECTIONS rows, scipy's order)
  bde_filtered_golden.f64    float64 little-endian: sosfilt outputs, every DECIMATE-th sample
                             (indices 0, DECIMATE, 2 DECIMATE, ...), input by input, channel by
                             channel, band by band (default bands, order 4);
  bde_golden.txt             filter outputs' layout and the BDE per channel and band:
                               input NAME file=FILE channels=C samples=N fs=FS decimate=D
                               bde NAME CH h_delta h_theta h_alpha h_beta h_gamma
                             h = 0.5 ln(2 pi e var(y[settle:])) in nats, var with ddof=0,
                             settle = round(fs) samples (the first second).
Bands: delta 1-4, theta 4-8, alpha 8-13, beta 13-30, gamma 30-45 Hz.
"""
import os

import numpy as np
import scipy
import scipy.signal

HERE = os.path.dirname(os.path.abspath(__file__))
BANDS = [("delta", 1, 4), ("theta", 4, 8), ("alpha", 8, 13), ("beta", 13, 30), ("gamma", 30, 45)]
DECIMATE = 5


def synthetic_2khz():
    """One channel, 4 s at 2000 Hz, numpy default_rng(20240612): 20 sin(2pi 2.5t) +
    10 sin(2pi 10t) + 5 sin(2pi 37t) + 3 sin(2pi 300t) + N(0, 4) + 80 (a DC offset that the
    band-passes must remove, and a step at the start they must settle from)."""
    fs = 2000.0
    n = 4 * 2000
    rng = np.random.default_rng(20240612)
    t = np.arange(n) / fs
    x = (20 * np.sin(2 * np.pi * 2.5 * t) + 10 * np.sin(2 * np.pi * 10 * t)
         + 5 * np.sin(2 * np.pi * 37 * t) + 3 * np.sin(2 * np.pi * 300 * t)
         + 2 * rng.standard_normal(n) + 80)
    return fs, x.astype("<f4").reshape(1, n)


def sos_cases():
    cases = []
    for fs in (160, 256, 500, 1000, 2000):
        for _, lo, hi in BANDS:
            cases.append((4, fs, lo, hi))
    # narrow and low at a high rate, a notch-like narrow band, wide bands, a band near Nyquist
    cases += [(4, 2000, 0.5, 2), (4, 1000, 48, 52), (4, 160, 1, 45), (4, 256, 1, 100),
              (4, 2000, 100, 900), (4, 160, 60, 79)]
    for order in (2, 6, 8):
        cases += [(order, 256, 8, 13), (order, 160, 1, 45), (order, 2000, 1, 4)]
    return cases


def fmt(values):
    return " ".join(repr(float(v)) for v in values)


def main():
    lines = ["# made by make_bde_golden.py; scipy %s numpy %s" % (scipy.__version__, np.__version__)]
    for order, fs, lo, hi in sos_cases():
        sos = scipy.signal.butter(order, [lo, hi], btype="band", fs=fs, output="sos")
        lines.append("sos %d %s %s %s %d" % (order, repr(float(fs)), repr(float(lo)),
                                             repr(float(hi)), sos.shape[0]))
        lines += ["row " + fmt(row) for row in sos]
    with open(os.path.join(HERE, "bde_sos_golden.txt"), "w") as out:
        out.write("\n".join(lines) + "\n")

    eeg = np.fromfile(os.path.join(HERE, "eeg_S001R01_4ch_20s.f32"), dtype="<f4").reshape(4, 3200)
    syn_fs, syn = synthetic_2khz()
    syn.tofile(os.path.join(HERE, "synthetic_1ch_2khz_4s.f32"))
    inputs = [("eeg", "eeg_S001R01_4ch_20s.f32", 160.0, eeg),
              ("synthetic", "synthetic_1ch_2khz_4s.f32", syn_fs, syn)]
    lines = ["# made by make_bde_golden.py; scipy %s numpy %s" % (scipy.__version__, np.__version__),
             "# order 4, bands " + " ".join("%s:%g-%g" % b for b in BANDS)]
    filtered = []
    for name, file, fs, x in inputs:
        lines.append("input %s file=%s channels=%d samples=%d fs=%s decimate=%d"
                     % (name, file, x.shape[0], x.shape[1], repr(fs), DECIMATE))
        settle = int(round(fs))
        for ch in range(x.shape[0]):
            h = []
            for _, lo, hi in BANDS:
                sos = scipy.signal.butter(4, [lo, hi], btype="band", fs=fs, output="sos")
                y = scipy.signal.sosfilt(sos, x[ch].astype(np.float64))
                filtered.append(y[::DECIMATE])
                h.append(0.5 * np.log(2 * np.pi * np.e * np.var(y[settle:])))
            lines.append("bde %s %d %s" % (name, ch, fmt(h)))
    np.concatenate(filtered).astype("<f8").tofile(os.path.join(HERE, "bde_filtered_golden.f64"))
    with open(os.path.join(HERE, "bde_golden.txt"), "w") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
