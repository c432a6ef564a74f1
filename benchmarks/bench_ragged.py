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

The goals (issue 25): ``centroid_hinge_loss`` at least 30x faster than the loop, and at most
20x one ``X.sum()``. Both are printed at both sizes with "met" or "missed". At K = 25 the loop
visits only about 800 (item, class) pairs, so it is within a few tens of our time there; the
30x goal is the K = 1,000 one. Machines where OPENBLAS_CORETYPE is set for an old OpenBLAS run
NumPy's kernels slower: time there with both variables unset for this command alone
(``env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/bench_ragged.py``).
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
        ours_runs, floor_runs = [], []
        for _ in range(5):  # in alternation, so that both see the same load on a shared machine
            ours_runs.append(best_time(lambda: centroid_hinge_loss(X, labels, DELTA), 5))
            floor_runs.append(best_time(lambda: X.sum(), 5))
        ours, floor = min(ours_runs), min(floor_runs)
        loop = best_time(lambda: centroid_hinge_loss_loop(X, labels, DELTA), 5)
        pairs = sum(len(np.unique(row)) for row in labels)
        print(f"\nK = {K} ({pairs} (item, class) pairs): ours {ours * 1e3:.2f} ms, loop {loop * 1e3:.1f} ms, "
              f"X.sum() {floor * 1e3:.2f} ms")
        print(f"  loop / ours = {loop / ours:.1f}x (goal >= 30x: {'met' if loop / ours >= 30 else 'missed'})")
        print(f"  ours / floor = {ours / floor:.1f}x (goal <= 20x: {'met' if ours / floor <= 20 else 'missed'})")
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
