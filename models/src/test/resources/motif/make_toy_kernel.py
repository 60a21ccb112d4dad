#!/usr/bin/python3
"""The toy kernel of docs/features.md#spiking-motif-known-answers as NumPy writes it,
for MotifModelTest.

Run from this folder: /usr/bin/python3 make_toy_kernel.py
K[0] = 1 at (a0, d1), (a1, d5), (a2, d9); K[1] = 1 at (a0, d8), (a1, d5), (a2, d1); b = -2.5;
shape [M, N, D] = [2, 3, 10], causal convention (delay 0 = the current bin).
"""
import numpy as np

K = np.zeros((2, 3, 10), dtype=np.float32)
K[0, 0, 1] = K[0, 1, 5] = K[0, 2, 9] = 1
K[1, 0, 8] = K[1, 1, 5] = K[1, 2, 1] = 1
b = np.full(2, -2.5, dtype=np.float32)
np.save('toy.kernel.npy', K)
np.save('toy.bias.npy', b)
np.save('toy.kernel.f8.fortran.npy', np.asfortranarray(K.astype(np.float64)))
np.save('toy.bias.f8.npy', b.astype(np.float64))
np.save('wrong_rank.npy', K[0])
