#!/usr/bin/env python3
"""Golden values for the resting-state descriptor kernels (org.neurostream.operators.descriptors).

Reference implementations, from PyPI in a virtual environment outside the repository:

    python3 -m venv /work/venvs/descriptors
    /work/venvs/descriptors/bin/pip install numpy==2.4.6 scipy==1.17.1 mne==1.13.2 \
        mne-connectivity==0.9.0 fooof==1.1.1 nolds==0.6.2 tensorpac==0.6.5 antropy==0.2.3
    /work/venvs/descriptors/bin/python make_golden.py ../../../../../replay-data/eeg/S001R01.edf \
        /path/to/shared/data/eeg/S002R01.edf

(FOOOF 1.1.1 is the package since renamed specparam; its 1.x algorithm is specparam 1.x's.)

For each EDF file F it writes descriptors_F.txt next to itself. The samples are the whole
recording of every signal channel, converted from the digital values exactly as the Java
EdfReader does ((d - dmin) * (pmax - pmin) / (dmax - dmin) + pmin in double, rounded to float32),
then promoted to float64, so that golden values and Java see the same numbers (checked against
MNE's reader to 1e-3 uV). Parameters (the descriptors' defaults at 160 Hz):

  connectivity  channels 0-15 (120 pairs), non-overlapping 2 s epochs from the start (30 for 61 s),
                mne_connectivity.spectral_connectivity_epochs(epochs, method=['plv','pli','wpli'],
                mode='fourier', sfreq=fs, fmin=(1,4,8,13,30), fmax=(4,8,13,30,45), faverage=True)
  aperiodic     scipy.signal.welch(x, fs, nperseg=2 s) (Hann, 50 %, constant detrend, density) then
                fooof.FOOOF(peak_width_limits=(0.5, 12), max_n_peaks=inf, min_peak_height=0,
                peak_threshold=2, aperiodic_mode='fixed').fit(freqs, psd, [2, 40])
  alpha         peak: the frequency of the highest fm._spectrum_flat value with 7 <= f <= 14;
                instantaneous: median of diff(unwrap(angle(hilbert(filtfilt(firwin(2 fs + 1,
                [8, 13], pass_zero=False, fs=fs), 1, x))))) * fs / (2 pi)
  hjorth        np.var(x), antropy.hjorth_params(x) (mobility per sample)
  dfa           envelope |hilbert(filtfilt(firwin(2 fs + 1, [8, 13], pass_zero=False, fs=fs), 1, x))|,
                nolds.dfa(envelope, nvals, overlap=False, order=1, fit_trend='poly', fit_exp='poly',
                debug_data=True) with nvals = unique(round(logspace(log10(fs), log10(6 fs), 10)));
                r_squared = corrcoef(log n, log F)^2
  pac           tensorpac.Pac(idpac=(2, 0, 0), f_pha=[8, 12], f_amp=[30, 45], dcomplex='hilbert',
                cycle=(3, 6), n_bins=18).filterfit(fs, x)

File format (whitespace-separated, '#' starts a comment):
  file NAME channels C samples N fs FS
  conn BAND A B PLV PLI WPLI
  aperiodic CH OFFSET EXPONENT R2 NPEAKS
  peak CH CENTER POWER BANDWIDTH
  alpha CH PEAK_HZ INSTANTANEOUS_HZ
  hjorth CH ACTIVITY MOBILITY COMPLEXITY
  dfa CH ALPHA R2
  pac CH MI
"""
import os
import sys
import warnings

import numpy as np
import scipy
import scipy.signal

np.set_printoptions(legacy="1.25")  # plain repr of numpy scalars in the files
HERE = os.path.dirname(os.path.abspath(__file__))
BANDS = [("delta", 1, 4), ("theta", 4, 8), ("alpha", 8, 13), ("beta", 13, 30), ("gamma", 30, 45)]
CONN_CHANNELS = 16


def read_edf(path):
    """Signal channels of an EDF(+) file as the Java EdfReader gives them: float32, channel-major."""
    with open(path, "rb") as f:
        raw = f.read()
    ns = int(raw[252:256].decode().strip())
    records = int(raw[236:244].decode().strip())
    header = 256 + 256 * ns

    def field(offset, width):
        base = 256 + offset * ns
        return [raw[base + i * width: base + (i + 1) * width].decode("latin-1").strip() for i in range(ns)]

    labels = field(0, 16)
    pmin = [float(v) for v in field(16 + 80 + 8, 8)]
    pmax = [float(v) for v in field(16 + 80 + 8 + 8, 8)]
    dmin = [float(v) for v in field(16 + 80 + 8 + 16, 8)]
    dmax = [float(v) for v in field(16 + 80 + 8 + 24, 8)]
    nsamp = [int(v) for v in field(16 + 80 + 8 + 32 + 80, 8)]
    duration = float(raw[244:252].decode().strip())
    data = np.frombuffer(raw[header:header + records * sum(nsamp) * 2], dtype="<i2")
    data = data.reshape(records, sum(nsamp))
    keep = [i for i, l in enumerate(labels) if l != "EDF Annotations"]
    out = []
    start = np.cumsum([0] + nsamp)
    for i in keep:
        d = data[:, start[i]:start[i] + nsamp[i]].reshape(-1).astype(np.float64)
        phys = (d - dmin[i]) * (pmax[i] - pmin[i]) / (dmax[i] - dmin[i]) + pmin[i]
        out.append(phys.astype(np.float32))
    fs = nsamp[keep[0]] / duration
    return fs, [labels[i] for i in keep], np.array(out)


def check_against_mne(path, x):
    import mne

    raw = mne.io.read_raw_edf(path, preload=True, verbose="error")
    ref = raw.get_data(units="uV")
    assert ref.shape == x.shape, (ref.shape, x.shape)
    diff = np.max(np.abs(ref - x.astype(np.float64)))
    assert diff < 1e-3, diff


def connectivity(x, fs):
    from mne_connectivity import spectral_connectivity_epochs

    n = int(round(2 * fs))
    epochs = x.shape[1] // n
    data = x[:CONN_CHANNELS, :epochs * n].reshape(CONN_CHANNELS, epochs, n).transpose(1, 0, 2)
    cons = spectral_connectivity_epochs(
        data, method=["plv", "pli", "wpli"], mode="fourier", sfreq=fs,
        fmin=tuple(b[1] for b in BANDS), fmax=tuple(b[2] for b in BANDS), faverage=True,
        verbose=False)
    dense = [c.get_data(output="dense") for c in cons]  # (C, C, bands), lower triangle i > j
    rows = []
    for bi, (name, _, _) in enumerate(BANDS):
        for a in range(CONN_CHANNELS):
            for b in range(a + 1, CONN_CHANNELS):
                rows.append("conn %s %d %d %r %r %r" % (
                    name, a, b, dense[0][b, a, bi], dense[1][b, a, bi], dense[2][b, a, bi]))
    return rows, epochs


def firwin_envelope(x, fs, lo, hi):
    taps = int(round(2 * fs)) + 1
    b = scipy.signal.firwin(taps, [lo, hi], pass_zero=False, fs=fs)
    return scipy.signal.hilbert(scipy.signal.filtfilt(b, 1.0, x))


def per_channel(x, fs):
    import antropy
    import nolds
    from fooof import FOOOF
    from tensorpac import Pac

    rows = []
    nvals = np.unique(np.round(np.logspace(np.log10(fs), np.log10(6 * fs), 10)).astype(int))
    pac = Pac(idpac=(2, 0, 0), f_pha=[8, 12], f_amp=[30, 45], dcomplex="hilbert", cycle=(3, 6),
              n_bins=18, verbose=False)
    for c in range(x.shape[0]):
        xc = x[c].astype(np.float64)
        freqs, psd = scipy.signal.welch(xc, fs, nperseg=int(round(2 * fs)))
        fm = FOOOF(peak_width_limits=(0.5, 12), max_n_peaks=np.inf, min_peak_height=0.0,
                   peak_threshold=2.0, aperiodic_mode="fixed", verbose=False)
        fm.fit(freqs, psd, [2, 40])
        off, exp = fm.aperiodic_params_
        rows.append("aperiodic %d %r %r %r %d" % (c, off, exp, fm.r_squared_, fm.n_peaks_))
        for cf, pw, bw in fm.peak_params_:
            rows.append("peak %d %r %r %r" % (c, cf, pw, bw))
        mask = (fm.freqs >= 7) & (fm.freqs <= 14)
        peak = fm.freqs[mask][np.argmax(fm._spectrum_flat[mask])]
        z = firwin_envelope(xc, fs, 8, 13)
        inst = np.median(np.diff(np.unwrap(np.angle(z))) * fs / (2 * np.pi))
        rows.append("alpha %d %r %r" % (c, peak, inst))
        mob, com = antropy.hjorth_params(xc)
        rows.append("hjorth %d %r %r %r" % (c, np.var(xc), mob, com))
        alpha, (logn, logf, _) = nolds.dfa(np.abs(z), nvals=nvals, overlap=False, order=1,
                                          fit_trend="poly", fit_exp="poly", debug_data=True)
        rows.append("dfa %d %r %r" % (c, alpha, np.corrcoef(logn, logf)[0, 1] ** 2))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            mi = pac.filterfit(fs, xc[np.newaxis, :], n_jobs=1).squeeze()
        rows.append("pac %d %r" % (c, float(mi)))
    return rows


def versions():
    import antropy
    import fooof
    import mne
    import mne_connectivity
    import nolds
    import tensorpac
    from importlib.metadata import version

    return ("# numpy %s scipy %s mne %s mne-connectivity %s fooof %s nolds %s tensorpac %s "
            "antropy %s" % (np.__version__, scipy.__version__, mne.__version__,
                            mne_connectivity.__version__, fooof.__version__, version("nolds"),
                            tensorpac.__version__, version("antropy")))


def main(paths):
    for path in paths:
        fs, labels, x = read_edf(path)
        check_against_mne(path, x)
        name = os.path.splitext(os.path.basename(path))[0]
        conn, epochs = connectivity(x, fs)
        lines = ["# made by make_golden.py from %s" % os.path.basename(path), versions(),
                 "# connectivity over channels 0-%d, %d epochs of 2 s" % (CONN_CHANNELS - 1, epochs),
                 "file %s channels %d samples %d fs %r" % (name, x.shape[0], x.shape[1], fs)]
        lines += conn
        lines += per_channel(x, fs)
        with open(os.path.join(HERE, "descriptors_%s.txt" % name), "w") as f:
            f.write("\n".join(lines) + "\n")
        print("wrote descriptors_%s.txt (%d channels, %d samples)" % (name, x.shape[0], x.shape[1]))


if __name__ == "__main__":
    main(sys.argv[1:])
