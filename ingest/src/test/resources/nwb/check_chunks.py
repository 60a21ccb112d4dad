#!/usr/bin/env python3
"""Reads a chunked dataset with h5py (the HDF5 library itself) and checks its shape, chunk shape,
number of chunks and the sum of its elements against what the Java test expects.

    python check_chunks.py FILE.h5 DATASET ROWS COLUMNS CHUNK_ROWS CHUNK_COLUMNS CHUNKS SUM

Prints "ok" and exits 0 when all agree, the differences and 1 otherwise. Run by Hdf5WriterTest
through the interpreter named by neurostream.python.
"""

import sys

import h5py
import numpy as np


def main(path, name, rows, columns, chunk_rows, chunk_columns, chunks, total):
    with h5py.File(path, "r") as f:
        d = f[name]
        got = (d.shape, d.chunks, d.id.get_num_chunks(), int(d[:].astype(np.int64).sum()))
    want = ((int(rows), int(columns)), (int(chunk_rows), int(chunk_columns)), int(chunks), int(total))
    if got != want:
        print(f"h5py reads {got}, expected {want}")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
