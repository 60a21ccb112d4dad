#!/usr/bin/python3
"""Golden .npy files for NpyArrayTest, written by NumPy itself.

Run from this folder with Debian's python3 (numpy installed): /usr/bin/python3 make_golden_npy.py
Every array holds a[i, j, k] = 100 i + 10 j + k + 1/3 (rounded to the dtype), so the Java test
computes the expected values without reading another file.
"""
import numpy as np


def values(shape, dtype):
    idx = np.indices(shape)
    weights = [100, 10, 1][-len(shape):] if len(shape) <= 3 else None
    a = sum(w * i for w, i in zip(weights, idx)) + 1.0 / 3.0
    return np.asarray(a, dtype=np.float64).astype(dtype)


shape = (2, 3, 4)
for dtype, tag in ((np.float32, 'f4'), (np.float64, 'f8')):
    a = values(shape, dtype)
    np.save(f'c_{tag}_2x3x4.npy', np.ascontiguousarray(a))
    np.save(f'fortran_{tag}_2x3x4.npy', np.asfortranarray(a))
    assert np.load(f'fortran_{tag}_2x3x4.npy').flags.f_contiguous

np.save('fortran_f4_3x5.npy', np.asfortranarray(values((3, 5), np.float32)))
np.save('c_f4_7.npy', values((7,), np.float32))
np.save('c_f8_scalar.npy', np.float64(1.0 / 3.0))
with open('v2_f4_2x3.npy', 'wb') as f:
    np.lib.format.write_array(f, values((2, 3), np.float32), version=(2, 0))
np.save('big_endian_f4.npy', values((2, 3), '>f4'))
np.save('int64.npy', np.arange(6, dtype='<i8').reshape(2, 3))
with open('truncated_f4.npy', 'wb') as f:
    data = open('c_f4_2x3x4.npy', 'rb').read()
    f.write(data[:-5])
