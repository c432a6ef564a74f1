"""Adversarial fixtures for the `class_centroids` exercise (chapter 6).

Written blind, from the exercise text and the stub's docstring only: X (n, d) points as rows,
labels (n,) integers in [0, n_classes); the (n_classes, d) class means as floats, a row of NaN
for a class with no points; no Python loop over the classes; X unchanged.

Each wrong function carries a witness, an input the contract promises on which it misses
the contract; the tests made from them at the end are described in
tests/selfcheck_adversarial.py.
"""

import numpy as np
import pytest
import scipy.sparse
from selfcheck_adversarial import adversarial_tests

EXERCISE = "class_centroids"
# the wrong functions divide by 0 on purpose
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def reference(X, labels, n_classes):
    # the contract, one class at a time: the mean of its rows, NaN for an empty class
    X = np.asarray(X, dtype=float)
    out = np.full((n_classes, X.shape[1]), np.nan)
    for c in range(n_classes):
        if np.any(labels == c):
            out[c] = X[labels == c].mean(axis=0)
    return out


# --- witnesses: (X, labels, n_classes) ----------------------------------------------------------

UNSORTED = (np.array([[1.0, 2.0], [3.0, 0.0], [5.0, 4.0], [0.5, -1.0]]),
            np.array([1, 0, 1, 2]), 3)
EMPTY_MIDDLE = (np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 9.0]]),
                np.array([0, 0, 2, 2]), 3)  # class 1 has no points
EMPTY_LAST = (np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), np.array([0, 1, 0]), 3)
SQUARE = (np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), np.array([0, 1, 1]), 2)  # d == K
INTEGER_POINTS = (np.array([[1, 2], [2, 5], [4, 4]]), np.array([0, 0, 1]), 2)  # means 1.5, 3.5


def contract_miss(fn, witness):
    """How fn misses the contract on the witness, or None when it meets it there."""
    X, labels, n_classes = witness
    given = X.copy()
    try:
        got = fn(given, labels.copy(), n_classes)
    except Exception as exc:  # noqa: BLE001 - a crash is a miss
        return f"raised {type(exc).__name__}"
    if not np.array_equal(given, X):
        return "changed X"
    got = np.asarray(got)
    expected = reference(X, labels, n_classes)
    if got.shape != expected.shape:
        return f"shape {got.shape}, expected {expected.shape}"
    if not np.allclose(got, expected, rtol=1e-12, atol=0, equal_nan=True):
        return f"got {got!r}, expected {expected!r}"
    return None


# --- round 1: wrong implementations -----------------------------------------------------------


def reduceat_over_every_class(X, labels, n_classes):
    # np.add.reduceat at every class's start, empty ones included: reduceat gives X[start],
    # not 0, for an empty run, so an empty class in the middle gets inf (a point / 0), not NaN
    order = np.argsort(labels, kind="stable")
    starts = np.searchsorted(labels[order], np.arange(n_classes))
    sums = np.add.reduceat(np.asarray(X, dtype=float)[order], starts, axis=0)
    counts = np.bincount(labels, minlength=n_classes)
    return sums / counts[:, None]


def divided_by_at_least_one(X, labels, n_classes):
    # divides by max(count, 1), the chapter's advice for a loss: an empty class gets zeros
    sums = np.zeros((n_classes, X.shape[1]))
    np.add.at(sums, labels, X)
    return sums / np.maximum(np.bincount(labels, minlength=n_classes), 1)[:, None]


def counts_without_minlength(X, labels, n_classes):
    # np.bincount(labels) without minlength: too short when the last class is empty
    sums = np.zeros((n_classes, X.shape[1]))
    np.add.at(sums, labels, X)
    return sums / np.bincount(labels)[:, None]


def counts_without_new_axis(X, labels, n_classes):
    # sums / counts: the (K,) counts broadcast along the d features; raises when d != K,
    # silently wrong when d == K
    sums = np.zeros((n_classes, X.shape[1]))
    np.add.at(sums, labels, X)
    return sums / np.bincount(labels, minlength=n_classes)


def classes_from_max_label(X, labels, n_classes):
    # K = labels.max() + 1, ignoring n_classes: the empty last class is missing
    K = labels.max() + 1
    sums = np.zeros((K, X.shape[1]))
    np.add.at(sums, labels, X)
    return sums / np.bincount(labels, minlength=K)[:, None]


def unique_classes_only(X, labels, n_classes):
    # np.unique with return_inverse: one row per class present, the empty ones dropped
    _, inverse, counts = np.unique(labels, return_inverse=True, return_counts=True)
    sums = np.zeros((len(counts), X.shape[1]))
    np.add.at(sums, inverse, X)
    return sums / counts[:, None]


def buffered_fancy_add(X, labels, n_classes):
    # sums[labels] += X: buffered, so only the last point of each class counts
    sums = np.zeros((n_classes, X.shape[1]))
    sums[labels] += X
    return sums / np.bincount(labels, minlength=n_classes)[:, None]


def result_in_x_dtype(X, labels, n_classes):
    # the result array takes X's dtype: integer points give truncated means (1.5 becomes 1)
    sums = np.zeros((n_classes, X.shape[1]), dtype=X.dtype)
    np.add.at(sums, labels, X)
    counts = np.bincount(labels, minlength=n_classes)
    out = np.full((n_classes, X.shape[1]), np.nan)
    present = counts > 0
    out[present] = (sums[present] / counts[present, None]).astype(X.dtype)
    return out


def divide_points_in_place(X, labels, n_classes):
    # divides each point by its class's count in place, then sums: the caller's X changes
    counts = np.bincount(labels, minlength=n_classes).astype(float)
    X /= counts[labels][:, None]
    sums = np.zeros((n_classes, X.shape[1]))
    np.add.at(sums, labels, X)
    sums[counts == 0] = np.nan
    return sums


def split_without_sorting(X, labels, n_classes):
    # np.split at the cumulative counts, as if the points were already grouped by class
    counts = np.bincount(labels, minlength=n_classes)
    groups = np.split(np.asarray(X, dtype=float), np.cumsum(counts)[:-1])
    return np.array([g.mean(axis=0) if len(g) else np.full(X.shape[1], np.nan) for g in groups])


def sums_not_means(X, labels, n_classes):
    # the class sums, never divided by the counts (and 0, not NaN, for an empty class)
    sums = np.zeros((n_classes, X.shape[1]))
    np.add.at(sums, labels, X)
    return sums


WRONG = [
    pytest.param(reduceat_over_every_class, EMPTY_MIDDLE, id="reduceat_over_every_class"),
    pytest.param(divided_by_at_least_one, EMPTY_MIDDLE, id="divided_by_at_least_one"),
    pytest.param(counts_without_minlength, EMPTY_LAST, id="counts_without_minlength"),
    pytest.param(counts_without_new_axis, SQUARE, id="counts_without_new_axis"),
    pytest.param(classes_from_max_label, EMPTY_LAST, id="classes_from_max_label"),
    pytest.param(unique_classes_only, EMPTY_MIDDLE, id="unique_classes_only"),
    pytest.param(buffered_fancy_add, UNSORTED, id="buffered_fancy_add"),
    pytest.param(result_in_x_dtype, INTEGER_POINTS, id="result_in_x_dtype"),
    pytest.param(divide_points_in_place, UNSORTED, id="divide_points_in_place"),
    pytest.param(split_without_sorting, UNSORTED, id="split_without_sorting"),
    pytest.param(sums_not_means, UNSORTED, id="sums_not_means"),
]


# --- round 2: what round 1 found in the other exercises (a squeezed result, shapes never
# tried) probed here too ----------------------------------------------------------------------


def squeezed(X, labels, n_classes):
    # .squeeze() at the end: points of one feature (d = 1) give shape (K,), not (K, 1)
    sums = np.zeros((n_classes, X.shape[1]))
    np.add.at(sums, labels, X)
    with np.errstate(invalid="ignore"):
        return (sums / np.bincount(labels, minlength=n_classes)[:, None]).squeeze()


def empty_class_from_first_row(X, labels, n_classes):
    # fills the empty classes with np.full_like(X[0], np.nan), which has X's dtype: for
    # integer points NaN is cast to an integer (-9.2e18), so an empty class gets -9.2e18
    counts = np.bincount(labels, minlength=n_classes)
    sums = np.zeros((n_classes, X.shape[1]))
    np.add.at(sums, labels, X)
    out = sums / np.maximum(counts, 1)[:, None]
    out[counts == 0] = np.full_like(X[0], np.nan)
    return out


ONE_FEATURE = (np.array([[1.0], [2.0], [4.0]]), np.array([0, 1, 1]), 3)
INTEGER_WITH_EMPTY = (np.array([[1, 2], [2, 5], [4, 4]]), np.array([0, 0, 2]), 3)

WRONG += [
    pytest.param(squeezed, ONE_FEATURE, id="squeezed"),
    pytest.param(empty_class_from_first_row, INTEGER_WITH_EMPTY, id="empty_class_from_first_row"),
]


# --- correct alternatives, each written differently from the worked solution ------------------


def bincount_per_feature(X, labels, n_classes):
    # np.bincount with weights, one call per feature (a loop over features, not classes)
    X = np.asarray(X, dtype=float)
    counts = np.bincount(labels, minlength=n_classes)
    sums = np.stack([np.bincount(labels, weights=X[:, j], minlength=n_classes)
                     for j in range(X.shape[1])], axis=1)
    with np.errstate(invalid="ignore"):
        return sums / counts[:, None]


def one_hot_product(X, labels, n_classes):
    # a dense (n, K) indicator: its transpose times X sums each class, its column sums count
    Y = (labels[:, None] == np.arange(n_classes)).astype(float)
    with np.errstate(invalid="ignore"):
        return (Y.T @ X) / Y.sum(axis=0)[:, None]


def reduceat_on_present_classes(X, labels, n_classes):
    # sorted points, reduceat over the classes present only, NaN rows for the others
    order = np.argsort(labels, kind="stable")
    counts = np.bincount(labels, minlength=n_classes)
    present = counts > 0
    starts = np.concatenate([[0], np.cumsum(counts[present])[:-1]])
    out = np.full((n_classes, X.shape[1]), np.nan)
    sums = np.add.reduceat(np.asarray(X, dtype=float)[order], starts, axis=0)
    out[present] = sums / counts[present, None]
    return out


def sparse_coo(X, labels, n_classes):
    # a scipy.sparse indicator built in COO form, converted to CSR for the product
    n = len(labels)
    S = scipy.sparse.coo_matrix((np.ones(n), (labels, np.arange(n))), shape=(n_classes, n))
    sums = S.tocsr() @ np.asarray(X, dtype=float)
    counts = np.asarray(S.sum(axis=1)).ravel()
    with np.errstate(invalid="ignore"):
        return sums / counts[:, None]


CORRECT = [
    pytest.param(bincount_per_feature, id="bincount_per_feature"),
    pytest.param(one_hot_product, id="one_hot_product"),
    pytest.param(reduceat_on_present_classes, id="reduceat_on_present_classes"),
    pytest.param(sparse_coo, id="sparse_coo"),
]

WITNESSES = [UNSORTED, EMPTY_MIDDLE, EMPTY_LAST, SQUARE, INTEGER_POINTS, ONE_FEATURE,
             INTEGER_WITH_EMPTY]


# The tests: tests/selfcheck_adversarial.py says what each one checks.
(test_witness, test_wrong_fails, test_correct_meets_the_contract_on_every_witness,
 test_correct_passes) = adversarial_tests(EXERCISE, WRONG, CORRECT, WITNESSES, contract_miss)
