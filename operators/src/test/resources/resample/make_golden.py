#!/usr/bin/env python3
"""Golden values of PolyphaseResampler: scipy.signal.resample_poly on seeded signals.

Run with the pinned packages (a venv outside the repository):

    python3 -m venv /work/venvs/nwb2
    /work/venvs/nwb2/bin/pip install scipy==1.17.1 numpy==2.4.6
    /work/venvs/nwb2/bin/python make_golden.py

Versions used for golden.json: scipy 1.17.1, numpy 2.4.6 (the script refuses others). Parameters:
resample_poly's defaults (window=('kaiser', 5.0), padtype='constant'), axis 0, on float32 input
of 2 channels, converted to float64 by scipy; the output as float64. Cases: 30 -> 10 Hz (1/3),
2.2 -> 5 Hz (25/11), 2.5 -> 30 Hz (12/1), 30 -> 20 Hz (2/3), 7.5 -> 2.5 Hz (1/3) of a step, and the
firwin coefficients of 2/3 (firwin(41, 1/3, window=('kaiser', 5.0))).
"""

import json
import os
import sys

import numpy as np
import scipy
from scipy.signal import firwin, resample_poly

PINNED = {"scipy": "1.17.1", "numpy": "2.4.6"}
for module, version in (("scipy", scipy), ("numpy", np)):
    if version.__version__ != PINNED[module]:
        sys.exit(f"{module} {version.__version__} found, {PINNED[module]} pinned")

rng = np.random.default_rng(20241204)
cases = []
for name, up, down, n in (("30to10", 1, 3, 150), ("2.2to5", 25, 11, 60), ("2.5to30", 12, 1, 40),
                           ("30to20", 2, 3, 90)):
    x = rng.standard_normal((n, 2)).astype(np.float32)
    x[:, 1] = np.cumsum(x[:, 1]).astype(np.float32) * np.float32(0.1)
    y = resample_poly(x, up, down, axis=0)
    cases.append({"name": name, "up": up, "down": down, "x": x.T.tolist(), "y": y.T.tolist()})
step = np.zeros((45, 2), dtype=np.float32)
step[15:, :] = 1.0
cases.append({"name": "step", "up": 1, "down": 3, "x": step.T.tolist(),
              "y": resample_poly(step, 1, 3, axis=0).T.tolist()})
out = {"cases": cases, "firwin_41_third_kaiser5": firwin(41, 1.0 / 3, window=("kaiser", 5.0)).tolist()}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden.json"), "w") as f:
    json.dump(out, f)
    f.write("\n")
