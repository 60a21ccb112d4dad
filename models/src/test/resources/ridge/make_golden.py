#!/usr/bin/env python3
"""Writes ridge.nwb (calcium dF/F with running speed) and the ridge decoder's golden values.

Run from this folder with the pinned packages (a venv outside the repository):

    python3 -m venv /work/venvs/dec3
    /work/venvs/dec3/bin/pip install pynwb==4.2.0 hdmf==6.2.0 h5py==3.16.0 numpy==2.4.6 \
        scikit-learn==1.9.1 scipy==1.17.1
    /work/venvs/dec3/bin/python make_golden.py

Versions used for the checked-in files: Python 3.11.7, pynwb 4.2.0, hdmf 6.2.0, h5py 3.16.0,
numpy 2.4.6, scikit-learn 1.9.1, scipy 1.17.1 (the script refuses others).

ridge.nwb (seeded, the same on every run):
  processing/ophys/DfOverF/dff  RoiResponseSeries float32 [600, 8], 15 Hz, starting_time 0,
      unit "n.a.": ROIs 0..3 follow the running speed with different gains (one negative), 4..7 are
      noise only; every ROI has Gaussian noise.
  processing/behavior/BehavioralTimeSeries/speed  TimeSeries float64 [400], cm/s, rate 10 Hz,
      starting_time 0.05 s, conversion 0.01 (stored in 1/100 cm/s): a smooth random walk >= 0.

The decoder (train-decoder --pipeline ridge, docs/decoders.md "Ridge regression"):
  observations: every dF/F sample at time t = i / 15 with a speed sample at or before t (the
      as-of join of the job's behaviour labels): target = that last speed sample, physical units;
      features = the 8 dF/F values of sample i.
  model: StandardScaler (population standard deviation, 1 for a constant column) then
      Ridge(alpha) with an intercept.
  cross-validation: KFold(5, shuffle=False) on the observations in time order (contiguous blocks);
      in each training part alpha is chosen by GridSearchCV over ALPHAS with KFold(5, shuffle=False)
      on that part (in time order), scoring r2 (ties: the first alpha); cv_r2 = mean of the 5
      held-out fold R^2 (r2_score). The final model: the same GridSearchCV on all observations,
      refitted with its alpha on all of them.

expected.json: n, the outer folds' alphas and R^2, cv_r2, the final alpha, the scaler's mean and
scale, the ridge coefficients (on standardized features) and intercept, and the features and
predictions of the final model of the first 5 observations, and the final model's R^2 on all
observations (what evaluate-decoder gives on this file).
"""

import json
import os
import sys
from datetime import datetime, timezone

import h5py
import hdmf
import numpy as np
import pynwb
import scipy
import sklearn
from pynwb import NWBHDF5IO, NWBFile, TimeSeries
from pynwb.behavior import BehavioralTimeSeries
from pynwb.ophys import DfOverF, ImageSegmentation, OpticalChannel, RoiResponseSeries
from sklearn.linear_model import Ridge
from sklearn.metrics import r2_score
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

PINNED = {
    "pynwb": "4.2.0",
    "hdmf": "6.2.0",
    "h5py": "3.16.0",
    "numpy": "2.4.6",
    "sklearn": "1.9.1",
    "scipy": "1.17.1",
}
for name, module in (
    ("pynwb", pynwb),
    ("hdmf", hdmf),
    ("h5py", h5py),
    ("numpy", np),
    ("sklearn", sklearn),
    ("scipy", scipy),
):
    if module.__version__ != PINNED[name]:
        sys.exit(f"{name} {module.__version__} found, {PINNED[name]} pinned")

HERE = os.path.dirname(os.path.abspath(__file__))
START = datetime(2024, 3, 3, 10, 0, tzinfo=timezone.utc)
rng = np.random.default_rng(20240303)
ALPHAS = [10.0 ** e for e in range(-3, 4)]  # 1e-3 .. 1e3, as RidgeDecoder.ALPHAS
FOLDS = 5
ROWS, ROIS, RATE = 600, 8, 15.0
SPEED_ROWS, SPEED_RATE, SPEED_START = 400, 10.0, 0.05

steps = rng.standard_normal(SPEED_ROWS)
walk = np.convolve(steps, np.ones(8) / 8.0, mode="same").cumsum()
speed_stored = np.round(np.abs(walk) * 100.0)  # 1/100 cm/s
speed = speed_stored * 0.01
t_speed = SPEED_START + np.arange(SPEED_ROWS) / SPEED_RATE
t_dff = np.arange(ROWS) / RATE
last = np.searchsorted(t_speed, t_dff, side="right") - 1
speed_at = np.where(last >= 0, speed[np.maximum(last, 0)], 0.0)
gains = np.array([0.12, 0.08, -0.05, 0.03, 0, 0, 0, 0])
dff = (speed_at[:, None] * gains[None, :] + 0.1 * rng.standard_normal((ROWS, ROIS))).astype(np.float32)

nwb = NWBFile(
    session_description="NeuroStream ridge decoder test file",
    identifier="ridge-test",
    session_start_time=START,
    file_create_date=START,
)
device = nwb.create_device(name="microscope")
plane = nwb.create_imaging_plane(
    name="plane",
    optical_channel=OpticalChannel(name="green", description="GCaMP", emission_lambda=510.0),
    description="cortex",
    device=device,
    excitation_lambda=920.0,
    imaging_rate=RATE,
    indicator="GCaMP6s",
    location="V1",
)
ophys = nwb.create_processing_module("ophys", "calcium imaging")
segmentation = ImageSegmentation()
ophys.add(segmentation)
cells = segmentation.create_plane_segmentation(name="cells", description="ROIs", imaging_plane=plane)
for i in range(ROIS):
    cells.add_roi(id=i, pixel_mask=[(i, 1, 1.0)])
ophys.add(
    DfOverF(
        roi_response_series=RoiResponseSeries(
            name="dff",
            data=dff,
            rois=cells.create_roi_table_region(region=list(range(ROIS)), description="all"),
            unit="n.a.",
            rate=RATE,
        )
    )
)
behavior = nwb.create_processing_module("behavior", "behaviour")
behavior.add(
    BehavioralTimeSeries(
        time_series=TimeSeries(
            name="speed",
            data=speed_stored,
            unit="cm/s",
            conversion=0.01,
            rate=SPEED_RATE,
            starting_time=SPEED_START,
        )
    )
)
path = os.path.join(HERE, "ridge.nwb")
with h5py.File(path, "w", libver=("v110", "v110")) as f:
    with NWBHDF5IO(mode="w", file=f) as io:
        io.write(nwb, cache_spec=False)

# Read back as a user would, and decode.
with NWBHDF5IO(path, "r") as io:
    back = io.read()
    rrs = back.processing["ophys"]["DfOverF"]["dff"]
    ts = back.processing["behavior"]["BehavioralTimeSeries"]["speed"]
    x_all = np.asarray(rrs.data[:], dtype=np.float64)
    y_raw = np.asarray(ts.data[:], dtype=np.float64) * ts.conversion + ts.offset
    t_x = rrs.starting_time + np.arange(x_all.shape[0]) / rrs.rate
    t_y = ts.starting_time + np.arange(y_raw.shape[0]) / ts.rate
j = np.searchsorted(t_y, t_x, side="right") - 1
keep = j >= 0
x = x_all[keep]
y = y_raw[j[keep]]


def search():
    return GridSearchCV(
        make_pipeline(StandardScaler(), Ridge()),
        {"ridge__alpha": ALPHAS},
        cv=KFold(FOLDS, shuffle=False),
        scoring="r2",
    )


fold_alphas, fold_r2 = [], []
for train, test in KFold(FOLDS, shuffle=False).split(x):
    g = search().fit(x[train], y[train])
    fold_alphas.append(g.best_params_["ridge__alpha"])
    fold_r2.append(r2_score(y[test], g.predict(x[test])))
final = search().fit(x, y)
best = final.best_estimator_
scaler, ridge = best.named_steps["standardscaler"], best.named_steps["ridge"]
expected = {
    "observations": int(x.shape[0]),
    "first_row": int(np.argmax(keep)),
    "fold_alphas": fold_alphas,
    "fold_r2": [float(v) for v in fold_r2],
    "cv_r2": float(np.mean(fold_r2)),
    "alpha": final.best_params_["ridge__alpha"],
    "mean": [float(v) for v in scaler.mean_],
    "scale": [float(v) for v in scaler.scale_],
    "coef": [float(v) for v in ridge.coef_],
    "intercept": float(ridge.intercept_),
    "features_first5": [[float(v) for v in row] for row in x[:5]],
    "predictions_first5": [float(v) for v in best.predict(x[:5])],
    "final_r2_all": float(r2_score(y, best.predict(x))),
}
with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1)
    f.write("\n")
print(json.dumps({k: expected[k] for k in ("observations", "fold_alphas", "fold_r2", "cv_r2", "alpha")}))
