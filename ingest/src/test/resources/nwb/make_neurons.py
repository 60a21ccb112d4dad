#!/usr/bin/env python3
"""Writes neurons.nwb: a calcium session whose ROI table names its neurons, for the NWB streams of
record/replay (ROI labels carried into calcium events, dF/F detection by container, resampling,
behaviour and trials of one session).

Run from this folder with the pinned packages of make_golden.py (a venv outside the repository):

    /work/venvs/nwb/bin/python make_neurons.py

Versions used for the checked-in file: pynwb 4.2.0, hdmf 6.2.0, h5py 3.16.0, numpy 2.4.6 (the
script refuses others). Content (seeded, so the values are the same on every run):
  processing/ophys/ImageSegmentation/neurons  PlaneSegmentation of 5 ROIs (ids 0..4) with a text
      column "ID_labels": AVAL, AVAR, RIML, "" (unnamed), SMDV
  processing/ophys/DfOverF/activity  RoiResponseSeries, float32 [60, 5], rate 2.5 Hz, starting_time
      0, unit "n.a." (dF/F by its container), a spike-like transient in ROI 1 at sample 20
  processing/behavior/BehavioralTimeSeries/speed  TimeSeries float64 [240], 10 Hz, cm/s
  intervals/trials  start_time, stop_time, label: four trials of 6 s, "stim" then "rest" alternating
expected/neurons.json holds the ID labels and the trials as pynwb reads them back.
"""

import json
import os
import sys
from datetime import datetime, timezone

import h5py
import hdmf
import numpy as np
import pynwb
from pynwb import NWBHDF5IO, NWBFile, TimeSeries
from pynwb.behavior import BehavioralTimeSeries
from pynwb.ophys import DfOverF, ImageSegmentation, OpticalChannel, RoiResponseSeries

PINNED = {"pynwb": "4.2.0", "hdmf": "6.2.0", "h5py": "3.16.0", "numpy": "2.4.6"}
for module, version in (("pynwb", pynwb), ("hdmf", hdmf), ("h5py", h5py), ("numpy", np)):
    if version.__version__ != PINNED[module]:
        sys.exit(f"{module} {version.__version__} found, {PINNED[module]} pinned")

HERE = os.path.dirname(os.path.abspath(__file__))
START = datetime(2024, 3, 2, 10, 0, tzinfo=timezone.utc)
rng = np.random.default_rng(20240302)
NAMES = ["AVAL", "AVAR", "RIML", "", "SMDV"]

nwb = NWBFile(
    session_description="NeuroStream NWB streams test file",
    identifier="neurons-test",
    session_start_time=START,
    file_create_date=START,
)
device = nwb.create_device(name="microscope")
plane = nwb.create_imaging_plane(
    name="plane",
    optical_channel=OpticalChannel(name="green", description="GCaMP", emission_lambda=510.0),
    description="head ganglia",
    device=device,
    excitation_lambda=920.0,
    imaging_rate=2.5,
    indicator="GCaMP6s",
    location="head",
)
ophys = nwb.create_processing_module("ophys", "calcium imaging")
segmentation = ImageSegmentation()
ophys.add(segmentation)
neurons = segmentation.create_plane_segmentation(name="neurons", description="ROIs", imaging_plane=plane)
neurons.add_column(name="ID_labels", description="NeuroPAL identity")
for i, name in enumerate(NAMES):
    neurons.add_roi(id=i, pixel_mask=[(i, 1, 1.0)], ID_labels=name)
activity = (0.05 * rng.standard_normal((60, 5))).astype(np.float32)
activity[20:26, 1] += np.array([2.0, 1.4, 1.0, 0.7, 0.5, 0.35], dtype=np.float32)
ophys.add(
    DfOverF(
        roi_response_series=RoiResponseSeries(
            name="activity",
            data=activity,
            rois=neurons.create_roi_table_region(region=[0, 1, 2, 3, 4], description="all"),
            unit="n.a.",
            rate=2.5,
        )
    )
)
behavior = nwb.create_processing_module("behavior", "behaviour")
behavior.add(
    BehavioralTimeSeries(
        time_series=TimeSeries(name="speed", data=rng.uniform(0, 5, 240), unit="cm/s", rate=10.0)
    )
)
nwb.add_trial_column(name="label", description="condition")
for i in range(4):
    nwb.add_trial(start_time=6.0 * i, stop_time=6.0 * i + 6.0, label="stim" if i % 2 == 0 else "rest")
path = os.path.join(HERE, "neurons.nwb")
with h5py.File(path, "w", libver=("v110", "v110")) as f:
    with NWBHDF5IO(mode="w", file=f) as io:
        io.write(nwb, cache_spec=False)

with NWBHDF5IO(path, "r") as io:
    back = io.read()
    seg = back.processing["ophys"]["ImageSegmentation"]["neurons"]
    rrs = back.processing["ophys"]["DfOverF"]["activity"]
    trials = back.trials.to_dataframe()
    expected = {
        "id_labels": [str(x) for x in seg["ID_labels"][:]],
        "activity": [[float(v) for v in row] for row in rrs.data[:]],
        "trials": [[float(r.start_time), float(r.stop_time), r.label] for r in trials.itertuples()],
    }
with open(os.path.join(HERE, "expected", "neurons.json"), "w") as f:
    json.dump(expected, f, indent=1)
    f.write("\n")
