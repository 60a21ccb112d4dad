#!/usr/bin/env python3
"""Writes the small NWB test files of this folder with pynwb, and the values each holds.

Run from this folder with the pinned packages (a venv outside the repository):

    python3 -m venv /work/venvs/nwb
    /work/venvs/nwb/bin/pip install pynwb==4.2.0 hdmf==6.2.0 h5py==3.16.0 numpy==2.4.6
    /work/venvs/nwb/bin/python make_golden.py

Versions used for the checked-in files: Python 3.11.7, pynwb 4.2.0, hdmf 6.2.0, h5py 3.16.0
(HDF5 as its wheel bundles), numpy 2.4.6. The script refuses other pynwb/hdmf/h5py/numpy versions.

Files (written without cached specifications, to stay small):
  ephys.nwb      (pynwb's default layout: libver earliest) ElectricalSeries "raw" int16 [600, 6],
                 conversion, per-channel channel_conversion and offset, starting_time 2.5 s + rate
                 1000 Hz, gzip chunks (100, 6) moved to the end of the file; electrodes
                 table with a "label" column. ElectricalSeries "lfp" float32 [300, 3] with
                 timestamps, LZF chunks (64, 3), electrodes 3..5. Units (4 units, ids 11, 12, 15, 20,
                 spike times with a tie between units, per-unit electrodes). Trials with a text, a
                 float and a ragged "tags" column. AnnotationSeries "notes".
  ophys.nwb      (HDF5 1.10 format, as the other files) processing/ophys: Fluorescence/RoiResponseSeries "raw_f" (raw F, float32, gzip) and
                 DfOverF/RoiResponseSeries "dff" (rate 30 Hz), ROIs of PlaneSegmentation "cells" with
                 ids 101..104. processing/behavior: TimeSeries "speed" (cm/s, 1-D, rate 30 Hz) and
                 SpatialSeries "position" [N, 2] with timestamps; acquisition TimeSeries
                 "pupil_area". Intervals: epochs (ragged tags) and "stimulus_presentations"
                 (orientation, contrast, stimulus_name).
  lab_electrodes.nwb  electrodes without a label column, and one with an empty location: labels
                 fall back to location, then to the electrode id.
  bad/           files the reader must refuse, each with the reason in expected/bad.json:
                 not_nwb.h5 (plain HDF5), nwb1.nwb (an NWB 1.x layout), future_version.nwb
                 (nwb_version 3.0.0), missing_data.nwb (a TimeSeries without data),
                 missing_index.nwb (Units spike_times without spike_times_index),
                 dangling_reference.nwb (an electrodes region whose table reference names an object
                 that was deleted).
  expected/      the values read back through pynwb and h5py: series.json (metadata, labels),
                 <file>__<series>.csv (t_s and every value in physical units, Python's repr of the
                 float64: stored * (conversion * channel_conversion[c]) + offset, the order pynwb's
                 get_data_in_units uses), units.json, intervals.json, annotations.json,
                 truncation.json (a byte offset inside the chunks of ephys.nwb's raw series, and how
                 many complete rows lie before it).
"""

import json
import os
import shutil
import sys
import zlib
from datetime import datetime, timezone

import h5py
import hdmf
import numpy as np
import pynwb
from hdmf.backends.hdf5.h5_utils import H5DataIO
from hdmf.data_utils import DataChunkIterator
from pynwb import NWBHDF5IO, NWBFile, TimeSeries
from pynwb.behavior import BehavioralTimeSeries, Position, SpatialSeries
from pynwb.ecephys import ElectricalSeries
from pynwb.epoch import TimeIntervals
from pynwb.misc import AnnotationSeries
from pynwb.ophys import DfOverF, Fluorescence, ImageSegmentation, OpticalChannel, RoiResponseSeries

PINNED = {"pynwb": "4.2.0", "hdmf": "6.2.0", "h5py": "3.16.0", "numpy": "2.4.6"}
for module, version in (("pynwb", pynwb), ("hdmf", hdmf), ("h5py", h5py), ("numpy", np)):
    if version.__version__ != PINNED[module]:
        sys.exit(f"{module} {version.__version__} found, {PINNED[module]} pinned")

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED = os.path.join(HERE, "expected")
BAD = os.path.join(HERE, "bad")
START = datetime(2024, 3, 1, 9, 30, tzinfo=timezone.utc)
rng = np.random.default_rng(20240301)


def new_file(identifier):
    return NWBFile(
        session_description="NeuroStream NWB reader test file",
        identifier=identifier,
        session_start_time=START,
        file_create_date=START,
    )


def write(nwb, path, v110=True):
    """Writes without cached specifications. The HDF5 1.10 format ("v110": compact groups, fixed
    and extensible array chunk indexes) keeps files small; "earliest" (pynwb's default: symbol-table
    groups, B-tree v1 chunk indexes) is the layout of most archived files."""
    with h5py.File(path, "w", libver=("v110", "v110") if v110 else "earliest") as f:
        with NWBHDF5IO(mode="w", file=f) as io:
            io.write(nwb, cache_spec=False)
    return path


def physical(series, data):
    """stored * (conversion * channel_conversion[c]) + offset, all in float64."""
    factor = np.float64(series.conversion)
    if getattr(series, "channel_conversion", None) is not None:
        factor = factor * np.asarray(series.channel_conversion[:], dtype=np.float64)
    return np.asarray(data, dtype=np.float64) * factor + np.float64(series.offset)


def times(series, rows):
    if series.timestamps is not None:
        return np.asarray(series.timestamps[:], dtype=np.float64)
    return np.float64(series.starting_time) + np.arange(rows, dtype=np.float64) / np.float64(series.rate)


def csv_rows(t, values):
    values = values.reshape(len(t), -1)
    return "".join(
        repr(float(t[i])) + "," + ",".join(repr(float(v)) for v in values[i]) + "\n" for i in range(len(t))
    )


def make_ephys():
    nwb = new_file("ephys-test")
    device = nwb.create_device(name="probe")
    group = nwb.create_electrode_group("shank0", description="shank 0", location="CA1", device=device)
    nwb.add_electrode_column(name="label", description="channel label")
    for i in range(6):
        nwb.add_electrode(location="CA1" if i < 3 else "CA3", group=group, label=f"ch{i:02d}", id=200 + i)

    raw = rng.integers(-3000, 3000, size=(600, 6), dtype=np.int16)
    raw[0, :] = [-32768, 32767, 0, 1, -1, 12345]
    channel_conversion = np.array([1.0, 0.5, 2.0, 0.25, 1.5, 0.1], dtype=np.float32)
    nwb.add_acquisition(
        ElectricalSeries(
            name="raw",
            data=H5DataIO(raw, chunks=(100, 6), compression="gzip", compression_opts=4),
            electrodes=nwb.create_electrode_table_region(list(range(6)), "all six"),
            starting_time=2.5,
            rate=1000.0,
            conversion=1.95e-7,
            offset=-0.001,
            channel_conversion=channel_conversion,
        )
    )
    lfp = rng.normal(0, 1e-4, size=(300, 3)).astype(np.float32)
    lfp_t = np.round(np.cumsum(rng.uniform(0.001, 0.003, size=300)), 6)
    nwb.add_acquisition(
        ElectricalSeries(
            name="lfp",
            data=H5DataIO(lfp, chunks=(64, 3), compression="lzf"),
            electrodes=nwb.create_electrode_table_region([3, 4, 5], "CA3"),
            timestamps=lfp_t,
        )
    )
    spikes = {
        11: [0.01, 0.2, 0.35, 0.9],
        12: [0.05, 0.2, 0.6],
        15: [0.002, 0.7, 0.71, 0.72, 1.5],
        20: [],
    }
    electrodes = {11: [0], 12: [1, 2], 15: [4], 20: [5]}
    for unit_id, t in spikes.items():
        nwb.add_unit(id=unit_id, spike_times=t, electrodes=electrodes[unit_id])
    nwb.add_trial_column(name="condition", description="task condition")
    nwb.add_trial_column(name="reward", description="reward in ml")
    trials = [(0.0, 1.0, "left", 0.5, ["a"]), (1.0, 2.25, "right", 0.0, ["b", "c"]), (2.5, 3.0, "left, late", 1.25, [])]
    for start, stop, condition, reward, tags in trials:
        nwb.add_trial(start_time=start, stop_time=stop, condition=condition, reward=reward, tags=tags)
    nwb.add_acquisition(
        AnnotationSeries(name="notes", data=["start", "lick", "end"], timestamps=[0.0, 1.25, 3.0])
    )
    path = write(nwb, os.path.join(HERE, "ephys.nwb"), v110=False)
    move_chunks_to_end(path, "acquisition/raw/data")

    expected_series = {}
    with NWBHDF5IO(path, "r") as io:
        back = io.read()
        es = back.acquisition["raw"]
        assert np.array_equal(es.data[:], raw)
        values = physical(es, es.data[:])
        expected_series["/acquisition/raw"] = series_json(es, "ElectricalSeries", [f"ch{i:02d}" for i in range(6)])
        save_csv("ephys", "raw", ["ch%02d" % i for i in range(6)], times(es, 600), values)
        es = back.acquisition["lfp"]
        assert np.array_equal(es.data[:], lfp)
        expected_series["/acquisition/lfp"] = series_json(es, "ElectricalSeries", ["ch03", "ch04", "ch05"])
        save_csv("ephys", "lfp", ["ch03", "ch04", "ch05"], times(es, 300), physical(es, es.data[:]))
        notes = back.acquisition["notes"]
        expected_series["/acquisition/notes"] = series_json(notes, "AnnotationSeries", ["annotation"])
        units = back.units
        rows = []
        for i, unit_id in enumerate(units.id[:]):
            for t in units["spike_times"][i]:
                rows.append((float(t), int(unit_id)))
        rows.sort()
        unit_json = {
            "path": "/units",
            "ids": [int(i) for i in units.id[:]],
            "spike_counts": [len(units["spike_times"][i]) for i in range(len(units.id[:]))],
            "electrodes": [[int(e) for e in units["electrodes"][i].index] for i in range(len(units.id[:]))],
            "spikes": rows,
        }
        trials_df = back.trials.to_dataframe()
        intervals = {
            "/intervals/trials": {
                "columns": list(back.trials.colnames),
                "rows": [
                    [float(r.start_time), float(r.stop_time), r.condition, float(r.reward), list(r.tags)]
                    for r in trials_df.itertuples()
                ],
            }
        }
        annotations = [[float(t), str(d)] for t, d in zip(notes.timestamps[:], notes.data[:])]
    with h5py.File(path, "r") as f:
        dset = f["acquisition/raw/data"]
        chunks = sorted(
            (dset.id.get_chunk_info(i) for i in range(dset.id.get_num_chunks())), key=lambda c: c.byte_offset
        )
        assert [int(c.chunk_offset[0]) for c in chunks] == [0, 100, 200, 300, 400, 500]
        headers = []
        f.visititems(lambda name, obj: headers.append(h5py.h5o.get_info(obj.id).addr))
        assert max(headers) < chunks[0].byte_offset, "an object header lies after the raw chunks"
        # a cut inside the fourth chunk: rows 0..299 are whole
        truncation = {
            "file": "ephys.nwb",
            "series": "/acquisition/raw",
            "truncate_at": int(chunks[3].byte_offset + chunks[3].size // 2),
            "complete_rows": 300,
        }
    return expected_series, unit_json, intervals, annotations, truncation


def move_chunks_to_end(path, dataset):
    """Rewrites each chunk deflated at level 0 (a few bytes longer than before), so that HDF5 moves it
    to the end of the file, in row order, after every object header: a cut inside these chunks then
    leaves all metadata readable. One session per chunk: space freed in a session is not reused by
    the next one (no persistent free-space tracking), so every chunk goes to the end."""
    with h5py.File(path, "r") as f:
        offsets = sorted(f[dataset].id.get_chunk_info(i).chunk_offset for i in range(f[dataset].id.get_num_chunks()))
    for offset in offsets:
        with h5py.File(path, "r+") as f:
            dset = f[dataset]
            mask, packed = dset.id.read_direct_chunk(offset)
            stored = zlib.compress(zlib.decompress(packed), 0)
            assert len(stored) > len(packed)
            dset.id.write_direct_chunk(offset, stored, mask)


def make_ophys():
    nwb = new_file("ophys-test")
    device = nwb.create_device(name="microscope")
    plane = nwb.create_imaging_plane(
        name="plane",
        optical_channel=OpticalChannel(name="green", description="GCaMP", emission_lambda=510.0),
        description="tectum",
        device=device,
        excitation_lambda=920.0,
        imaging_rate=30.0,
        indicator="GCaMP6s",
        location="tectum",
    )
    ophys = nwb.create_processing_module("ophys", "calcium imaging")
    segmentation = ImageSegmentation()
    ophys.add(segmentation)
    cells = segmentation.create_plane_segmentation(name="cells", description="ROIs", imaging_plane=plane)
    for roi_id in (101, 102, 103, 104):
        cells.add_roi(id=roi_id, pixel_mask=[(roi_id - 100, 1, 1.0), (roi_id - 100, 2, 0.5)])
    region = cells.create_roi_table_region(region=[0, 1, 2, 3], description="all")
    raw_f = (100 + 10 * rng.standard_normal((90, 4))).astype(np.float32)
    dff = (0.1 * rng.standard_normal((90, 2))).astype(np.float32)
    ophys.add(
        Fluorescence(
            roi_response_series=RoiResponseSeries(
                name="raw_f",
                data=H5DataIO(raw_f, chunks=(30, 2), compression="gzip"),
                rois=region,
                unit="a.u.",
                rate=30.0,
            )
        )
    )
    ophys.add(
        DfOverF(
            roi_response_series=RoiResponseSeries(
                name="dff",
                data=dff,
                rois=cells.create_roi_table_region(region=[2, 0], description="two"),
                unit="dF/F",
                rate=30.0,
                starting_time=0.1,
            )
        )
    )
    behavior = nwb.create_processing_module("behavior", "behaviour")
    speed = rng.uniform(0, 20, 90)
    behavior.add(
        BehavioralTimeSeries(
            time_series=TimeSeries(name="speed", data=speed, unit="cm/s", rate=30.0, conversion=0.01)
        )
    )
    pos_t = np.arange(45, dtype=np.float64) / 15.0 + 0.02
    behavior.add(
        Position(
            spatial_series=SpatialSeries(
                name="position", data=rng.uniform(0, 1, (45, 2)), reference_frame="arena corner", timestamps=pos_t
            )
        )
    )
    nwb.add_acquisition(
        TimeSeries(name="pupil_area", data=rng.uniform(1, 2, 60).astype(np.float32), unit="mm^2", rate=20.0)
    )
    nwb.add_epoch(start_time=0.0, stop_time=1.5, tags=["rest"])
    nwb.add_epoch(start_time=1.5, stop_time=3.0, tags=["run", "dark"])
    stim = TimeIntervals(name="stimulus_presentations", description="gratings")
    stim.add_column(name="orientation", description="degrees")
    stim.add_column(name="contrast", description="0..1")
    stim.add_column(name="stimulus_name", description="stimulus")
    for i, o in enumerate((0.0, 45.0, 90.0, 135.0)):
        stim.add_interval(
            start_time=0.5 * i, stop_time=0.5 * i + 0.25, orientation=o, contrast=0.8, stimulus_name="grating"
        )
    nwb.add_time_intervals(stim)
    path = write(nwb, os.path.join(HERE, "ophys.nwb"))

    expected_series = {}
    intervals = {}
    with NWBHDF5IO(path, "r") as io:
        back = io.read()
        for name, container, series_name, ids in (
            ("raw_f", "Fluorescence", "raw_f", [101, 102, 103, 104]),
            ("dff", "DfOverF", "dff", [103, 101]),
        ):
            rrs = back.processing["ophys"][container][series_name]
            labels = [f"roi_{i}" for i in ids]
            assert [int(cells_id) for cells_id in rrs.rois.table.id[:][rrs.rois.data[:]]] == ids
            expected_series[f"/processing/ophys/{container}/{series_name}"] = series_json(
                rrs, "RoiResponseSeries", labels
            )
            save_csv("ophys", series_name, labels, times(rrs, rrs.data.shape[0]), physical(rrs, rrs.data[:]))
        ts = back.processing["behavior"]["BehavioralTimeSeries"]["speed"]
        expected_series["/processing/behavior/BehavioralTimeSeries/speed"] = series_json(ts, "TimeSeries", ["speed"])
        save_csv("ophys", "speed", ["speed"], times(ts, 90), physical(ts, ts.data[:]))
        ss = back.processing["behavior"]["Position"]["position"]
        labels = ["position_0", "position_1"]
        expected_series["/processing/behavior/Position/position"] = series_json(ss, "SpatialSeries", labels)
        save_csv("ophys", "position", labels, times(ss, 45), physical(ss, ss.data[:]))
        ts = back.acquisition["pupil_area"]
        expected_series["/acquisition/pupil_area"] = series_json(ts, "TimeSeries", ["pupil_area"])
        save_csv("ophys", "pupil_area", ["pupil_area"], times(ts, 60), physical(ts, ts.data[:]))
        epochs = back.epochs.to_dataframe()
        intervals["/intervals/epochs"] = {
            "columns": list(back.epochs.colnames),
            "rows": [[float(r.start_time), float(r.stop_time), list(r.tags)] for r in epochs.itertuples()],
        }
        stim = back.intervals["stimulus_presentations"]
        intervals["/intervals/stimulus_presentations"] = {
            "columns": list(stim.colnames),
            "rows": [
                [float(r.start_time), float(r.stop_time), float(r.orientation), float(r.contrast), r.stimulus_name]
                for r in stim.to_dataframe().itertuples()
            ],
        }
    return expected_series, intervals


def make_lab_electrodes():
    nwb = new_file("labels-test")
    device = nwb.create_device(name="amp")
    group = nwb.create_electrode_group("scalp", description="scalp", location="scalp", device=device)
    for i, location in enumerate(("Fz", "Cz", "", "Pz")):
        # pynwb refuses an empty location, so the empty one is set after writing
        nwb.add_electrode(location=location or "tmp", group=group, id=7 + i)
    nwb.add_acquisition(
        ElectricalSeries(
            name="eeg",
            data=np.arange(20, dtype=np.float64).reshape(5, 4),
            electrodes=nwb.create_electrode_table_region([0, 1, 2, 3], "all"),
            rate=10.0,
        )
    )
    path = write(nwb, os.path.join(HERE, "lab_electrodes.nwb"))
    with h5py.File(path, "r+") as f:
        location = f["general/extracellular_ephys/electrodes/location"]
        location[2] = ""
    return {"file": "lab_electrodes.nwb", "series": "/acquisition/eeg", "labels": ["Fz", "Cz", "9", "Pz"]}


def series_json(series, neurodata_type, labels):
    data = series.data
    shape = list(data.shape)
    irregular = series.timestamps is not None
    return {
        "type": neurodata_type,
        "rows": shape[0],
        "columns": shape[1] if len(shape) > 1 else 1,
        "rate": None if irregular else float(series.rate),
        "unit": series.unit,
        "start_s": float(series.timestamps[0]) if irregular else float(series.starting_time),
        "conversion": float(series.conversion),
        "offset": float(series.offset),
        "labels": labels,
    }


def save_csv(file_stem, series_name, labels, t, values):
    with open(os.path.join(EXPECTED, f"{file_stem}__{series_name}.csv"), "w") as out:
        out.write("t_s," + ",".join(labels) + "\n")
        out.write(csv_rows(t, values))


def make_bad(ephys_path):
    os.makedirs(BAD, exist_ok=True)
    reasons = {}
    with h5py.File(os.path.join(BAD, "not_nwb.h5"), "w", libver=("v110", "v110")) as f:
        f.create_dataset("x", data=np.arange(4))
    reasons["not_nwb.h5"] = "/"
    with h5py.File(os.path.join(BAD, "nwb1.nwb"), "w", libver=("v110", "v110")) as f:
        f.create_dataset("nwb_version", data="NWB-1.0.6")
        f.create_group("acquisition/timeseries")
    reasons["nwb1.nwb"] = "/"

    def small_file(name):
        nwb = new_file(name)
        nwb.add_acquisition(TimeSeries(name="trace", data=np.arange(10.0), unit="V", rate=10.0))
        device = nwb.create_device(name="amp")
        group = nwb.create_electrode_group("g", description="g", location="x", device=device)
        nwb.add_electrode(location="x", group=group)
        nwb.add_acquisition(
            ElectricalSeries(
                name="es",
                data=np.zeros((4, 1)),
                electrodes=nwb.create_electrode_table_region([0], "one"),
                rate=4.0,
            )
        )
        return write(nwb, os.path.join(BAD, name))

    with h5py.File(small_file("future_version.nwb"), "r+") as f:
        f.attrs["nwb_version"] = "3.0.0"
    reasons["future_version.nwb"] = "/"
    with h5py.File(small_file("missing_data.nwb"), "r+") as f:
        del f["acquisition/trace/data"]
    reasons["missing_data.nwb"] = "/acquisition/trace/data"
    path = small_file("missing_index.nwb")
    with h5py.File(path, "r+") as f:
        units = f.create_group("units")
        units.attrs["neurodata_type"] = "Units"
        units.attrs["namespace"] = "core"
        units.attrs["colnames"] = ["spike_times"]
        units.attrs["description"] = "units"
        units.create_dataset("id", data=np.arange(2))
        units.create_dataset("spike_times", data=np.array([0.1, 0.2, 0.3]))
    reasons["missing_index.nwb"] = "/units/spike_times_index"
    with h5py.File(small_file("dangling_reference.nwb"), "r+") as f:
        ghost = f.create_group("general/extracellular_ephys/ghost")
        f["acquisition/es/electrodes"].attrs["table"] = ghost.ref
        del f["general/extracellular_ephys/ghost"]
    reasons["dangling_reference.nwb"] = "/acquisition/es/electrodes"
    return reasons


def main():
    shutil.rmtree(EXPECTED, ignore_errors=True)
    shutil.rmtree(BAD, ignore_errors=True)
    os.makedirs(EXPECTED)
    ephys_series, units, ephys_intervals, annotations, truncation = make_ephys()
    ophys_series, ophys_intervals = make_ophys()
    labels = make_lab_electrodes()
    bad = make_bad(os.path.join(HERE, "ephys.nwb"))
    dump = lambda name, value: json.dump(value, open(os.path.join(EXPECTED, name), "w"), indent=1)
    dump("series.json", {"ephys.nwb": ephys_series, "ophys.nwb": ophys_series})
    dump("units.json", units)
    dump("intervals.json", {"ephys.nwb": ephys_intervals, "ophys.nwb": ophys_intervals})
    dump("annotations.json", annotations)
    dump("truncation.json", truncation)
    dump("labels.json", labels)
    dump("bad.json", bad)
    with h5py.File(os.path.join(HERE, "ephys.nwb"), "r") as f:
        print("nwb_version", f.attrs["nwb_version"])


if __name__ == "__main__":
    main()
