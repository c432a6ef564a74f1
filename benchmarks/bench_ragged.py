"""Time the chapter 6 loss four ways, in one run, and print the ratios and peak memory.

    python benchmarks/bench_ragged.py

At the size of the second published answer's example (B = 32 items, N = 1,000 points,
d = 50, K = 25 classes; the question gives no sizes) and at K = 1,000: the vectorized
``centroid_hinge_loss`` against the reference loop, against two one-hot methods, and against
one read of the data (``X.sum()``, the floor). The one-hot methods are the second published
answer's (all-pairs distances: a (B, N, K, d) array of differences; its division by zero
fixed as the answer suggests) and the fair one-hot variant (one matmul for the centroids, then
a gather ``centroids[b, labels]``), so that the one-hot idea is charged with its own (B, N, K)
memory and the all-pairs norm with the rest. The posted variant runs only at K = 25: at
K = 1,000 its differences alone would need 12.8 GB. Peak memory comes from ``tracemalloc``,
which sees NumPy's allocations. Arrays are float64, one-hot included. Timings are the best of
a few runs, wall-clock and noisy: printed, never asserted.
"""

import sys
from pathlib import Path

import numpy as np

from helpers.measure import best_time, peak_memory
from helpers.ragged import centroid_hinge_loss, centroid_hinge_loss_loop

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "chapters"))  # the chapters' exhibits
from exhibits.ragged_published import onehot_centroid_hinge_loss, onehot_gather_hinge_loss  # noqa: E402

B, N, D, DELTA = 32, 1000, 50, 1.0


def peak_megabytes(fn):
    return peak_memory(fn)[0] / 1e6


def main():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(B, N, D))
    print(f"B = {B}, N = {N}, d = {D}; X is {X.nbytes / 1e6:.1f} MB")
    for K, run_one_hot in ((25, True), (1000, False)):
        labels = rng.integers(0, K, size=(B, N))
        ours = best_time(lambda: centroid_hinge_loss(X, labels, DELTA), 9)
        loop = best_time(lambda: centroid_hinge_loss_loop(X, labels, DELTA), 3)
        floor = best_time(lambda: X.sum(), 9)
        print(f"\nK = {K}: ours {ours * 1e3:.2f} ms, loop {loop * 1e3:.1f} ms, X.sum() {floor * 1e3:.2f} ms")
        print(f"  loop / ours = {loop / ours:.1f}x (target >= {3 if K == 25 else 30}x)")
        print(f"  ours / floor = {ours / floor:.1f}x" + (" (target <= 20x)" if K == 25 else ""))
        print(f"  peak memory, ours: {peak_megabytes(lambda: centroid_hinge_loss(X, labels, DELTA)):.1f} MB")
        gather = best_time(lambda: onehot_gather_hinge_loss(X, labels, DELTA), 3)
        print(f"  one-hot, gather {gather * 1e3:.1f} ms: gather / ours = {gather / ours:.1f}x")
        print(f"  peak memory, one-hot, gather: {peak_megabytes(lambda: onehot_gather_hinge_loss(X, labels, DELTA)):.1f} MB"
              f" (its (B, N, K) one-hot alone: {B * N * K * 8 / 1e6:.1f} MB)")
        if run_one_hot:
            one_hot = best_time(lambda: onehot_centroid_hinge_loss(X, labels, DELTA), 3)
            print(f"  one-hot, all pairs (posted) {one_hot * 1e3:.1f} ms: posted / ours = {one_hot / ours:.1f}x"
                  f" (target >= 10x), posted / gather = {one_hot / gather:.1f}x")
            print(f"  peak memory, one-hot, all pairs (posted): "
                  f"{peak_megabytes(lambda: onehot_centroid_hinge_loss(X, labels, DELTA)):.1f} MB"
                  f" (its (B, N, K, d) differences alone: {B * N * K * D * 8 / 1e6:.0f} MB)")
        else:
            print(f"  one-hot, all pairs (posted) not run: its (B, N, K, d) differences alone would need "
                  f"{B * N * K * D * 8 / 1e9:.1f} GB")

if __name__ == "__main__":
    main()
