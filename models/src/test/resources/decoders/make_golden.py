#!/usr/bin/env python3
"""Golden values for the decoders (models/src/test/resources/decoders), from the field's
reference implementations. Run from the repository root with the pinned virtual environment:

    python3 -m venv /work/venvs/decoders
    /work/venvs/decoders/bin/pip install numpy==2.4.6 scipy==1.17.1 scikit-learn==1.9.1 \
        mne==1.13.2 pyriemann==0.12
    /work/venvs/decoders/bin/python models/src/test/resources/decoders/make_golden.py

Writes, next to this script:
  fixture_epochs.npy, fixture_labels.npy  24 seeded trials x 8 channels x 200 samples, 2 classes
  golden.json                             reference results on the fixture (section "fixture"),
                                          on the real recording S001R04 (section "s001r04", when
                                          ../shared/data/eeg/S001R04.edf exists) and MNE's reading
                                          of an EDF+ file written by `neurostream synth-eeg`
                                          (section "synth_edf", needs the built ./neurostream)

Parameters (mirrored by the Java pipelines; see docs/decoders.md):
  CSP       mne.decoding.CSP(n_components, reg='ledoit_wolf', log=True, cov_est='concat',
            component_order='mutual_info')
  LDA       sklearn LinearDiscriminantAnalysis(solver='lsqr', shrinkage='auto')
  cov       pyriemann Covariances(estimator='oas')
  mean      pyriemann mean_riemann (tol 1e-8, maxiter 50)
  TS        pyriemann TangentSpace(metric='riemann')
  MDM       pyriemann MDM(metric='riemann')
  MI        sklearn mutual_info_classif(n_neighbors=3, random_state=0)
  LR        sklearn LogisticRegression(C=1/(n l2), lbfgs, tol 1e-12) on tangent vectors, no scaler
  filters   scipy.signal.butter(4, [8, 30], btype='band', fs=160, output='sos'), sosfilt from
            the recording's first sample (float32 microvolts widened to float64, as the job)
  epochs    samples [round((onset + 0.5) fs), + 320)
  folds     GroupedKFold of models.logistic, mirrored below (grouped, stratified, no randomness)
"""
import json
import os
import subprocess
import sys
import tempfile

import mne
import numpy as np
import pyriemann
import scipy
import scipy.signal
import sklearn
from mne.decoding import CSP
from pyriemann.classification import MDM
from pyriemann.estimation import Covariances
from pyriemann.tangentspace import TangentSpace
from pyriemann.geometry.mean import mean_riemann
from sklearn.covariance import LedoitWolf
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.feature_selection import mutual_info_classif
from sklearn.linear_model import LogisticRegression

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "../../../../.."))
SHARED = os.path.abspath(os.path.join(ROOT, "../shared/data/eeg/S001R04.edf"))
L2_GRID = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1.0, 3.0, 10.0]
mne.set_log_level("ERROR")


def lists(a):
    return np.asarray(a, dtype=float).tolist()


def grouped_kfold(labels, groups, folds):
    """models.logistic.GroupedKFold: groups dealt out per label to the least-loaded fold."""
    labels = np.asarray(labels)
    groups = np.asarray(groups)
    ids = np.unique(groups)
    classes = labels.max() + 1
    size = {g: np.sum(groups == g) for g in ids}
    per = {g: np.bincount(labels[groups == g], minlength=classes) for g in ids}
    load = np.zeros((classes, folds), dtype=int)
    total = np.zeros(folds, dtype=int)
    fold_of = {}
    for label in range(classes):
        for g in ids:
            counts = per[g]
            majority = 0
            for k in range(1, classes):
                if counts[k] > counts[majority]:
                    majority = k
            if majority != label:
                continue
            best = 0
            for f in range(1, folds):
                if load[label, f] < load[label, best] or (
                    load[label, f] == load[label, best] and total[f] < total[best]
                ):
                    best = f
            fold_of[g] = best
            load[label, best] += size[g]
            total[best] += size[g]
    return np.array([fold_of[g] for g in groups])


def lr_fit(x, y, l2):
    lr = LogisticRegression(C=1.0 / (len(y) * l2), tol=1e-12, max_iter=100000)
    return lr.fit(x, y)


def choose_l2(x, y, groups, folds, grid=L2_GRID, standardise=False):
    """Lowest mean held-out log-loss over the grid, ties to the larger l2 (models.logistic's
    CrossValidation.gridSearch); with standardise, each training part's population scaling."""
    fold = grouped_kfold(y, groups, folds)
    loss = np.zeros(len(grid))
    for f in range(folds):
        tr, te = fold != f, fold == f
        xtr, xte = x[tr], x[te]
        if standardise:
            mean, sd = xtr.mean(0), xtr.std(0)
            sd[sd == 0] = 1
            xtr, xte = (xtr - mean) / sd, (xte - mean) / sd
        for k, l2 in enumerate(grid):
            p = np.clip(lr_fit(xtr, y[tr], l2).predict_proba(xte)[:, 1], 1e-300, 1 - 1e-16)
            loss[k] += np.mean(-(y[te] * np.log(p) + (1 - y[te]) * np.log1p(-p)))
    loss /= folds
    best = 0
    for k in range(1, len(grid)):
        if loss[k] < loss[best] or (loss[k] == loss[best] and grid[k] > grid[best]):
            best = k
    return grid[best]


def fixture():
    rng = np.random.default_rng(20261204)
    n_trials, n_ch, n_t = 24, 8, 200
    mixing = rng.normal(size=(n_ch, n_ch))
    y = np.array([0, 1] * (n_trials // 2))
    x = np.empty((n_trials, n_ch, n_t))
    for i in range(n_trials):
        scale = np.ones(n_ch)
        scale[0 if y[i] == 0 else 1] = 3.0
        scale[2] = 1.5 if y[i] == 0 else 0.7
        x[i] = mixing @ (scale[:, None] * rng.normal(size=(n_ch, n_t)))
    np.save(os.path.join(HERE, "fixture_epochs.npy"), x)
    np.save(os.path.join(HERE, "fixture_labels.npy"), y.astype(np.int64))

    out = {}
    # class covariances as MNE's reg='ledoit_wolf' computes them (concatenated, not centred)
    covs = []
    for k in (0, 1):
        concat = np.concatenate(list(x[y == k]), axis=1)
        covs.append(LedoitWolf(assume_centered=True).fit(concat.T).covariance_)
    out["csp_class_covariances"] = [lists(c) for c in covs]
    csp = CSP(n_components=4, reg="ledoit_wolf", log=True, cov_est="concat")
    csp.fit(x, y)
    out["csp_filters"] = lists(csp.filters_[:4])
    out["csp_eigenvalues"] = lists(csp.evals_[:4])
    features = csp.transform(x)
    out["csp_features"] = lists(features)
    lda = LinearDiscriminantAnalysis(solver="lsqr", shrinkage="auto").fit(features, y)
    out["lda_coef"] = lists(lda.coef_)
    out["lda_intercept"] = lists(lda.intercept_)
    out["lda_proba"] = lists(lda.predict_proba(features)[:, 1])
    y3 = np.array([0, 1, 2] * (n_trials // 3))
    lda3 = LinearDiscriminantAnalysis(solver="lsqr", shrinkage="auto").fit(features, y3)
    out["lda3_labels"] = y3.tolist()
    out["lda3_coef"] = lists(lda3.coef_)
    out["lda3_intercept"] = lists(lda3.intercept_)
    out["lda3_proba"] = lists(lda3.predict_proba(features))
    out["mutual_information"] = lists(
        mutual_info_classif(features, y, n_neighbors=3, random_state=0)
    )
    cov = Covariances(estimator="oas").transform(x)
    out["oas_covariances"] = [lists(c) for c in cov]
    mean = mean_riemann(cov)
    out["riemann_mean"] = lists(mean)
    ts = TangentSpace(metric="riemann").fit(cov)
    vectors = ts.transform(cov)
    out["tangent_vectors"] = lists(vectors)
    mdm = MDM(metric="riemann").fit(cov, y3)
    out["mdm3_means"] = [lists(m) for m in mdm.covmeans_]
    out["mdm3_distances"] = lists(mdm.transform(cov))
    out["mdm3_proba"] = lists(mdm.predict_proba(cov))
    l2 = 0.05
    lr = lr_fit(vectors, y, l2)
    out["lr_l2"] = l2
    out["lr_coef"] = lists(lr.coef_[0])
    out["lr_intercept"] = float(lr.intercept_[0])
    out["lr_proba"] = lists(lr.predict_proba(vectors)[:, 1])
    return out


def s001r04():
    raw = mne.io.read_raw_edf(SHARED, preload=True)
    fs = raw.info["sfreq"]
    data = (raw.get_data() * 1e6).astype(np.float32).astype(np.float64)
    sos = scipy.signal.butter(4, [8, 30], btype="band", fs=fs, output="sos")
    filtered = scipy.signal.sosfilt(sos, data, axis=1)
    section = {}
    for spec in ("T1,T2", "T0,T1+T2"):
        classes = [c.split("+") for c in spec.split(",")]
        epochs, labels, groups = [], [], []
        for index, (onset, desc) in enumerate(
            zip(raw.annotations.onset, raw.annotations.description)
        ):
            label = next((k for k, texts in enumerate(classes) if desc in texts), None)
            if label is None:
                continue
            start = int(round((onset + 0.5) * fs))
            epochs.append(filtered[:, start : start + 320])
            labels.append(label)
            groups.append(index)
        x = np.array(epochs)
        y = np.array(labels)
        groups = np.array(groups)
        folds = 5
        fold = grouped_kfold(y, groups, folds)
        predictions = {"csp-lda": np.zeros(len(y), int), "ts-lr": np.zeros(len(y), int),
                       "mdm": np.zeros(len(y), int)}
        chosen_l2 = []
        for f in range(folds):
            tr, te = fold != f, fold == f
            csp = CSP(n_components=6, reg="ledoit_wolf", log=True, cov_est="concat").fit(
                x[tr], y[tr]
            )
            lda = LinearDiscriminantAnalysis(solver="lsqr", shrinkage="auto").fit(
                csp.transform(x[tr]), y[tr]
            )
            predictions["csp-lda"][te] = lda.predict(csp.transform(x[te]))
            cov = Covariances(estimator="oas").transform(x)
            ts = TangentSpace(metric="riemann").fit(cov[tr])
            vtr, vte = ts.transform(cov[tr]), ts.transform(cov[te])
            l2 = choose_l2(vtr, y[tr], groups[tr], folds)
            chosen_l2.append(l2)
            predictions["ts-lr"][te] = lr_fit(vtr, y[tr], l2).predict(vte)
            predictions["mdm"][te] = MDM(metric="riemann").fit(cov[tr], y[tr]).predict(cov[te])
        section[spec] = {
            "labels": y.tolist(),
            "folds": fold.tolist(),
            "ts_lr_l2": chosen_l2,
            "predictions": {k: v.tolist() for k, v in predictions.items()},
            "accuracy": {
                k: float(np.mean([np.mean(v[fold == f] == y[fold == f]) for f in range(folds)]))
                for k, v in predictions.items()
            },
        }
    return section


def synth_edf():
    launcher = os.path.join(ROOT, "neurostream")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [launcher, "synth-eeg", "--out", tmp, "--seed", "3", "--depth", "0.4", "--runs", "1"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        raw = mne.io.read_raw_edf(os.path.join(tmp, "synth-s3-r01.edf"), preload=True)
        data = raw.get_data() * 1e6
        return {
            "seed": 3,
            "depth": 0.4,
            "channels": raw.ch_names,
            "sfreq": raw.info["sfreq"],
            "samples": int(data.shape[1]),
            "annotations": [
                [float(o), float(d), str(t)]
                for o, d, t in zip(
                    raw.annotations.onset, raw.annotations.duration, raw.annotations.description
                )
            ],
            "first_samples": lists(np.round(data[:, :5], 6)),
            "channel_sums": lists(np.round(data.sum(axis=1), 3)),
        }


def main():
    golden = {
        "versions": {
            "python": sys.version.split()[0],
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "scikit-learn": sklearn.__version__,
            "mne": mne.__version__,
            "pyriemann": pyriemann.__version__,
        },
        "fixture": fixture(),
    }
    if os.path.exists(SHARED):
        golden["s001r04"] = s001r04()
    if os.path.exists(os.path.join(ROOT, "neurostream")):
        golden["synth_edf"] = synth_edf()
    with open(os.path.join(HERE, "golden.json"), "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
