#!/usr/bin/python3
"""Golden .npy files for NpyReaderTest, written by NumPy itself (numpy 1.24.2, Debian python3-numpy).

Run from this folder: /usr/bin/python3 make_golden.py
Every array holds values[i] = i * 0.5 - 3 (C order), cast to the dtype, so the test can rebuild
the expected values without Python. Shapes and dtypes are in the file names.
"""
import numpy as np


def values(shape, dtype):
    n = int(np.prod(shape)) if shape else 1
    return (np.arange(n) * 0.5 - 3).astype(dtype).reshape(shape)


def save(name, arr):
    np.save(name, arr)


save("f4_c_2x3.npy", values((2, 3), "<f4"))
save("f8_fortran_3x4.npy", np.asfortranarray(values((3, 4), "<f8")))
save("f8_big_2x3.npy", values((2, 3), ">f8"))
save("f4_big_fortran_2x3x2.npy", np.asfortranarray(values((2, 3, 2), ">f4")))
save("i2_c_5.npy", values((5,), "<i2"))
save("i4_big_2x2.npy", values((2, 2), ">i4"))
save("i8_c_2x2.npy", values((2, 2), "<i8"))
save("u1_c_2x3.npy", np.arange(6, dtype=np.uint8).reshape(2, 3) * 50)
save("u2_big_3.npy", np.array([0, 1, 65535], dtype=">u2"))
save("u4_c_3.npy", np.array([0, 7, 4294967295], dtype="<u4"))
save("b1_c_4.npy", np.array([True, False, False, True]))
save("f8_scalar.npy", np.array(2.5))
save("f4_empty_0x3.npy", np.zeros((0, 3), dtype="<f4"))
# format 2.0 header, written on purpose
with open("f4_v2_2x2.npy", "wb") as f:
    np.lib.format.write_array(f, values((2, 2), "<f4"), version=(2, 0))
# refused dtypes
save("c16_2.npy", np.array([1 + 2j, 3 - 4j]))
save("f2_2.npy", np.array([1.5, 2.5], dtype=np.float16))
save("U3_2.npy", np.array(["ab", "cde"]))
save("structured_2.npy", np.zeros(2, dtype=[("x", "<f4"), ("y", "<i4")]))
# truncated: the last 4 bytes cut off
data = open("f4_c_2x3.npy", "rb").read()
open("f4_truncated_2x3.npy", "wb").write(data[:-4])
# what NpyWriter must reproduce byte for byte
save("writer_f4_c_2x3.npy", values((2, 3), "<f4"))
save("writer_f8_big_fortran_3x2.npy", np.asfortranarray(values((3, 2), ">f8")))
