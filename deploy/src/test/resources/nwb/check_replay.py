#!/usr/bin/env python3
"""Reads the NWB file of `neurostream replay --out-nwb` with pynwb, validates it against pynwb's NWB
schema, and prints one line per object of its processing modules:

    <module>/<name> <type> <rows>x<columns>

then `label <first value of labelledwindows tables' label column>` for each such table, and `ok`
when the validator found no error (exit 0; otherwise the errors and exit 1).

    python check_replay.py FILE.nwb

Run by NwbReplayCommandsTest through the interpreter named by the system property
neurostream.python (pynwb pinned in python/requirements-ci.txt).
"""

import sys
import warnings

import numpy as np
import pynwb


def validation_errors(path):
    """pynwb's schema validation; pynwb 3 and later take path=, pynwb 2 paths= and a status."""
    try:
        return list(pynwb.validate(path=path))
    except TypeError:
        errors, _ = pynwb.validate(paths=[path])
        return list(errors)


def main(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pynwb.NWBHDF5IO(path, "r") as io:
            nwb = io.read()
            print("description " + nwb.session_description.split(":")[0])
            for module_name in sorted(nwb.processing):
                module = nwb.processing[module_name]
                for name in sorted(module.data_interfaces):
                    obj = module[name]
                    if isinstance(obj, pynwb.TimeSeries):
                        data = np.asarray(obj.data[:])
                        cols = 1 if data.ndim == 1 else data.shape[1]
                        print(f"{module_name}/{name} TimeSeries {data.shape[0]}x{cols}")
                    else:
                        frame = obj.to_dataframe()
                        print(f"{module_name}/{name} {type(obj).__name__} {len(frame)}x{len(frame.columns)}")
                        if module_name == "labelledwindows":
                            print(f"label {frame['label'].iloc[0]}")
        errors = validation_errors(path)
    if errors:
        print(f"validation: {errors!r}")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
