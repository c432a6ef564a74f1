"""The self-check of chapter 5: snapshot_pca(X, k), the top-k principal axes (private).

Its cases and its table of known mistakes; the engine is :mod:`helpers._selfcheck_runner`.
The mistake models are wrong on purpose, so that the check can recognise them.
"""

import numpy as np

from ._selfcheck_runner import Case, Mistake, Problem, Spec, like, run_exercise
from ._selfcheck_shared import seeded
from .pca import SnapshotPCA


# snapshot_pca: fn(X, k) -> (k, M) top-k principal axes, unit rows, any sign


def _pca_reference(X, k):
    return SnapshotPCA(n_components=k).fit(X).components_


def _same_axes(a, b, atol=1e-6):
    """The rows of a and b are the same axes, each up to its sign."""
    if a is None or b is None or isinstance(a, tuple) or np.shape(a) != np.shape(b) or np.ndim(a) != 2:
        return False
    a, b = np.asarray(a), np.asarray(b)
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        return False
    signs = np.where(np.sum(a * b, axis=1) < 0, -1.0, 1.0)
    return bool(np.allclose(a * signs[:, None], b, atol=atol, rtol=0))


# Per entry of each unit axis, after matching its sign. Float64 methods (SVD, eigh or eig of either
# Gram matrix) agree to about 1e-12 on the check's data, whose variances are well apart; float32
# arithmetic is off by 1e-8 to 1e-5, and is rejected: the contract asks for float64.
ATOL = 1e-9


def _near_one(value):
    """1 - 3.2e-09 rather than 1: the digits that say how far from 1."""
    if value != 1.0 and abs(value - 1.0) < 1e-3:
        return f"1 {'-' if value < 1 else '+'} {abs(value - 1.0):.2g}"
    return f"{value:.4g}"


_CLOSE_HINT = ("Close to the right axes, but not within the check's 1e-9 per entry: float32 arithmetic (or a "
               "float32 copy of X) keeps only about 7 digits, and an eigenvector loses more where two "
               "eigenvalues are close. Compute in float64.")


def _pca_values_problem(got, expected, case):
    norms = np.linalg.norm(got, axis=1)
    if not np.allclose(norms, 1.0, atol=1e-8):
        shown = ", ".join(_near_one(n) for n in norms)
        return Problem("wrong_values", f"the rows are not unit vectors: their norms are [{shown}]")
    if not _same_axes(got, expected, atol=ATOL):
        signs = np.where(np.sum(got * expected, axis=1) < 0, -1.0, 1.0)
        off = np.abs(got * signs[:, None] - expected)
        i, j = np.unravel_index(int(np.argmax(off)), off.shape)
        cosine = abs(float(np.sum(got[i] * expected[i])))
        text = (f"row {i} is not the principal axis {i} to within {ATOL:g} per entry (up to sign): its entry {j} "
                f"is {float(got[i, j] * signs[i])!r} (sign matched) where the axis has {float(expected[i, j])!r}, "
                f"{off[i, j]:.2g} apart; |cos| of the angle between them is {_near_one(cosine)}")
        return Problem("wrong_values", text, _CLOSE_HINT if off.max() < 1e-3 else None)
    return None


def _pca_data(rng, n_samples, n_features):
    """Samples with clearly separated variances along random axes, and a mean far from 0."""
    scales = np.geomspace(4.0, 0.3, n_features)
    basis = np.linalg.qr(rng.normal(size=(n_features, n_features)))[0]
    return (rng.normal(size=(n_samples, n_features)) * scales) @ basis.T + rng.normal(scale=3.0, size=n_features)


_RANDOM_SEED, _RANDOM_CASES = 112, 3


def _random_cases():
    """The seeded random layer: N and M from 3 to 12 (either larger), k from 1 to 4, well-separated variances."""
    rng = seeded(_RANDOM_SEED)
    cases = []
    while len(cases) < _RANDOM_CASES:
        n_samples, n_features = int(rng.integers(3, 13)), int(rng.integers(3, 13))
        k = int(rng.integers(1, min(4, n_samples - 1, n_features) + 1))
        X = _pca_data(rng, n_samples, n_features)
        variances = np.linalg.svd(X - X.mean(axis=0), compute_uv=False) ** 2
        gaps = -np.diff(variances[:k + 1]) / variances[0]
        if gaps.min() < 0.02:  # axes with nearly equal variances are ill-defined: draw again
            continue
        number = len(cases) + 1
        cases.append(Case(f"random case {number} of {_RANDOM_CASES} (seed {_RANDOM_SEED}): {n_samples} samples "
                          f"of {n_features} features, k = {k}", {"X": X, "k": k}, _pca_reference(X, k),
                          extreme=True))
    return cases


def _with_singular_values(rng, n_samples, n_features, singular_values):
    """Centred data with exactly these singular values (on random axes), plus a mean far from 0."""
    r = len(singular_values)
    U = np.linalg.qr(rng.normal(size=(n_samples, r)))[0]
    U = np.linalg.qr(U - U.mean(axis=0))[0]  # orthonormal columns, each orthogonal to the ones vector
    V = np.linalg.qr(rng.normal(size=(n_features, r)))[0]
    return (U * singular_values) @ V.T + rng.normal(scale=3.0, size=n_features)


_CLOSE_SINGULAR_VALUES = np.array([10.0, 9.8, 3.0, 1.0])


def _pca_cases():
    rng = seeded(12)
    X_fixed = np.array([[2.0, 0.0, 1.0], [4.0, 1.0, 1.0], [6.0, 0.0, 1.5], [8.0, 2.0, 1.0], [10.0, 1.0, 0.5]])
    X_wide, X_tall = _pca_data(rng, 6, 10), _pca_data(rng, 12, 5)
    cases = [("5 samples of 3 features (N > M), k = 2", {"X": X_fixed, "k": 2}),
             ("6 random samples of 10 features (N < M, the snapshot case), k = 3", {"X": X_wide, "k": 3}),
             ("12 random samples of 5 features (N > M), k = 2", {"X": X_tall, "k": 2}),
             ("4 random samples of 9 features (seed 20), k = 3: numpy.linalg.eig lists this Gram matrix's "
              "eigenvalues out of order", {"X": _pca_data(seeded(20), 4, 9), "k": 3}),
             (("5 samples of 8 features (seed 21) whose two largest singular values are close: 10 and 9.8 "
               "(variances 100 and 96.04), then 3 and 1; k = 2"),
              {"X": _with_singular_values(seeded(21), 5, 8, _CLOSE_SINGULAR_VALUES), "k": 2})]
    return [Case(label, args, _pca_reference(**args), extreme=True) for label, args in cases] + _random_cases()


def _pca_bench():
    rng = seeded(13)  # only timed, not compared: plain noise around a mean image will do
    return "40 faces of 25 x 25 pixels, k = 10", {"X": rng.normal(size=(40, 625)) + rng.normal(size=625), "k": 10}


def _pca_uncentred(X, k):
    return np.linalg.svd(X, full_matrices=False)[2][:k]


def _pca_unnormalised(X, k):
    return _pca_reference(X, k) * SnapshotPCA(n_components=k).fit(X).singular_values_[:, None]


def _pca_divided_by_lambda(X, k):
    return _pca_reference(X, k) / SnapshotPCA(n_components=k).fit(X).singular_values_[:, None]


def _ascending(run):
    X, k = run.case.args["X"], run.case.args["k"]
    A = X - X.mean(axis=0)
    axes = np.linalg.svd(A, full_matrices=False)[2]
    rank = min(X.shape[0] - 1, X.shape[1])
    smallest = axes[:rank][::-1][:k]  # the k least-variance axes, smallest first
    return _same_axes(run.got, run.case.expected[::-1]) or _same_axes(run.got, smallest)


def _as_columns(run):
    """The right axes, as the columns of an (M, k) array instead of the rows of a (k, M) one."""
    got, expected = run.got, run.case.expected
    return got.shape == expected.T.shape and got.shape != expected.shape and _same_axes(got.T, expected)


def _rows_for_columns(run):
    X, k = run.case.args["X"], run.case.args["k"]
    got = run.got
    A = X - X.mean(axis=0)
    candidates = []
    for gram, snapshot in ((A.T @ A, False), (A @ A.T, True)):
        values, vectors = np.linalg.eigh(gram)
        order = np.argsort(values)[::-1][:k]
        rows = vectors[order]  # rows of the eigenvector matrix, where the eigenvectors are its columns
        if snapshot:
            rows = rows @ A / np.sqrt(np.abs(values[order]))[:, None]
        candidates.append(rows)
    return any(_same_axes(got, c) for c in candidates)


MISTAKES = (
    Mistake("no_centring", "the data was not centred",
            "PCA finds the directions of largest variance around the mean: subtract the mean "
            "image (column means) before building the Gram matrix.",
            like(_pca_uncentred, same=_same_axes)),
    Mistake("no_normalisation", "the axes are not unit vectors: the 1/sqrt(lambda) is missing",
            "If A A^T v = lambda v with |v| = 1, then A^T v is an eigenvector of A^T A of norm "
            "sqrt(lambda): divide it by that.",
            like(_pca_unnormalised, same=_same_axes)),
    Mistake("divided_by_lambda", "the axes were divided by lambda, not by sqrt(lambda)",
            "A^T v has length sqrt(lambda) (|A^T v|^2 = v^T A A^T v = lambda), so dividing it by lambda "
            "leaves length 1/sqrt(lambda), a different wrong length for each axis (slip 4).",
            like(_pca_divided_by_lambda, same=_same_axes)),
    Mistake("ascending_eigenvalues", "the axes of smallest variance came first",
            "numpy.linalg.eigh returns the eigenvalues in ascending order: the top k are at the end.",
            _ascending),
    Mistake("rows_for_columns", "rows were taken where the eigenvectors are columns",
            "numpy.linalg.eigh returns the eigenvectors as the columns of its second result; the "
            "principal axes are returned as rows, shape (k, M).",
            _rows_for_columns),
    Mistake("axes_as_columns", "the right axes, returned as columns, shape (M, k)",
            "The contract is scikit-learn's components_: one axis per row, shape (k, M). Return the "
            "transpose.",
            _as_columns),
)


def check(fn):
    """Check ``fn(X, k)`` against ``helpers.pca.SnapshotPCA``'s components, up to sign."""
    return run_exercise(fn, Spec(
        "snapshot_pca", 5, _pca_reference, "helpers.pca.SnapshotPCA",
        _pca_cases, MISTAKES,
        "Centre, eigendecompose the smaller Gram matrix, keep the top k, and map back to unit axes.",
        values_problem=_pca_values_problem, bench=_pca_bench, list_entries=False,
        hints=(("not_finite", "NaN or inf in an axis usually comes from dividing by the square root of an "
                              "eigenvalue that is 0 or, by round-off, slightly negative: the Gram matrix of "
                              "centred data has such eigenvalues, and numpy.linalg.eigh lists them first."),)))


# The typical mistake the static book shows under the exercise: written as a learner might,
# and run through check() while the book is built (helpers.selfcheck), so that the page shows
# what the check really says to it; tests/test_your_turn_static.py asserts it gets its
# named mistake.
def my_snapshot_pca(X, k):
    A = X - X.mean(axis=0)
    eigenvalues, vectors = np.linalg.eigh(A @ A.T)
    top = np.argsort(eigenvalues)[::-1][:k]
    axes = A.T @ vectors[:, top]  # each column has length sqrt(lambda), not 1
    return axes.T


TYPICAL_MISTAKE = (my_snapshot_pca, "no_normalisation")
