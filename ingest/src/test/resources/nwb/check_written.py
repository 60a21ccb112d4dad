#!/usr/bin/env python3
"""Reads an NWB file that NeuroStream's NwbWriter wrote with pynwb, compares what pynwb reads with
the values the Java test wrote (a JSON file), and validates the file against pynwb's NWB schema.

    python check_written.py FILE.nwb EXPECTED.json

EXPECTED.json: {"identifier": ..., "session_description": ...,
                "series": {"<module>/<name>": {"unit": ..., "description": ...,
                                               "data": [[...] per sample], "timestamps": [...]}},
                "tables": {"<module>/<name>": {"columns": [...], "rows": [[...] per row]}}}
Numbers are compared exactly (float32 data as float32). Prints "ok" and exits 0 when all agree and
the validator finds no error; prints the differences and exits 1 otherwise. Run by NwbWriterTest
through the interpreter named by the system property neurostream.python (pynwb pinned in
python/requirements-ci.txt).
"""

import json
import sys
import warnings

import numpy as np
import pynwb


def same_rows(rows, want):
    """Texts equal as texts, numbers equal as float64 (ints and float64 columns alike)."""
    if len(rows) != len(want):
        return False
    for row, want_row in zip(rows, want):
        if len(row) != len(want_row):
            return False
        for value, expected in zip(row, want_row):
            if isinstance(expected, str):
                if value != expected:
                    return False
            elif float(value) != float(expected):
                return False
    return True


def validation_errors(path):
    """pynwb's schema validation; pynwb 3 and later take path=, pynwb 2 paths= and a status."""
    try:
        return list(pynwb.validate(path=path))
    except TypeError:
        errors, _ = pynwb.validate(paths=[path])
        return list(errors)


def main(path, expected_path):
    expected = json.load(open(expected_path))
    problems = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pynwb.NWBHDF5IO(path, "r") as io:
            nwb = io.read()
            if nwb.identifier != expected["identifier"]:
                problems.append(f"identifier {nwb.identifier!r}")
            if nwb.session_description != expected["session_description"]:
                problems.append(f"session_description {nwb.session_description!r}")
            for key, want in expected["series"].items():
                module, name = key.split("/")
                ts = nwb.processing[module][name]
                if type(ts) is not pynwb.TimeSeries:
                    problems.append(f"{key}: a {type(ts).__name__}, not a TimeSeries")
                data = np.asarray(ts.data[:])
                want_data = np.asarray(want["data"], dtype=np.float32)
                if want_data.shape[1] == 1:
                    want_data = want_data[:, 0]
                if data.dtype != np.float32 or not np.array_equal(data, want_data):
                    problems.append(f"{key}: data {data!r} != {want_data!r}")
                if not np.array_equal(np.asarray(ts.timestamps[:]), np.asarray(want["timestamps"], dtype=np.float64)):
                    problems.append(f"{key}: timestamps {ts.timestamps[:]!r}")
                if ts.unit != want["unit"] or ts.description != want["description"]:
                    problems.append(f"{key}: unit {ts.unit!r}, description {ts.description!r}")
            for key, want in expected["tables"].items():
                module, name = key.split("/")
                table = nwb.processing[module][name]
                if list(table.colnames) != want["columns"]:
                    problems.append(f"{key}: columns {list(table.colnames)!r}")
                frame = table.to_dataframe()
                rows = [list(r) for r in frame.itertuples(index=False)]
                if not same_rows(rows, want["rows"]):
                    problems.append(f"{key}: rows {rows!r} != {want['rows']!r}")
                if list(frame.index) != list(range(len(want["rows"]))):
                    problems.append(f"{key}: ids {list(frame.index)!r}")
        errors = validation_errors(path)
    if errors:
        problems.append(f"validation: {errors!r}")
    if problems:
        print("\n".join(problems))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
