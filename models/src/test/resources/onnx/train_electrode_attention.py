#!/usr/bin/env python3
"""Trains the example ONNX decoder of replay-data, exports it and writes the parity fixtures.

The model: a small electrode-attention network over band-entropy tokens (RBTransformer's idea at a
tenth of its size): each electrode's token is its five band differential entropies (the job's BDE:
delta, theta, alpha, beta, gamma; nats), standardised with the training mean and deviation of that
electrode and band, projected to 16 dimensions, plus a learned electrode identity embedding; two
pre-norm attention blocks (2 heads of 8, feed-forward 32, GELU) let every electrode attend to every
other (optionally after subtracting each band's mean over the electrodes, chosen by
cross-validation); the tokens are averaged, layer-normalised and mapped to two logits (T1 left fist, T2 right
fist). About 6 k parameters.

Data: the generated benchmark of the README's decoder table, `./neurostream synth-eeg --seed 21
--depth 0.5 --runs 6`; calibration runs 1-3, held-out runs 4-6. The features are not recomputed
here: `OnnxModelTool features` runs each run through the live decoder (causal filters from the
file's first sample, the job's 0.25 s grid) and writes the input tensor of every 2 s window lying
wholly inside a T1 or T2 annotation (training examples) and of every trial's 0.5-2.5 s epoch (as
`evaluate-decoder` scores it), so training and live decoding see the same numbers.

Training: AdamW (lr 3e-3, weight decay 1e-2), mini-batches of 32 windows, seed 7, one CPU thread,
deterministic algorithms. Four variants (VARIANTS: with or without subtracting each band's mean over
the electrodes inside the graph; 60 epochs at dropout 0.2 or 40 at 0.3) are compared by leaving one
calibration run out (train on two runs' windows, score the third run's trials); the best is recorded
in the model file as `validation` and trained on all three runs for the deployed model. The
held-out runs play no part in any choice. Export: `torch.onnx.export`
(TorchScript exporter, opset 17), input `bde` [1, 64, 5] float32, output `logits` [1, 2].

Writes: replay-data/models/electrode-attention.json (via `OnnxModelTool pack`, the graph embedded
in base64), and beside this script parity_inputs.npy (held-out trial tensors, [N, 1, 64, 5]
float32) and parity_logits.npy (PyTorch's logits for them, [N, 2] float32), which
`ElectrodeAttentionModelTest` runs through ONNX Runtime's Java API and compares within 1e-5.

Environment (PyPI, pinned): python3 -m venv /work/venvs/onnx; /work/venvs/onnx/bin/pip install
torch==2.11.0 numpy==2.4.6 onnx==1.23.2 onnxscript==0.7.2 onnxruntime==1.29.0 scipy==1.17.1
(torch's Linux wheel on PyPI is the CUDA build; it runs here on the CPU). The jar must be built
(`./neurostream --help` builds it).

Run from the repository root: /work/venvs/onnx/bin/python
models/src/test/resources/onnx/train_electrode_attention.py [--work DIR]
"""

import argparse
import csv
import json
import os
import subprocess
import sys

import numpy as np
import onnx
import onnxruntime
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", "..", ".."))
JAR = os.path.join(ROOT, "deploy", "target", "neurostream-cli.jar")
MODEL = os.path.join(ROOT, "replay-data", "models", "electrode-attention.json")
INPUT = {
    "kind": "band-entropy",
    "bands": "delta:1-4,theta:4-8,alpha:8-13,beta:13-30,gamma:30-45",
    "unit": "nats",
}
SEED = 7
SYNTH = {"seed": 21, "depth": 0.5, "runs": 6}
BATCH = 32
# the variants compared by leave-one-run-out cross-validation on the calibration runs only
VARIANTS = [
    {"center": False, "epochs": 60, "dropout": 0.2},
    {"center": True, "epochs": 60, "dropout": 0.2},
    {"center": False, "epochs": 40, "dropout": 0.3},
    {"center": True, "epochs": 40, "dropout": 0.3},
]
OPSET = 17


class ElectrodeAttention(nn.Module):
    """Band-entropy tokens per electrode, electrode embeddings, attention, pooled linear head."""

    def __init__(self, mean, std, center, electrodes=64, bands=5, dim=16, heads=2, head_dim=8,
                 hidden=32, depth=2, classes=2, dropout=0.1):
        super().__init__()
        self.center = center
        self.register_buffer("mean", torch.as_tensor(mean, dtype=torch.float64))
        self.register_buffer("std", torch.as_tensor(std, dtype=torch.float64))
        self.project = nn.Linear(bands, dim)
        self.electrode = nn.Parameter(0.02 * torch.randn(1, electrodes, dim))
        self.drop = nn.Dropout(dropout)
        self.blocks = nn.ModuleList(
            [Block(dim, heads, head_dim, hidden, dropout) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, classes)

    def forward(self, x):  # x: [batch, electrodes, bands], float32
        # standardised in double, so that PyTorch and ONNX Runtime round the same numbers (in
        # float32 their different summation orders, divided by small deviations, reach 1e-4)
        z = x.double()
        if self.center:
            # each band's entropy relative to its mean over the electrodes (a common average)
            z = z - z.mean(dim=1, keepdim=True)
        x = ((z - self.mean) / self.std).float()
        x = self.drop(self.project(x) + self.electrode)
        for block in self.blocks:
            x = block(x)
        return self.head(self.norm(x.mean(dim=1)))


class Block(nn.Module):
    """Pre-norm multi-head self-attention over electrodes, then a feed-forward layer."""

    def __init__(self, dim, heads, head_dim, hidden, dropout):
        super().__init__()
        self.heads, self.head_dim = heads, head_dim
        self.norm1 = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * heads * head_dim, bias=False)
        self.out = nn.Linear(heads * head_dim, dim)
        self.norm2 = nn.LayerNorm(dim)
        self.ff = nn.Sequential(nn.Linear(dim, hidden), nn.GELU(), nn.Dropout(dropout),
                                nn.Linear(hidden, dim))
        self.drop = nn.Dropout(dropout)

    def forward(self, x):
        b, n, _ = x.shape
        q, k, v = self.qkv(self.norm1(x)).chunk(3, dim=-1)
        q, k, v = (t.reshape(b, n, self.heads, self.head_dim).transpose(1, 2) for t in (q, k, v))
        attention = torch.softmax(q @ k.transpose(-1, -2) * self.head_dim ** -0.5, dim=-1)
        y = (attention @ v).transpose(1, 2).reshape(b, n, self.heads * self.head_dim)
        x = x + self.drop(self.out(y))
        return x + self.drop(self.ff(self.norm2(x)))


def run(cmd):
    print("+ " + " ".join(cmd), flush=True)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
    sys.stdout.write(out.stdout)
    return out.stdout


def features(runs, out):
    run(["java", "-cp", JAR, "org.neurostream.models.onnx.OnnxModelTool", "features",
         "--input-spec", json.dumps(INPUT), "--classes", "T1,T2", "--epoch", "0.5,2.5",
         "--out", out] + runs)

    def table(name):
        with open(os.path.join(out, name + ".csv")) as f:
            rows = list(csv.DictReader(f))
        x = np.load(os.path.join(out, name + ".npy"))
        return x, np.array([int(r["label"]) for r in rows]), np.array([int(r["file"]) for r in rows])

    return table("windows"), table("trials")


def fit(x, y, seed, variant):
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    x64 = x.astype(np.float64)
    z = x64 - x64.mean(axis=1, keepdims=True) if variant["center"] else x64
    mean = z.mean(axis=0)
    std = z.std(axis=0) + 1e-6
    model = ElectrodeAttention(mean, std, variant["center"], dropout=variant["dropout"])
    optimiser = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-2)
    xs = torch.as_tensor(x)
    ys = torch.as_tensor(y, dtype=torch.long)
    loss_of = nn.CrossEntropyLoss()
    model.train()
    for _ in range(variant["epochs"]):
        order = rng.permutation(len(x))
        for i in range(0, len(order), BATCH):
            batch = torch.as_tensor(order[i:i + BATCH])
            optimiser.zero_grad()
            loss = loss_of(model(xs[batch]), ys[batch])
            loss.backward()
            optimiser.step()
    model.eval()
    return model


def accuracy(model, x, y):
    with torch.no_grad():
        return float((model(torch.as_tensor(x)).argmax(dim=1).numpy() == y).mean())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", default="/tmp/electrode-attention")
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    runs_dir = os.path.join(args.work, "runs")
    run([os.path.join(ROOT, "neurostream"), "synth-eeg", "--out", runs_dir,
         "--seed", str(SYNTH["seed"]), "--depth", str(SYNTH["depth"]),
         "--runs", str(SYNTH["runs"])])
    runs = sorted(os.path.join(runs_dir, f) for f in os.listdir(runs_dir) if f.endswith(".edf"))
    (xw, yw, fw), (xt, yt, ft) = features(runs[:3], os.path.join(args.work, "calibration"))
    (_, _, _), (xh, yh, _) = features(runs[3:], os.path.join(args.work, "held-out"))

    def cross_validate(variant):
        accuracies, chances = [], []
        for held in range(3):
            model = fit(xw[fw != held], yw[fw != held], SEED, variant)
            accuracies.append(accuracy(model, xt[ft == held], yt[ft == held]))
            majority = np.bincount(yw[fw != held], minlength=2).argmax()
            chances.append(float((yt[ft == held] == majority).mean()))
        print(f"{variant}: folds {accuracies} mean {np.mean(accuracies):.3f}", flush=True)
        return accuracies, chances

    results = [cross_validate(v) for v in VARIANTS]
    best = int(np.argmax([np.mean(a) for a, _ in results]))
    variant = VARIANTS[best]
    fold_accuracies, fold_chances = results[best]
    model = fit(xw, yw, SEED, variant)
    held_out = accuracy(model, xh, yh)
    print(f"chosen {variant}; held-out trial accuracy (runs 4-6, {len(yh)} trials): {held_out:.3f}")

    graph = os.path.join(args.work, "electrode-attention.onnx")
    example = torch.as_tensor(xh[:1])
    torch.onnx.export(model, (example,), graph, input_names=["bde"], output_names=["logits"],
                      opset_version=OPSET, dynamo=False)
    onnx.checker.check_model(onnx.load(graph))

    parity_x = np.ascontiguousarray(xh[:24, None, :, :])
    with torch.no_grad():
        parity_logits = np.stack([model(torch.as_tensor(p)).numpy()[0] for p in parity_x])
    session = onnxruntime.InferenceSession(graph, providers=["CPUExecutionProvider"])
    ort = np.stack([session.run(["logits"], {"bde": p})[0][0] for p in parity_x])
    print(f"onnxruntime (Python) vs PyTorch: max |difference| {np.abs(ort - parity_logits).max():.2e}")
    np.save(os.path.join(HERE, "parity_inputs.npy"), parity_x.astype(np.float32))
    np.save(os.path.join(HERE, "parity_logits.npy"), parity_logits.astype(np.float32))

    versions = {"python": sys.version.split()[0], "torch": torch.__version__,
                "numpy": np.__version__, "onnx": onnx.__version__,
                "onnxruntime": onnxruntime.__version__}
    spec = {
        "name": "electrode-attention",
        "classes": [{"name": "T1", "annotations": ["T1"]}, {"name": "T2", "annotations": ["T2"]}],
        "epoch": {"tmin": 0.5, "tmax": 2.5},
        "validation": {
            "cvAccuracy": float(np.mean(fold_accuracies)),
            "chanceLevel": float(np.mean(fold_chances)),
            "folds": 3, "trials": int(len(yt)),
            "foldAccuracies": fold_accuracies, "foldChanceLevels": fold_chances,
        },
        "training": {
            "script": "models/src/test/resources/onnx/train_electrode_attention.py",
            "data": "./neurostream synth-eeg --seed 21 --depth 0.5 --runs 6; calibration runs"
                    " 1-3 (windows wholly inside T1/T2 annotations on the job's grid), held out"
                    " runs 4-6",
            "recordings": [os.path.basename(r) for r in runs[:3]],
            "windows": int(len(yw)),
            "trialsPerClass": {"T1": int((yt == 0).sum()), "T2": int((yt == 1).sum())},
            "validation": "leave one calibration run out, trial accuracy of the held-out run",
            "heldOutTrialAccuracy": held_out,
            "heldOutTrials": int(len(yh)),
            "model": "electrode attention over band-entropy tokens: 64 electrodes x 5 bands,"
                     " standardised, Linear(5, 16) + electrode embedding, 2 pre-norm attention"
                     " blocks (2 heads x 8, feed-forward 32, GELU), mean over electrodes,"
                     " LayerNorm, Linear(16, 2)",
            "parameters": int(sum(p.numel() for p in model.parameters())),
            "optimiser": f"AdamW lr 3e-3 weight decay 1e-2, batch {BATCH}, seed {SEED}",
            "variant": variant,
            "selection": [{"variant": v, "foldAccuracies": a} for v, (a, _) in
                          zip(VARIANTS, results)],
            "export": f"torch.onnx.export, TorchScript exporter, opset {OPSET}",
            "versions": versions,
        },
        "stages": {
            "input": INPUT,
            "onnx": {
                "input": {"name": "bde", "shape": [1, 64, 5]},
                "output": {"name": "logits", "shape": [1, 2], "values": "logits"},
            },
        },
    }
    spec_file = os.path.join(args.work, "spec.json")
    with open(spec_file, "w") as f:
        json.dump(spec, f, indent=2)
    run(["java", "-cp", JAR, "org.neurostream.models.onnx.OnnxModelTool", "pack",
         "--spec", spec_file, "--graph", graph, "--reference", runs[0], "--out", MODEL])
    run([os.path.join(ROOT, "neurostream"), "evaluate-decoder", "--model", MODEL,
         "--input"] + runs[3:])


if __name__ == "__main__":
    main()
