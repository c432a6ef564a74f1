"""Adversarial fixtures for the `snapshot_pca` exercise (chapter 5).

Written blind, from the exercise text and the stub's docstring only: X (N, M), one sample per
row; the top-k principal axes as unit rows, shape (k, M), largest variance first, any sign
per axis; N < M and N > M alike; k never more than the number of non-zero eigenvalues; X
unchanged.

Each wrong function carries a witness, an input the contract promises on which it misses
the contract; the tests made from them at the end are described in
tests/selfcheck_adversarial.py.
"""

import numpy as np
import pytest
import scipy.linalg
from selfcheck_adversarial import adversarial_tests

EXERCISE = "snapshot_pca"
# the wrong functions divide by 0 or take square roots of negatives on purpose
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def reference(X, k):
    # the right singular vectors of the centred data, largest singular value first
    A = X - X.mean(axis=0)
    return np.linalg.svd(A, full_matrices=False)[2][:k]


def samples(n, m, seed):
    # features of decreasing spread, so that the eigenvalues are well apart
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, m)) * np.linspace(5.0, 0.5, m) + rng.normal(size=m)


# --- witnesses: (X, k) -------------------------------------------------------------------------

FEW_SAMPLES = (samples(5, 8, 0), 3)  # N < M, the snapshot case
ALL_AXES = (samples(5, 8, 0), 4)  # rank N - 1 = 4: every non-zero eigenvalue
MANY_SAMPLES = (samples(9, 4, 1), 3)  # N > M
SQUARE = (samples(6, 6, 2), 2)  # N == M hides a shape slip
# feature scales that standardising would hide: (10, 1) spreads, a strong correlation
SCALED = (np.array([[0.0, 0.0], [10.0, 0.5], [20.0, 1.5], [30.0, 1.0], [5.0, -1.0]]), 1)


def contract_miss(fn, witness):
    """How fn misses the contract on the witness, or None when it meets it there."""
    X, k = witness
    given = X.copy()
    try:
        got = fn(given, k)
    except Exception as exc:  # noqa: BLE001 - a crash is a miss
        return f"raised {type(exc).__name__}"
    if not np.array_equal(given, X):
        return "changed X"
    got = np.asarray(got)
    expected = reference(X, k)
    if got.shape != expected.shape:
        return f"shape {got.shape}, expected {expected.shape}"
    if not np.all(np.isfinite(got)):
        return "not finite"
    if not np.allclose(np.linalg.norm(got, axis=1), 1.0, rtol=0, atol=1e-9):
        return f"row norms {np.linalg.norm(got, axis=1)}"
    cosines = np.abs(np.sum(got * expected, axis=1))  # 1 for the right axis, either sign
    if not np.allclose(cosines, 1.0, rtol=0, atol=1e-9):
        return f"|cos| with the right axes {cosines}"
    return None


# --- round 1: wrong implementations -----------------------------------------------------------


def snapshot_axes(A, eigenvalues, vectors, top):
    # u = A^T v / sqrt(lambda), one axis per row
    return (A.T @ vectors[:, top] / np.sqrt(eigenvalues[top])).T


def centred_by_row_means(X, k):
    # subtracts each sample's mean (axis=1) instead of each feature's mean
    A = X - X.mean(axis=1, keepdims=True)
    eigenvalues, vectors = np.linalg.eigh(A @ A.T)
    return snapshot_axes(A, eigenvalues, vectors, np.argsort(eigenvalues)[::-1][:k])


def last_k_columns(X, k):
    # eigh sorts ascending, so the last k columns: the right axes, smallest of them first
    A = X - X.mean(axis=0)
    eigenvalues, vectors = np.linalg.eigh(A @ A.T)
    top = np.arange(len(eigenvalues) - k, len(eigenvalues))
    return snapshot_axes(A, eigenvalues, vectors, top)


def eig_assumed_sorted(X, k):
    # np.linalg.eig, taking its first k eigenpairs as the largest: eig does not sort (with
    # k = 4 of 5 samples it picks the zero eigenvalue)
    A = X - X.mean(axis=0)
    eigenvalues, vectors = np.linalg.eig(A @ A.T)
    return snapshot_axes(A, eigenvalues.real, vectors.real, np.arange(k))


def covariance_scaling(X, k):
    # divides by sqrt(lambda / (N - 1)), the covariance's eigenvalue: rows of norm sqrt(N - 1)
    A = X - X.mean(axis=0)
    eigenvalues, vectors = np.linalg.eigh(A @ A.T)
    top = np.argsort(eigenvalues)[::-1][:k]
    return (A.T @ vectors[:, top] / np.sqrt(eigenvalues[top] / (len(X) - 1))).T


def standardised_features(X, k):
    # divides each feature by its standard deviation first: the axes of the correlation
    # matrix, not of the data
    A = (X - X.mean(axis=0)) / X.std(axis=0)
    eigenvalues, vectors = np.linalg.eigh(A @ A.T)
    return snapshot_axes(A, eigenvalues, vectors, np.argsort(eigenvalues)[::-1][:k])


def centred_in_place(X, k):
    # X -= X.mean(axis=0) to save memory: the caller's X changes
    X -= X.mean(axis=0)
    eigenvalues, vectors = np.linalg.eigh(X @ X.T)
    return snapshot_axes(X, eigenvalues, vectors, np.argsort(eigenvalues)[::-1][:k])


def skips_the_first(X, k):
    # skips the largest eigenpair as if it were the trivial one: [1:k + 1]
    A = X - X.mean(axis=0)
    eigenvalues, vectors = np.linalg.eigh(A @ A.T)
    return snapshot_axes(A, eigenvalues, vectors, np.argsort(eigenvalues)[::-1][1:k + 1])


def gram_eigenvectors(X, k):
    # returns the Gram matrix's eigenvectors v (length N), never mapped to A^T v / sqrt(lambda)
    A = X - X.mean(axis=0)
    eigenvalues, vectors = np.linalg.eigh(A @ A.T)
    return vectors[:, np.argsort(eigenvalues)[::-1][:k]].T


def svd_left_vectors(X, k):
    # the SVD's U where V is wanted: shape (k, N), not (k, M)
    U, _, _ = np.linalg.svd(X - X.mean(axis=0), full_matrices=False)
    return U[:, :k].T


def not_centred(X, k):
    # the Gram matrix of X itself
    eigenvalues, vectors = np.linalg.eigh(X @ X.T)
    return snapshot_axes(X, eigenvalues, vectors, np.argsort(eigenvalues)[::-1][:k])


def not_normalised(X, k):
    # A^T v without the 1/sqrt(lambda): rows of norm sqrt(lambda)
    A = X - X.mean(axis=0)
    eigenvalues, vectors = np.linalg.eigh(A @ A.T)
    return (A.T @ vectors[:, np.argsort(eigenvalues)[::-1][:k]]).T


WRONG = [
    pytest.param(centred_by_row_means, FEW_SAMPLES, id="centred_by_row_means"),
    pytest.param(last_k_columns, FEW_SAMPLES, id="last_k_columns"),
    pytest.param(eig_assumed_sorted, ALL_AXES, id="eig_assumed_sorted"),
    pytest.param(covariance_scaling, FEW_SAMPLES, id="covariance_scaling"),
    pytest.param(standardised_features, SCALED, id="standardised_features"),
    pytest.param(centred_in_place, FEW_SAMPLES, id="centred_in_place"),
    pytest.param(skips_the_first, FEW_SAMPLES, id="skips_the_first"),
    pytest.param(gram_eigenvectors, FEW_SAMPLES, id="gram_eigenvectors"),
    pytest.param(svd_left_vectors, MANY_SAMPLES, id="svd_left_vectors"),
    pytest.param(not_centred, FEW_SAMPLES, id="not_centred"),
    pytest.param(not_normalised, FEW_SAMPLES, id="not_normalised"),
]


# --- correct alternatives, each written differently from the worked solution ------------------


def svd_of_the_data(X, k):
    # the right singular vectors of A are the principal axes, already sorted and unit
    A = X - X.mean(axis=0)
    return np.linalg.svd(A, full_matrices=False)[2][:k]


def covariance_eigh_descending(X, k):
    # the M x M covariance instead of the Gram matrix; columns reversed to descending
    A = X - X.mean(axis=0)
    _, vectors = np.linalg.eigh(A.T @ A)
    return vectors[:, ::-1][:, :k].T


def eig_sorted_and_normalised(X, k):
    # np.linalg.eig, sorted by eigenvalue, each mapped axis divided by its own length
    A = X - X.mean(axis=0)
    eigenvalues, vectors = np.linalg.eig(A @ A.T)
    order = np.argsort(-eigenvalues.real)[:k]
    axes = (A.T @ vectors[:, order].real).T
    return axes / np.linalg.norm(axes, axis=1, keepdims=True)


def scipy_eigh_subset(X, k):
    # scipy asks LAPACK for the top k eigenpairs of the Gram matrix only (ascending order)
    A = X - X.mean(axis=0)
    n = len(A)
    eigenvalues, vectors = scipy.linalg.eigh(A @ A.T, subset_by_index=[n - k, n - 1])
    return (A.T @ vectors / np.sqrt(eigenvalues))[:, ::-1].T


CORRECT = [
    pytest.param(svd_of_the_data, id="svd_of_the_data"),
    pytest.param(covariance_eigh_descending, id="covariance_eigh_descending"),
    pytest.param(eig_sorted_and_normalised, id="eig_sorted_and_normalised"),
    pytest.param(scipy_eigh_subset, id="scipy_eigh_subset"),
]


# --- round 2: round 1 found that k = rank is never tried; these probe k and close eigenvalues ---


def power_iteration(X, k, steps=100):
    # 100 power-iteration steps per axis on the Gram matrix, with deflation: enough when the
    # eigenvalues are far apart, not when two are close (singular values 10 and 9.8)
    A = X - X.mean(axis=0)
    G = A @ A.T
    axes = []
    for _ in range(k):
        v = np.ones(len(G)) / np.sqrt(len(G)) + np.linspace(0.0, 0.1, len(G))
        for _ in range(steps):
            v = G @ v
            v /= np.linalg.norm(v)
        lam = v @ G @ v
        G = G - lam * np.outer(v, v)
        axes.append(A.T @ v / np.sqrt(lam))
    return np.array(axes)


def squeezed(X, k):
    # .squeeze() at the end: k = 1 gives shape (M,), not (1, M)
    A = X - X.mean(axis=0)
    eigenvalues, vectors = np.linalg.eigh(A @ A.T)
    return snapshot_axes(A, eigenvalues, vectors, np.argsort(eigenvalues)[::-1][:k]).squeeze()


def with_spectrum(singular_values, n, m, seed):
    # centred data with the given singular values (plus an offset the function must remove)
    rng = np.random.default_rng(seed)
    r = len(singular_values)
    U = np.linalg.qr(rng.normal(size=(n, r)) - rng.normal(size=(n, r)).mean(axis=0))[0]
    U = np.linalg.qr(U - U.mean(axis=0))[0]  # columns orthogonal to the ones vector
    V = np.linalg.qr(rng.normal(size=(m, r)))[0]
    return U @ np.diag(singular_values) @ V.T + rng.normal(size=m)


CLOSE_EIGENVALUES = (with_spectrum([10.0, 9.8, 3.0], 6, 8, 3), 2)
ONE_AXIS = (samples(5, 8, 4), 1)

WRONG += [
    pytest.param(power_iteration, CLOSE_EIGENVALUES, id="power_iteration"),
    pytest.param(squeezed, ONE_AXIS, id="squeezed"),
]


def double_centred_gram(X, k):
    # centres the Gram matrix instead of the data (J X X^T J = A A^T); the eigenvectors are
    # then orthogonal to the ones vector, so the uncentred X maps them as A does
    n = len(X)
    J = np.eye(n) - np.ones((n, n)) / n
    eigenvalues, vectors = np.linalg.eigh(J @ X @ X.T @ J)
    top = np.argsort(eigenvalues)[::-1][:k]
    return (X.T @ vectors[:, top] / np.sqrt(eigenvalues[top])).T


CORRECT += [pytest.param(double_centred_gram, id="double_centred_gram")]

WITNESSES = [FEW_SAMPLES, ALL_AXES, MANY_SAMPLES, SQUARE, SCALED, CLOSE_EIGENVALUES,
             ONE_AXIS]


# The tests: tests/selfcheck_adversarial.py says what each one checks.
(test_witness, test_wrong_fails, test_correct_meets_the_contract_on_every_witness,
 test_correct_passes) = adversarial_tests(EXERCISE, WRONG, CORRECT, WITNESSES, contract_miss)
