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
20x one ``X.sum()``, at K = 25 and at K = 1,000. All four are printed with "met" or "missed".
On the machine this was written on, three are met: at most 20x the floor at both sizes
(about 9x and 18x) and 30x the loop at K = 1,000 (about 65x). 30x the loop at K = 25 is
missed (about 8x), and the "lower bound" lines show that no NumPy segment method can meet it.
There the loop visits only 800 (item, class) pairs, in about 20 ms, so 30x the loop allows
about 0.65 ms. Any method that scores each point by its distance to its class's centroid must
at least sum each segment's points (one pass over X) and take one norm per point (one pass
over an array the size of X); in NumPy it must also gather each point's centroid and
subtract it, two more passes, since no NumPy call fuses them. The benchmark times each step
as the single fastest call it knows, on data already in place (the helper's sparse product;
``np.vecdot``, NumPy 2 only, or ``np.einsum`` for the norms; ``np.take``; ``np.subtract`` in
place), and prints loop / (the first two) and loop / (all four). Here the first two took
about 0.7 ms (loop / bound between 27x and 30x: all of the budget, or nearly, before any
other step) and all four about 1.5 ms (loop / that between 12x and 14x). So 30x the loop at
K = 25 is out of reach for NumPy calls; two plain reads of X (2 x ``X.sum()``, about 0.55 ms,
35x or more) say that a compiled kernel that fuses the gather, the subtraction and the norm
into its reads of X could get near it. The helper takes about 1.7x the sum of the four
calls: the rest is its segment ids, counts, weights and checks, and the four passes slowed by
each other's use of the cache.

The loop's time is the noisiest number: with other processes on the machine, a 20 ms call is
far more likely to be interrupted than a 0.3 ms one, so the "loop /" ratios rise with the load
(we saw the loop's best time double while the NumPy calls' did not), and so, less, does
ours / floor (above 20x at K = 1,000 under a load average of 6 on two cores). Time on an
idle machine.

Machines where OPENBLAS_CORETYPE is set for an old OpenBLAS run NumPy's kernels slower: time
there with both variables unset for this command alone
(``env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/bench_ragged.py``).
"""

import sys
from pathlib import Path

import numpy as np
import scipy.sparse

from helpers.measure import best_time, peak_memory
from helpers.ragged import centroid_hinge_loss, centroid_hinge_loss_loop, segment_ids

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "chapters"))  # the chapters' exhibits
from exhibits.ragged_published import onehot_centroid_hinge_loss, onehot_gather_hinge_loss  # noqa: E402

B, N, D, DELTA = 32, 1000, 50, 1.0


def peak_megabytes(fn):
    return peak_memory(fn)[0] / 1e6


def numpy_steps(X, labels):
    """The steps of a per-point-distance segment method, each as one NumPy call on data in place.

    Returns a dict of functions of no arguments: "centroids" (the helper's sparse product, its
    matrix of 1 / count built here outside the timing, one row per segment that has points),
    "norms" (one norm per row of X, by the fastest call available), "gather" (each point's
    centroid) and "subtract" (point minus centroid, in place).
    """
    points = X.reshape(B * N, D)
    _, segments, counts = np.unique(segment_ids(labels, labels.max() + 1), return_inverse=True,
                                    return_counts=True)
    averaging = scipy.sparse.csc_array((1.0 / counts[segments], segments, np.arange(B * N + 1)),
                                       shape=(len(counts), B * N))
    centroids = averaging @ points
    offsets = np.take(centroids, segments, axis=0)

    def norms_einsum():
        return np.einsum("ij,ij->i", points, points)

    def norms_vecdot():  # NumPy 2 only; faster than einsum where it exists
        return np.vecdot(points, points)

    return {"centroids": lambda: averaging @ points,
            "norms": norms_vecdot if hasattr(np, "vecdot") else norms_einsum,
            "gather": lambda: np.take(centroids, segments, axis=0),
            "subtract": lambda: np.subtract(points, offsets, out=offsets)}


def main():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(B, N, D))
    print(f"B = {B}, N = {N}, d = {D}; X is {X.nbytes / 1e6:.1f} MB")
    for K, run_one_hot in ((25, True), (1000, False)):
        labels = rng.integers(0, K, size=(B, N))
        steps = numpy_steps(X, labels)
        runs = {name: [] for name in ["ours", "loop", "floor", *steps]}
        for _ in range(5):  # in alternation, so that all see the same load on a shared machine
            runs["ours"].append(best_time(lambda: centroid_hinge_loss(X, labels, DELTA), 5))
            runs["loop"].append(best_time(lambda: centroid_hinge_loss_loop(X, labels, DELTA), 2))
            runs["floor"].append(best_time(lambda: X.sum(), 5))
            for name, step in steps.items():
                runs[name].append(best_time(step, 5))
        best = {name: min(times) for name, times in runs.items()}
        ours, loop, floor = best["ours"], best["loop"], best["floor"]
        bound = best["centroids"] + best["norms"]
        numpy_bound = bound + best["gather"] + best["subtract"]
        pairs = sum(len(np.unique(row)) for row in labels)
        print(f"\nK = {K} ({pairs} (item, class) pairs): ours {ours * 1e3:.2f} ms, loop {loop * 1e3:.1f} ms, "
              f"X.sum() {floor * 1e3:.2f} ms")
        print(f"  loop / ours = {loop / ours:.1f}x (goal >= 30x: {'met' if loop / ours >= 30 else 'missed'})")
        print(f"  ours / floor = {ours / floor:.1f}x (goal <= 20x: {'met' if ours / floor <= 20 else 'missed'})")
        print(f"  lower bound: centroid product {best['centroids'] * 1e3:.2f} ms + one norm per point "
              f"{best['norms'] * 1e3:.2f} ms = {bound * 1e3:.2f} ms; loop / bound = {loop / bound:.1f}x")
        print(f"    with the gather {best['gather'] * 1e3:.2f} ms and the subtraction {best['subtract'] * 1e3:.2f} ms "
              f"that NumPy also needs: {numpy_bound * 1e3:.2f} ms; loop / that = {loop / numpy_bound:.1f}x, "
              f"ours / that = {ours / numpy_bound:.1f}x")
        budget = loop / 30  # the most ours may take for 30x the loop
        if loop / numpy_bound < 30:
            print(f"    30x the loop needs <= {budget * 1e3:.2f} ms: the two calls no method can skip use "
                  f"{bound / budget:.0%} of that, and with the gather and the subtraction "
                  f"{numpy_bound / budget:.0%}: out of reach for NumPy calls. Two plain reads of X "
                  f"(2 x X.sum() = {2 * floor * 1e3:.2f} ms) would be {loop / (2 * floor):.0f}x the loop: "
                  "only a compiled kernel that fuses the gather, subtraction and norm could get near")
        else:
            print(f"    30x the loop needs <= {budget * 1e3:.2f} ms: these NumPy steps do not rule it out")
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
