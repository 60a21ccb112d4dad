#!/usr/bin/env python3
"""What `neurostream descriptors --input F.edf --out DIR` computes, done by the reference
implementations, for `neurostream bench` to time on the same file: MNE reads the EDF;
MNE-Connectivity (PLV, PLI, wPLI, mode 'fourier', faverage, non-overlapping 2 s epochs, the five
bandpower bands), scipy's Welch + FOOOF 1.1 ('fixed', 2-40 Hz), antropy (Hjorth), scipy firwin +
filtfilt + hilbert + nolds (DFA of the 8-13 Hz envelope), tensorpac (Tort's MI, 8-12 / 30-45 Hz)
and the alpha peak and instantaneous frequency. Writes the tables as .npy files into DIR.

Usage: python3 reference_descriptors.py F.edf DIR
Needs numpy, scipy, mne, mne-connectivity, fooof, nolds, tensorpac, antropy (versions as in
operators/src/test/resources/descriptors/make_golden.py).
"""
import os
import sys
import warnings

import antropy
import mne
import nolds
import numpy as np
import scipy.signal
from fooof import FOOOF
from mne_connectivity import spectral_connectivity_epochs
from tensorpac import Pac

LOS, HIS = (1, 4, 8, 13, 30), (4, 8, 13, 30, 45)


def main(path, out):
    warnings.simplefilter("ignore")
    raw = mne.io.read_raw_edf(path, preload=True, verbose="error")
    fs = raw.info["sfreq"]
    x = raw.get_data(units="uV")
    channels, n = x.shape
    seg = int(round(2 * fs))
    epochs = x[:, :(n // seg) * seg].reshape(channels, n // seg, seg).transpose(1, 0, 2)
    con = spectral_connectivity_epochs(epochs, method=["plv", "pli", "wpli"], mode="fourier",
                                       sfreq=fs, fmin=LOS, fmax=HIS, faverage=True, verbose=False)
    tables = {"connectivity": np.stack([c.get_data(output="dense") for c in con])}

    freqs, psd = scipy.signal.welch(x, fs, nperseg=seg)
    aperiodic, peaks, alpha = [], [], []
    taps = scipy.signal.firwin(seg + 1, [8, 13], pass_zero=False, fs=fs)
    analytic = scipy.signal.hilbert(scipy.signal.filtfilt(taps, 1.0, x, axis=-1), axis=-1)
    for c in range(channels):
        fm = FOOOF(peak_width_limits=(0.5, 12), max_n_peaks=np.inf, min_peak_height=0.0,
                   peak_threshold=2.0, aperiodic_mode="fixed", verbose=False)
        fm.fit(freqs, psd[c], [2, 40])
        aperiodic.append(list(fm.aperiodic_params_) + [fm.r_squared_, fm.n_peaks_])
        peaks += [[c] + list(p) for p in fm.peak_params_]
        band = (fm.freqs >= 7) & (fm.freqs <= 14)
        inst = np.median(np.diff(np.unwrap(np.angle(analytic[c]))) * fs / (2 * np.pi))
        alpha.append([fm.freqs[band][np.argmax(fm._spectrum_flat[band])], inst])
    tables.update(aperiodic=np.array(aperiodic), peaks=np.array(peaks), alpha=np.array(alpha))

    mobility, complexity = antropy.hjorth_params(x, axis=-1)
    tables["hjorth"] = np.stack([np.var(x, axis=-1), mobility, complexity], axis=1)
    nvals = np.unique(np.round(np.logspace(np.log10(fs), np.log10(6 * fs), 10)).astype(int))
    tables["dfa"] = np.array([nolds.dfa(np.abs(analytic[c]), nvals=nvals, overlap=False, order=1,
                                        fit_trend="poly", fit_exp="poly")
                              for c in range(channels)])
    pac = Pac(idpac=(2, 0, 0), f_pha=[8, 12], f_amp=[30, 45], dcomplex="hilbert", cycle=(3, 6),
              n_bins=18, verbose=False)
    tables["pac"] = pac.filterfit(fs, x, n_jobs=1).squeeze()
    os.makedirs(out, exist_ok=True)
    for name, table in tables.items():
        np.save(os.path.join(out, name + ".npy"), table)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
