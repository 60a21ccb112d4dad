#!/usr/bin/python3
"""Golden coefficients for org.neurostream.models.logistic.LogisticRegression.

An independent implementation (numpy + scipy.optimize L-BFGS-B, no Newton, no Cholesky) of
the same problem the Java code solves:

  standardise each feature with the mean and population std (ddof=0) of the training rows;
  a feature whose values are all identical gets mean = that value, scale = 1;
  minimise J(w, b) = mean_i[ log(1 + exp(m_i)) - y_i m_i ] + (l2 / 2) |w|^2,
  m_i = b + z_i . w  (bias not penalised).

Writes, next to this script:
  case_<name>.csv   the input data, one row per sample: features..., label (0/1)
  golden.json       per case and l2: mean, scale, weights, bias, objective, the optimiser's
                    final max |gradient|, and the probability of class 1 for the first rows

Run:  /usr/bin/python3 make_golden.py  (Debian numpy 1.24, scipy 1.10; fixed seeds. numpy 2.4 with
scipy 1.17 gives the same input files and coefficients within 1e-8.)
"""
import json
import os

import numpy as np
from scipy.optimize import minimize

HERE = os.path.dirname(os.path.abspath(__file__))
CHECK_ROWS = 8


def make_case_dense(rng):
    # n > p: 160 samples, 6 informative-ish features on very different scales, plus a constant
    n = 160
    y = rng.integers(0, 2, n)
    shift = np.array([0.8, -0.5, 0.0, 0.3, 1.2, -0.2])
    scales = np.array([1.0, 10.0, 0.01, 3.0, 0.5, 100.0])
    offsets = np.array([5.0, -20.0, 0.001, 0.0, 2.0, 1000.0])
    x = (rng.normal(size=(n, 6)) + y[:, None] * shift) * scales + offsets
    x = np.insert(x, 2, 3.7, axis=1)  # constant column at index 2
    return x, y, [1e-3, 1e-1, 10.0]


def make_case_wide(rng):
    # p > n: 40 samples, 60 features, linearly separable; only L2 makes the minimum finite
    n, p = 40, 60
    y = np.repeat([0, 1], n // 2)
    rng.shuffle(y)
    x = rng.normal(size=(n, p)) + 0.4 * y[:, None] * (np.arange(p) % 3 == 0)
    return x, y, [1e-2, 1.0]


def standardise(x):
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    for j in range(x.shape[1]):
        if np.all(x[:, j] == x[0, j]):
            mean[j] = x[0, j]
            scale[j] = 1.0
    return mean, scale, (x - mean) / scale


def fit(z, y, l2):
    n, p = z.shape

    def objective(theta):
        w, b = theta[:p], theta[p]
        m = b + z @ w
        loss = np.mean(np.logaddexp(0.0, m) - y * m)
        r = (1.0 / (1.0 + np.exp(-m)) - y) / n
        grad = np.concatenate([z.T @ r + l2 * w, [r.sum()]])
        return loss + 0.5 * l2 * (w @ w), grad

    theta0 = np.zeros(p + 1)
    result = minimize(objective, theta0, jac=True, method="L-BFGS-B",
                      options={"maxiter": 100000, "maxcor": 50, "gtol": 1e-13,
                               "ftol": 1e-16, "maxfun": 200000})
    f, g = objective(result.x)
    return result.x[:p], result.x[p], f, float(np.max(np.abs(g)))


def main():
    rng = np.random.default_rng(20250611)
    golden = {"script": "make_golden.py", "numpy": np.__version__,
              "scipy": __import__("scipy").__version__, "cases": []}
    for name, maker in (("dense", make_case_dense), ("wide", make_case_wide)):
        x, y, l2s = maker(rng)
        path = os.path.join(HERE, "case_%s.csv" % name)
        np.savetxt(path, np.column_stack([x, y]), fmt="%.17g", delimiter=",")
        mean, scale, z = standardise(x)
        fits = []
        for l2 in l2s:
            w, b, f, gmax = fit(z, y, l2)
            m = b + z[:CHECK_ROWS] @ w
            fits.append({"l2": l2, "weights": w.tolist(), "bias": float(b), "objective": float(f),
                         "maxAbsGradient": gmax,
                         "probabilities": (1.0 / (1.0 + np.exp(-m))).tolist()})
            print("%s l2=%g objective=%.12f max|grad|=%.2e" % (name, l2, f, gmax))
        golden["cases"].append({"name": name, "file": os.path.basename(path),
                                "rows": int(x.shape[0]), "features": int(x.shape[1]),
                                "mean": mean.tolist(), "scale": scale.tolist(), "fits": fits})
    with open(os.path.join(HERE, "golden.json"), "w") as out:
        json.dump(golden, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
