"""The work of `neurostream motifs detect` done with PyTorch's dense convolution, for timing the
whole process against it (README "Start-up of offline commands").

usage: torch_motifs_detect.py KERNEL.npy BIAS.npy EVENTS.csv BIN_US THRESHOLD OUT.csv [DEVICE]

Reads the kernel K[m, a, d] and biases b[m] (numpy), the events CSV (header t_us,address...,
rows in time order), bins the events (bin = t_us // BIN_US) into a dense raster A[a, t] from the
first event's bin to the last event's bin + D - 1 (index_put_ with accumulation; addresses outside
0..N-1 ignored), computes V[m, t] = b[m] + sum over a, d of K[m, a, d] A[a, t - d] with one
conv1d of the flipped kernel over the raster padded by D - 1 zero bins on the left, and writes
every V >= THRESHOLD as bin,motif,potential rows (by bin, then motif). No suppression (the
command's default). DEVICE is cpu (default) or cuda. Needs numpy and torch (measured with numpy
2.4.6, torch 2.11.0).
"""
import sys

import numpy as np
import torch


def main():
    kernel_file, bias_file, events_file, bin_us, threshold, out = sys.argv[1:7]
    device = sys.argv[7] if len(sys.argv) > 7 else "cpu"
    bin_us = int(bin_us)
    threshold = float(threshold)
    k = torch.from_numpy(np.load(kernel_file).astype(np.float32)).to(device)
    b = torch.from_numpy(np.load(bias_file).astype(np.float32)).to(device)
    m, n, d = k.shape
    ev = np.loadtxt(events_file, delimiter=",", skiprows=1, usecols=(0, 1), dtype=np.int64, ndmin=2)
    t = torch.from_numpy(ev[:, 0] // bin_us)
    a = torch.from_numpy(ev[:, 1])
    first = int(t[0])
    bins = int(t[-1]) - first + d
    keep = (a >= 0) & (a < n)
    raster = torch.zeros((n, bins), dtype=torch.float32, device=device)
    raster.index_put_(
        (a[keep].to(device), (t[keep] - first).to(device)),
        torch.ones(int(keep.sum()), dtype=torch.float32, device=device),
        accumulate=True,
    )
    padded = torch.nn.functional.pad(raster, (d - 1, 0))
    v = torch.nn.functional.conv1d(padded[None], torch.flip(k, dims=[2]))[0] + b[:, None]
    motif, when = torch.nonzero(v >= threshold, as_tuple=True)
    order = torch.argsort(when * m + motif)
    motif, when = motif[order].cpu().numpy(), when[order].cpu().numpy()
    potential = v[motif, when].cpu().numpy() if len(motif) else np.zeros(0, np.float32)
    with open(out, "w") as f:
        f.write("bin,motif,potential\n")
        for w, mm, p in zip(when + first, motif, potential):
            f.write("%d,%d,%s\n" % (w, mm, repr(float(p))))


if __name__ == "__main__":
    main()
