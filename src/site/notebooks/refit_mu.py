#!/usr/bin/python3
"""Refit the CEvNS signal strength mu = N_CEvNS / N_SM from a cevns-daq HDF5 export alone.

    /usr/bin/python3 refit_mu.py run1.h5 [ENTRY]

Reads the file's `fit` group (per energy bin: on-window, off-window and beam-off counts, the
CEvNS and beam-related-neutron expectation in the on window; the exposure ratios and the
normalisation uncertainties) and fits the same binned Poisson likelihood as `cevns-daq analyze`
(physics.md): in each bin the on window holds mu(1+theta) C_i + beta B_i + alpha b_i events, the off
window b_i and the beam-off pulses alpha_off b_i; theta ~ N(0, cevns_sigma), beta ~ N(1, brn_sigma),
beta >= 0, each b_i profiled in closed form. The 68 % interval is where -2 ln lambda(mu) <= 1; the
significance of mu > 0 is sqrt(-2 ln lambda(0)). Needs only numpy and h5py (Debian: python3-numpy,
python3-h5py); the minimiser is a small Nelder-Mead written here. Prints the refit beside the
values the file holds (what `analyze` gave) and exits 1 if they differ by more than 0.002.
"""
import sys

import h5py
import numpy as np


def load(path, entry):
    with h5py.File(path, "r") as f:
        g = f[entry]["fit"]
        d = {k: g[k][:].astype(float) if k in g else np.zeros(len(g["expected_cevns"]))
             for k in ("on", "off", "beam_off", "expected_cevns", "expected_brn")}
        for k in ("alpha", "alpha_beam_off", "cevns_sigma", "brn_sigma", "mu", "mu_low", "mu_high", "significance", "brn_norm"):
            d[k] = float(g[k][0])
    return d


def profiled_background(s, n, m, a, k):
    """The b maximising each bin's likelihood: the root of k a b^2 + (k s - a (n + m)) b - m s = 0 in s + a b > 0, b >= 0."""
    lowest = np.maximum(0.0, -s / a)
    qa, qb, qc = k * a, k * s - a * (n + m), -m * s
    disc = qb * qb - 4 * qa * qc
    sq = np.sqrt(np.maximum(disc, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        root = np.where(qb <= 0, (-qb + sq) / (2 * qa), (2 * qc) / (-qb - sq))
    ok = (disc >= 0) & ((root > lowest) | ((root >= lowest) & (n == 0)))
    return np.where(ok, root, lowest)


def nll(mu, theta, beta, d):
    a, k = d["alpha"], d["alpha"] + 1 + d["alpha_beam_off"]
    n, m = d["on"], d["off"] + d["beam_off"]
    s = mu * (1 + theta) * d["expected_cevns"] + beta * d["expected_brn"]
    b = profiled_background(s, n, m, a, k)
    on = s + a * b
    if np.any((on <= 0) & (n > 0)):
        return np.inf
    with np.errstate(divide="ignore", invalid="ignore"):
        total = np.sum(on - np.where(n > 0, n * np.log(on), 0.0) + (k - a) * b - np.where(m > 0, m * np.log(b), 0.0))
    if d["cevns_sigma"] > 0:
        total += theta ** 2 / (2 * d["cevns_sigma"] ** 2)
    if d["fit_beta"]:
        total += (beta - 1) ** 2 / (2 * d["brn_sigma"] ** 2)
    return total


def nelder_mead(f, x0, step, tol=1e-12, iterations=4000):
    """Minimises f from x0 (a list) with initial steps `step`; returns (x, f(x))."""
    n = len(x0)
    simplex = [np.array(x0, float)] + [np.array(x0, float) + np.eye(n)[i] * step[i] for i in range(n)]
    values = [f(x) for x in simplex]
    for _ in range(iterations):
        order = np.argsort(values)
        simplex, values = [simplex[i] for i in order], [values[i] for i in order]
        if abs(values[-1] - values[0]) < tol and np.max(np.abs(simplex[-1] - simplex[0])) < 1e-9:
            break
        centre = np.mean(simplex[:-1], axis=0)
        reflected = centre + (centre - simplex[-1])
        fr = f(reflected)
        if fr < values[0]:
            expanded = centre + 2 * (centre - simplex[-1])
            fe = f(expanded)
            simplex[-1], values[-1] = (expanded, fe) if fe < fr else (reflected, fr)
        elif fr < values[-2]:
            simplex[-1], values[-1] = reflected, fr
        else:
            contracted = centre + 0.5 * (simplex[-1] - centre)
            fc = f(contracted)
            if fc < values[-1]:
                simplex[-1], values[-1] = contracted, fc
            else:
                simplex = [simplex[0]] + [simplex[0] + 0.5 * (x - simplex[0]) for x in simplex[1:]]
                values = [values[0]] + [f(x) for x in simplex[1:]]
    i = int(np.argmin(values))
    return simplex[i], values[i]


def minimise(d, mu=None):
    """Minimum of -ln L over the free parameters (mu too when mu is None): (mu, value)."""
    free_theta, free_beta = d["cevns_sigma"] > 0, d["fit_beta"]

    def unpack(x):
        i, m = 0, mu
        if mu is None:
            m, i = x[0], 1
        theta = x[i] if free_theta else 0.0
        beta = x[i + (1 if free_theta else 0)] if free_beta else 1.0
        return m, theta, beta

    def f(x):
        m, theta, beta = unpack(x)
        if beta < 0 or theta <= -0.95:
            return np.inf
        return nll(m, theta, beta, d)

    x0, step = [], []
    if mu is None:
        x0.append(d["counting_mu"]), step.append(0.1)
    if free_theta:
        x0.append(0.0), step.append(0.05)
    if free_beta:
        x0.append(1.0), step.append(0.1)
    if not x0:
        return mu, nll(mu, 0.0, 1.0, d)
    best = None
    for _ in range(3):  # restart from the best point: Nelder-Mead can stall
        x, v = nelder_mead(f, x0, step)
        if best is not None and abs(best[1] - v) < 1e-12:
            break
        best, x0 = (x, v), list(x)
    return unpack(best[0])[0], best[1]


def crossing(d, mu_hat, best, direction):
    """Where -2 ln lambda = 1 on one side of mu_hat, by bisection."""
    inner, step = mu_hat, 0.05 * max(1.0, abs(mu_hat))
    outer = mu_hat + direction * step
    while 2 * (minimise(d, outer)[1] - best) < 1:
        inner, step = outer, step * 2
        outer = mu_hat + direction * step
    for _ in range(50):
        mid = (inner + outer) / 2
        if 2 * (minimise(d, mid)[1] - best) < 1:
            inner = mid
        else:
            outer = mid
    return (inner + outer) / 2


def main():
    path = sys.argv[1]
    entry = sys.argv[2] if len(sys.argv) > 2 else "entry"
    d = load(path, entry)
    d["fit_beta"] = d["brn_sigma"] > 0 and d["expected_brn"].sum() > 0
    d["counting_mu"] = (d["on"].sum() - d["alpha"] * d["off"].sum()) / d["expected_cevns"].sum()
    mu_hat, best = minimise(d)
    low, high = crossing(d, mu_hat, best, -1), crossing(d, mu_hat, best, +1)
    z = np.sqrt(max(0.0, 2 * (minimise(d, 0.0)[1] - best))) if mu_hat > 0 else 0.0
    print(f"refit from the file alone: mu = {mu_hat:.4f} (68 %: {low:.4f} .. {high:.4f}), {z:.2f} sigma")
    print(f"in the file (analyze):     mu = {d['mu']:.4f} (68 %: {d['mu_low']:.4f} .. {d['mu_high']:.4f}), {d['significance']:.2f} sigma")
    differ = max(abs(mu_hat - d["mu"]), abs(low - d["mu_low"]), abs(high - d["mu_high"]))
    print(f"largest difference: {differ:.2e}")
    sys.exit(0 if differ <= 0.002 else 1)


if __name__ == "__main__":
    main()
