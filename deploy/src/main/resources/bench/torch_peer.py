#!/usr/bin/env python3
"""The PyTorch peer of `neurostream bench --peer`: the bench's band-power and motif workloads in a
few lines of PyTorch on the same GPU, in the same run, so that the OpenCL figures have a reference.

Band power (`bandpower`): a batch is CHANNELS x SAMPLES float32 samples held in a pinned host
tensor (made once, as the OpenCL path keeps its samples in pinned host buffers); every batch is
copied to the device (`.to(device, non_blocking=True)`), cut into segments with `unfold` (NPERSEG,
50 % overlap), mean-removed (scipy's constant detrend), multiplied by the periodic Hann window,
transformed with `torch.fft.rfft`, |X|^2 averaged over segments and scaled to a one-sided density,
then summed under band masks (lo <= f < hi, times df) and divided by the relative range's power; the
results come back to the host (`.to("cpu")`, which waits for the batch). Throughput counts input
samples: CHANNELS x SAMPLES x batches / seconds, after a warm-up quarter of the time.

Motif detection (`motif`): the dense convolution. The bench's event stream (addresses and bins, in
pinned host tensors) goes in batches of BATCH events: each batch is copied to the device, its
events and the kept tail (events of the D - 1 bins before) become a count raster (addresses x
bins, `index_put_` with accumulation), `conv1d` with the flipped kernel gives V[m, t] = b_m +
sum K[m, a, d] A[a, t - d] for the bins the batch closes, and the cells at or above the threshold
are counted (which waits for the batch); the last D bins are decided at the end of each pass.
Throughput counts input events per second over whole passes, after a warm-up quarter.

Output, one line per figure, tab-separated `key=value` fields after the line's kind, for the bench
to print in its own format:
  device  name=...  torch=...  cuda=...
  bandpower  channels=N  samples=L  samples_per_s=X  batches=B
  motif  batch=N  events_per_s=X  detections_per_pass=D
  skip  reason=...          (no PyTorch, or no CUDA device for --device cuda; nothing else follows)
`--device cpu` exists only to test this script where no GPU is (its figures mean nothing).
Needs numpy and torch; any versions with torch.fft (1.8+).
"""
import argparse
import os
import platform
import sys
import time


def field(value):
    return str(value).replace("\t", " ").replace("\n", " ")


def emit(kind, **fields):
    print("\t".join([kind] + [f"{k}={field(v)}" for k, v in fields.items()]), flush=True)


def timed(step, seconds):
    """Runs step() for a warm-up quarter of `seconds`, then counts calls over the rest."""
    warm_end = time.perf_counter() + seconds / 4
    while time.perf_counter() < warm_end:
        step()
    calls = 0
    start = time.perf_counter()
    end = start + seconds * 3 / 4
    while True:
        step()
        calls += 1
        now = time.perf_counter()
        if now >= end:
            return calls, now - start


def bandpower(torch, dev, args):
    n = args.nperseg
    fs = args.fs
    bins = n // 2 + 1
    df = fs / n
    freqs = torch.arange(bins, dtype=torch.float64) * df
    bands = [tuple(float(v) for v in b.split("-")) for b in args.bands.split(",")]
    lo, hi = (float(v) for v in args.relative.split("-"))
    masks = torch.stack([((freqs >= a) & (freqs < b)) for a, b in bands]).to(torch.float32)
    relative = ((freqs >= lo) & (freqs < hi)).to(torch.float32)
    window = torch.hann_window(n, periodic=True, dtype=torch.float64)
    scale = torch.full((bins,), 2.0, dtype=torch.float64)
    scale[0] = 1.0
    if n % 2 == 0:
        scale[-1] = 1.0
    scale = (scale / (fs * float((window * window).sum()))).to(torch.float32)
    masks, relative, scale = masks.to(dev), relative.to(dev), scale.to(dev)
    window = window.to(torch.float32).to(dev)
    generator = torch.Generator().manual_seed(20240611)
    for channels in [int(c) for c in args.channels.split(",")]:
        host = torch.randn(channels, args.samples, generator=generator, dtype=torch.float32)
        if dev.type == "cuda":
            host = host.pin_memory()

        def step():
            x = host.to(dev, non_blocking=True)
            seg = x.unfold(1, n, n // 2)
            seg = seg - seg.mean(dim=2, keepdim=True)
            spec = torch.fft.rfft(seg * window, dim=2)
            psd = (spec.real.square() + spec.imag.square()).mean(dim=1) * scale
            power = (psd @ masks.T) * df
            total = (psd @ relative) * df
            return torch.cat([power, power / total[:, None]], dim=1).to("cpu")

        batches, elapsed = timed(step, args.seconds)
        emit(
            "bandpower",
            channels=channels,
            samples=args.samples,
            samples_per_s=f"{channels * args.samples * batches / elapsed:.6g}",
            batches=batches,
        )


def motif(torch, dev, args):
    import numpy as np

    m, a, d = args.motifs, args.addresses, args.delays
    ids = np.fromfile(os.path.join(args.workload, "ids.i32"), dtype="<i4").astype(np.int64)
    bins = np.fromfile(os.path.join(args.workload, "bins.i64"), dtype="<i8")
    kernel = np.fromfile(os.path.join(args.workload, "kernel.f32"), dtype="<f4")
    bias = np.fromfile(os.path.join(args.workload, "bias.f32"), dtype="<f4")
    weight = torch.from_numpy(kernel.reshape(m, a, d)[:, :, ::-1].copy()).to(dev)
    bias_t = torch.from_numpy(bias).to(dev)[:, None]
    ids_host = torch.from_numpy(ids)
    bins_host = torch.from_numpy(bins)
    if dev.type == "cuda":
        ids_host, bins_host = ids_host.pin_memory(), bins_host.pin_memory()
    threshold = args.threshold
    events = len(ids)

    def decide(addr, t, open_bin, last):
        """Counts the detections of bins [open_bin, last) from events (addr, t) with t < last."""
        keep = t < last
        cols = last - open_bin + d - 1
        raster = torch.zeros(a, cols, dtype=torch.float32, device=dev)
        ones = torch.ones(1, dtype=torch.float32, device=dev).expand(int(keep.numel()))
        raster.index_put_((addr, (t - (open_bin - d + 1)).clamp(0, cols - 1)), ones * keep, accumulate=True)
        v = torch.nn.functional.conv1d(raster[None], weight)[0] + bias_t
        return int((v >= threshold).sum())

    for batch in [int(b) for b in args.batch.split(",")]:
        found = [0]

        def one_pass():
            tail_a = torch.empty(0, dtype=torch.int64, device=dev)
            tail_t = torch.empty(0, dtype=torch.int64, device=dev)
            open_bin = int(bins[0])
            count = 0
            for i in range(0, events, batch):
                j = min(i + batch, events)
                last = int(bins[j - 1])
                addr = torch.cat([tail_a, ids_host[i:j].to(dev, non_blocking=True)])
                t = torch.cat([tail_t, bins_host[i:j].to(dev, non_blocking=True)])
                if last > open_bin:
                    count += decide(addr, t, open_bin, last)
                    kept = t > last - d
                    tail_a, tail_t = addr[kept], t[kept]
                    open_bin = last
                else:
                    tail_a, tail_t = addr, t
            count += decide(tail_a, tail_t, open_bin, open_bin + d)
            found[0] = count

        passes, elapsed = timed(one_pass, args.seconds)
        emit(
            "motif",
            batch=batch,
            events_per_s=f"{events * passes / elapsed:.6g}",
            detections_per_pass=found[0],
        )


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("section", choices=["bandpower", "motif"])
    p.add_argument("--device", default="cuda", help="cuda (default); cpu only to test the script")
    p.add_argument("--seconds", type=float, default=3.0, help="per measurement, warm-up included")
    p.add_argument("--channels", default="384", help="channels per batch, comma-separated")
    p.add_argument("--samples", type=int, default=15000, help="samples per channel per batch")
    p.add_argument("--fs", type=float, default=30000.0)
    p.add_argument("--nperseg", type=int, default=1024)
    p.add_argument("--bands", default="100-300,300-1000,1000-6000")
    p.add_argument("--relative", default="100-6000")
    p.add_argument("--workload", help="folder with ids.i32, bins.i64, kernel.f32, bias.f32")
    p.add_argument("--motifs", type=int)
    p.add_argument("--addresses", type=int)
    p.add_argument("--delays", type=int)
    p.add_argument("--threshold", type=float)
    p.add_argument("--batch", default="8192", help="events per batch, comma-separated")
    args = p.parse_args()
    try:
        import torch
    except ImportError as e:
        emit("skip", reason=f"no PyTorch for {sys.executable} ({e})")
        return 0
    if args.device == "cuda" and not torch.cuda.is_available():
        emit("skip", reason=f"PyTorch {torch.__version__} for {sys.executable} sees no CUDA device")
        return 0
    dev = torch.device(args.device)
    if dev.type == "cuda":
        name = torch.cuda.get_device_name(dev)
    else:
        name = f"cpu ({platform.processor() or platform.machine()}), for testing only"
    emit("device", name=name, torch=torch.__version__, cuda=torch.version.cuda)
    with torch.no_grad():
        if args.section == "bandpower":
            bandpower(torch, dev, args)
        else:
            motif(torch, dev, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
