#!/usr/bin/env python3
"""Golden values for the ONNX model kind's inputs and graphs (OnnxInputGoldenTest).

A seeded fixture, fixture.npy: 8 channels x 800 samples at 160 Hz, float32 (microvolt-like: a 10 Hz
and a 22 Hz rhythm of channel-dependent amplitude, a DC offset, white noise). The decoder's window
is its last 320 samples; causal filters run from its first sample. For that window the references
compute each input kind independently of our kernels:

- band-power: scipy.signal.welch(window, fs=160, window='hann', nperseg=320, noverlap=160,
  detrend='constant', scaling='density') (one segment: the window), the rect rule: the sum of the
  bins lo <= f < hi times df, log10, bands delta:1-4, theta:4-8, alpha:8-13, beta:13-30,
  gamma:30-45 -> golden_band_power.npy [8, 5];
- band-entropy: scipy.signal.butter(4, [lo, hi], btype='band', fs=160, output='sos') per band,
  scipy.signal.sosfilt over all 800 samples from zero state, numpy var (ddof 0) of the last 320,
  0.5 ln(2 pi e var) -> golden_band_entropy.npy [8, 5] (nats);
- rbtransformer-tokens: the same for theta, alpha, beta, gamma and the normaliser band 4-45 Hz,
  0.5 log2(2 pi e var(band) / var(normaliser)) -> golden_tokens.npy [8, 4] (bits);
- raw: the window -> [8, 320].

Then three tiny graphs with fixed seeded weights, exported by torch.onnx.export (TorchScript
exporter, opset 17), each with its input and PyTorch's output on the golden features (float32):

- tiny_band_power.onnx: input 'x' [1, 8, 5] -> Linear(40, 2) -> output 'logits' [1, 2];
- tiny_tokens.onnx: input 'tokens' [1, 8, 4], RBTransformer-like (Linear(4, 6) + electrode
  embedding, one attention head, mean over electrodes, Linear(6, 3), softmax) -> 'probabilities'
  [1, 3];
- tiny_raw.onnx: input 'samples' [8, 320] (no batch axis) -> a spatial and temporal linear map ->
  'logits' [2].
Outputs: tiny_*_out.npy. OnnxInputGoldenTest compares our features within 1e-5 (1e-6 relative for
band power's log) and the whole onnx pipeline's probabilities within 1e-5.

Versions (PyPI): torch 2.11.0, numpy 2.4.6, scipy 1.17.1, onnx 1.23.2 (the venv of
train_electrode_attention.py). Run: /work/venvs/onnx/bin/python make_golden.py (writes beside it).
"""

import os

import numpy as np
import scipy.signal
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
FS = 160.0
CHANNELS, SAMPLES, WINDOW = 8, 800, 320
BANDS = [(1, 4), (4, 8), (8, 13), (13, 30), (30, 45)]
TOKEN_BANDS = [(4, 8), (8, 13), (13, 30), (30, 45)]
NORMALISER = (4, 45)


def fixture():
    rng = np.random.default_rng(2026)
    t = np.arange(SAMPLES) / FS
    x = np.empty((CHANNELS, SAMPLES))
    for c in range(CHANNELS):
        x[c] = (20.0 + 3 * c + (5 + c) * np.sin(2 * np.pi * 10 * t + c)
                + (8 - c) * np.sin(2 * np.pi * 22 * t) + 4 * rng.standard_normal(SAMPLES))
    return x.astype(np.float32)


def band_power(window):
    f, p = scipy.signal.welch(window.astype(np.float64), fs=FS, window="hann", nperseg=WINDOW,
                              noverlap=WINDOW // 2, detrend="constant", scaling="density", axis=-1)
    df = f[1] - f[0]
    out = np.stack([p[:, (f >= lo) & (f < hi)].sum(axis=1) * df for lo, hi in BANDS], axis=1)
    return np.log10(np.maximum(out, 1e-12))


def band_variance(x, lo, hi):
    sos = scipy.signal.butter(4, [lo, hi], btype="band", fs=FS, output="sos")
    y = scipy.signal.sosfilt(sos, x.astype(np.float64), axis=-1)
    return y[:, -WINDOW:].var(axis=1)


def entropy(x, bands):
    return np.stack([0.5 * np.log(2 * np.pi * np.e * band_variance(x, lo, hi))
                     for lo, hi in bands], axis=1)


def tokens(x):
    reference = band_variance(x, *NORMALISER)
    return np.stack([0.5 * np.log2(2 * np.pi * np.e * band_variance(x, lo, hi) / reference)
                     for lo, hi in TOKEN_BANDS], axis=1)


class TinyTokens(nn.Module):
    def __init__(self):
        super().__init__()
        self.project = nn.Linear(4, 6)
        self.electrode = nn.Parameter(0.5 * torch.randn(1, CHANNELS, 6))
        self.qkv = nn.Linear(6, 18, bias=False)
        self.head = nn.Linear(6, 3)

    def forward(self, x):
        x = self.project(x) + self.electrode
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        x = x + torch.softmax(q @ k.transpose(-1, -2) / 6 ** 0.5, dim=-1) @ v
        return torch.softmax(self.head(x.mean(dim=1)), dim=-1)


class TinyBandPower(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(CHANNELS * 5, 2)

    def forward(self, x):
        return self.linear(x.reshape(1, -1))


class TinyRaw(nn.Module):
    def __init__(self):
        super().__init__()
        self.spatial = nn.Parameter(0.1 * torch.randn(2, CHANNELS))
        self.temporal = nn.Parameter(0.01 * torch.randn(WINDOW))

    def forward(self, x):
        centred = x - x.mean(dim=1, keepdim=True)
        return (self.spatial @ centred) @ self.temporal


def export(model, example, name, input_name, output_name):
    model.eval()
    torch.onnx.export(model, (torch.as_tensor(example),), os.path.join(HERE, name + ".onnx"),
                      input_names=[input_name], output_names=[output_name], opset_version=17,
                      dynamo=False)
    with torch.no_grad():
        out = model(torch.as_tensor(example)).numpy().astype(np.float32)
    np.save(os.path.join(HERE, name + "_out.npy"), out)


def main():
    torch.manual_seed(11)
    x = fixture()
    window = x[:, -WINDOW:]
    np.save(os.path.join(HERE, "fixture.npy"), x)
    golden = {
        "golden_band_power": band_power(window),
        "golden_band_entropy": entropy(x, BANDS),
        "golden_tokens": tokens(x),
    }
    for name, value in golden.items():
        np.save(os.path.join(HERE, name + ".npy"), value.astype(np.float64))
    export(TinyBandPower(), golden["golden_band_power"][None].astype(np.float32),
           "tiny_band_power", "x", "logits")
    export(TinyTokens(), golden["golden_tokens"][None].astype(np.float32),
           "tiny_tokens", "tokens", "probabilities")
    export(TinyRaw(), window.astype(np.float32), "tiny_raw", "samples", "logits")


if __name__ == "__main__":
    main()
