"""Time SnapshotPCA against scikit-learn's PCA solvers at the question's size, in one run.

    python benchmarks/bench_pca.py

N = 400 images of M = 128 x 192 = 24,576 pixels, k = 50 components (chapter 5). Prints the
best of a few repeats for each method, and the ratios the chapter's issue sets as targets:

* SnapshotPCA against scikit-learn's fastest solver for this shape (target >= 5x faster);
* SnapshotPCA against the one product it cannot avoid, the N x N Gram matrix ``A @ A.T``
  of the centred data (the floor; target <= 2.5x).

Then, at an M small enough for the M x M covariance matrix to fit, the covariance method
(``np.cov`` + ``eigh``) against the snapshot method. scikit-learn's ``covariance_eigh``
solver runs in a subprocess because it forms the 4.5 GiB covariance at full size (it crashed
one run here). Timings are wall-clock and noisy: printed, never asserted.
"""

import subprocess
import sys

import numpy as np
from sklearn.decomposition import PCA

from helpers.measure import best_time
from helpers.pca import SnapshotPCA

N, M, K = 400, 128 * 192, 50


def faces_like(n, m, seed=0):
    """Random data with a decaying spectrum and a non-zero mean, like images."""
    rng = np.random.default_rng(seed)
    scales = np.geomspace(10.0, 0.1, n)
    return 0.5 + (rng.standard_normal((n, n)) * scales) @ rng.standard_normal((n, m)) / np.sqrt(m)


def sklearn_covariance_eigh_seconds(n, m, k):
    """Time sklearn's covariance_eigh solver in a child process (it may run out of memory)."""
    code = (f"import time, sys; sys.path.insert(0, {sys.path[0]!r}); from bench_pca import faces_like; "
            f"from sklearn.decomposition import PCA; X = faces_like({n}, {m}); t = time.perf_counter(); "
            f"PCA({k}, svd_solver='covariance_eigh').fit(X); print(time.perf_counter() - t)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    return float(done.stdout) if done.returncode == 0 else f"crashed (exit code {done.returncode})"


def main():
    X = faces_like(N, M)
    print(f"N = {N} samples, M = {M} features, k = {K} components")
    print(f"memory: covariance M x M {M * M * 8 / 2**30:.2f} GiB, Gram N x N {N * N * 8 / 2**20:.2f} MiB")

    A = X - X.mean(axis=0)
    seconds = {"floor: the Gram product A @ A.T": best_time(lambda: A @ A.T),
               "SnapshotPCA": best_time(lambda: SnapshotPCA(n_components=K).fit(X))}
    for solver in ("full", "randomized", "arpack"):
        seconds[f"sklearn PCA, svd_solver={solver!r}"] = best_time(
            lambda: PCA(K, svd_solver=solver, random_state=0).fit(X))
    child = sklearn_covariance_eigh_seconds(N, M, K)
    print(f"sklearn PCA, svd_solver='covariance_eigh': "
          + (f"{child:.3f} s (one run)" if isinstance(child, float) else child))
    for name, s in seconds.items():
        print(f"{name:45s} {s:7.3f} s")

    ours = seconds["SnapshotPCA"]
    sklearn_best = min(s for name, s in seconds.items() if name.startswith("sklearn"))
    fastest = [name for name, s in seconds.items() if s == sklearn_best][0]
    print(f"speed-up over scikit-learn's fastest ({fastest}): {sklearn_best / ours:.1f}x (target >= 5)")
    print(f"SnapshotPCA / floor: {ours / seconds['floor: the Gram product A @ A.T']:.2f} (target <= 2.5)")

    m_small = 4096
    Xs = X[:, :m_small]
    cov_method = best_time(lambda: np.linalg.eigh(np.cov(Xs, rowvar=False)))
    snap = best_time(lambda: SnapshotPCA(n_components=K).fit(Xs))
    print(f"at M = {m_small}: covariance method (np.cov + eigh of {m_small} x {m_small}) {cov_method:.3f} s, "
          f"SnapshotPCA {snap:.3f} s, ratio {cov_method / snap:.0f}x")


if __name__ == "__main__":
    main()
