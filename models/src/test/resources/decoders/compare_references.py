#!/usr/bin/env python3
"""The decoder benchmark of known difficulty: held-out trial accuracy of every NeuroStream
pipeline next to its reference implementation, on the same generated runs and the same epochs.

    /work/venvs/decoders/bin/python models/src/test/resources/decoders/compare_references.py \
        [--depths 0.2,0.35,0.5] [--seed 21] [--out /tmp/decoder-benchmark]

(the virtual environment of make_golden.py; run from the repository root, with ./neurostream
built). For each depth it generates six runs of one simulated subject with
`./neurostream synth-eeg`, calibrates on runs 1-3 and tests on runs 4-6 (T1 left fist against
T2 right fist: 45 trials each):

  ours        `./neurostream train-decoder --input r1 r2 r3 --classes T1,T2 --pipeline P`
              then `./neurostream evaluate-decoder --input r4 r5 r6`: its trial_accuracy
  references  the same epochs (the files read by MNE, the causal Butterworth filters of the
              pipeline run with scipy's sosfilt from each file's first sample, samples
              [round((onset + 0.5) fs), + 320)), fitted on the calibration trials:
    csp-lda       MNE CSP(6, reg='ledoit_wolf', log=True) + sklearn LDA(lsqr, shrinkage='auto')
    fbcsp-lda     MNE CSP(4, reg='ledoit_wolf') per band 4-8..36-40 Hz,
                  SelectKBest(mutual_info_classif, k=10), LDA(lsqr, auto)
    ts-lr         pyRiemann Covariances('oas') + TangentSpace('riemann') + sklearn
                  LogisticRegression with C = 1 / (n l2), l2 chosen as our ts-lr chooses it (the
                  grid, the lowest mean held-out log-loss over 5 grouped folds of the calibration
                  trials: make_golden.choose_l2); also the MOABB default C = 1 (ts-lr C=1)
    mdm           pyRiemann Covariances('oas') + MDM('riemann')
    bandpower-lr  log10 band power (scipy.signal.welch, one 2 s Hann segment, the job's five
                  bands, rectangle rule) + StandardScaler + LogisticRegression, l2 chosen the same
                  way over our bandpower-lr's grid
Prints a markdown table: depth, pipeline, ours, reference, difference.
"""
import argparse
import os
import re
import subprocess

import sys

import mne
import numpy as np
import scipy.signal
from mne.decoding import CSP
from pyriemann.classification import MDM
from pyriemann.estimation import Covariances
from pyriemann.tangentspace import TangentSpace
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.feature_selection import SelectKBest, mutual_info_classif
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_golden import choose_l2, lr_fit  # noqa: E402  (the mirrored l2 choice)

mne.set_log_level("ERROR")
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../.."))
LAUNCHER = os.path.join(ROOT, "neurostream")
PIPELINES = ["csp-lda", "fbcsp-lda", "ts-lr", "mdm", "bandpower-lr"]
L2_GRID = np.array([1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1.0, 3.0, 10.0])
BP_GRID = np.array([1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0])
BANDS = [(1, 4), (4, 8), (8, 13), (13, 30), (30, 45)]


def epochs(files, bands, classes=("T1", "T2")):
    xs, ys = [], []
    for f in files:
        raw = mne.io.read_raw_edf(f, preload=True)
        fs = raw.info["sfreq"]
        data = (raw.get_data() * 1e6).astype(np.float32).astype(np.float64)
        if bands:
            outs = [
                scipy.signal.sosfilt(
                    scipy.signal.butter(4, band, btype="band", fs=fs, output="sos"), data, axis=1
                )
                for band in bands
            ]
        else:
            outs = [data]
        for onset, text in zip(raw.annotations.onset, raw.annotations.description):
            if text not in classes:
                continue
            start = int(round((onset + 0.5) * fs))
            xs.append(np.stack([o[:, start : start + 320] for o in outs]))
            ys.append(classes.index(text))
    return np.array(xs), np.array(ys)


def accuracy(model, x, y):
    return float(np.mean(model.predict(x) == y))


def reference(name, train, test):
    if name == "csp-lda":
        (x, y), (xt, yt) = [epochs(f, [(8, 30)]) for f in (train, test)]
        model = make_pipeline(
            CSP(n_components=6, reg="ledoit_wolf", log=True),
            LinearDiscriminantAnalysis(solver="lsqr", shrinkage="auto"),
        )
        return accuracy(model.fit(x[:, 0], y), xt[:, 0], yt)
    if name == "fbcsp-lda":
        bands = [(lo, lo + 4) for lo in range(4, 40, 4)]
        (x, y), (xt, yt) = [epochs(f, bands) for f in (train, test)]
        feats, feats_t = [], []
        for b in range(len(bands)):
            csp = CSP(n_components=4, reg="ledoit_wolf", log=True).fit(x[:, b], y)
            feats.append(csp.transform(x[:, b]))
            feats_t.append(csp.transform(xt[:, b]))
        model = make_pipeline(
            SelectKBest(lambda a, b: mutual_info_classif(a, b, n_neighbors=3, random_state=0), k=10),
            LinearDiscriminantAnalysis(solver="lsqr", shrinkage="auto"),
        )
        return accuracy(model.fit(np.hstack(feats), y), np.hstack(feats_t), yt)
    if name in ("ts-lr", "ts-lr C=1"):
        (x, y), (xt, yt) = [epochs(f, [(8, 30)]) for f in (train, test)]
        cov = Covariances("oas")
        c, ct = cov.transform(x[:, 0]), cov.transform(xt[:, 0])
        ts = TangentSpace(metric="riemann").fit(c)
        v, vt = ts.transform(c), ts.transform(ct)
        if name == "ts-lr C=1":
            return accuracy(LogisticRegression(C=1.0, max_iter=10000).fit(v, y), vt, yt)
        groups = np.arange(len(y))
        return accuracy(lr_fit(v, y, choose_l2(v, y, groups, 5)), vt, yt)
    if name == "mdm":
        (x, y), (xt, yt) = [epochs(f, [(8, 30)]) for f in (train, test)]
        cov = Covariances("oas")
        return accuracy(MDM(metric="riemann").fit(cov.transform(x[:, 0]), y),
                        cov.transform(xt[:, 0]), yt)
    if name == "bandpower-lr":
        (x, y), (xt, yt) = [epochs(f, None) for f in (train, test)]

        def features(e):
            f, p = scipy.signal.welch(e[:, 0], fs=160, nperseg=320, axis=-1)
            df = f[1] - f[0]
            power = [p[..., (f >= lo) & (f < hi)].sum(-1) * df for lo, hi in BANDS]
            return np.log10(np.maximum(np.stack(power, -1), 1e-12)).reshape(len(e), -1)

        f, ft = features(x), features(xt)
        groups = np.arange(len(y))
        l2 = choose_l2(f, y, groups, 5, grid=BP_GRID, standardise=True)
        scaler = StandardScaler().fit(f)
        return accuracy(lr_fit(scaler.transform(f), y, l2), scaler.transform(ft), yt)
    raise ValueError(name)


def ours(name, train, test, folder):
    model = os.path.join(folder, name + ".json")
    subprocess.run(
        [LAUNCHER, "train-decoder", "--input", *train, "--classes", "T1,T2", "--pipeline", name,
         "--out", model],
        check=True, stdout=subprocess.DEVNULL,
    )
    out = subprocess.run(
        [LAUNCHER, "evaluate-decoder", "--model", model, "--input", *test],
        check=True, capture_output=True, text=True,
    ).stdout
    return float(re.search(r"trial_accuracy=([0-9.]+)", out).group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--depths", default="0.2,0.35,0.5")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--out", default="/tmp/decoder-benchmark")
    parser.add_argument("--pipelines", default=",".join(PIPELINES))
    args = parser.parse_args()
    print("| depth | pipeline | NeuroStream | reference | reference value | difference |")
    print("|---|---|---|---|---|---|")
    names = {
        "csp-lda": "MNE CSP + LDA",
        "fbcsp-lda": "MNE CSP per band + MI + LDA",
        "ts-lr": "pyRiemann TS + LR (C by CV)",
        "mdm": "pyRiemann MDM",
        "bandpower-lr": "Welch log power + LR (C by CV)",
    }
    for depth in args.depths.split(","):
        folder = os.path.join(args.out, "depth-" + depth)
        subprocess.run(
            [LAUNCHER, "synth-eeg", "--out", folder, "--seed", str(args.seed), "--depth", depth,
             "--runs", "6"],
            check=True, stdout=subprocess.DEVNULL,
        )
        files = [os.path.join(folder, "synth-s%d-r%02d.edf" % (args.seed, r)) for r in range(1, 7)]
        train, test = files[:3], files[3:]
        for name in args.pipelines.split(","):
            a = ours(name, train, test, folder)
            r = reference(name, train, test)
            print(f"| {depth} | {name} | {a:.3f} | {names[name]} | {r:.3f} | {a - r:+.3f} |",
                  flush=True)
        r = reference("ts-lr C=1", train, test)
        print(f"| {depth} | (reference only) | | pyRiemann TS + LR, C = 1 (MOABB) | {r:.3f} | |",
              flush=True)


if __name__ == "__main__":
    main()
