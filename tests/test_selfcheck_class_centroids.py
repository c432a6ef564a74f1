"""class_centroids' self-check: edge cases of the contract, and right variants."""

import numpy as np
import scipy.sparse

from selfcheck_adversarial import checker_tests


def bincount_without_minlength(X, labels, n_classes):
    sums = np.zeros((n_classes, X.shape[1]))
    np.add.at(sums, labels, X)
    counts = np.bincount(labels)  # as long as the largest label + 1, not n_classes
    with np.errstate(invalid="ignore"):
        return sums / counts[:, None]


def squeezed(X, labels, n_classes):
    """X.squeeze() turns one point of one feature into a 0-d array."""
    X = np.asarray(X, dtype=float).squeeze()
    out = np.full((n_classes, X.shape[1]), np.nan)
    for c in np.unique(labels):
        out[c] = X[labels == c].mean(axis=0)
    return out


def nan_like_X(X, labels, n_classes):
    """The NaN rows made with np.full_like(X, ...): for an integer X, NaN cast to an integer."""
    counts = np.bincount(labels, minlength=n_classes)
    sums = np.zeros((n_classes, X.shape[1]))
    np.add.at(sums, labels, X)
    out = sums / np.maximum(counts, 1)[:, None]
    out[counts == 0] = np.full_like(X[:1], np.nan)
    return out


def reduceat_every_class(X, labels, n_classes):
    """np.add.reduceat at every class's start: an empty class in the middle gets a point / 0 = inf."""
    order = np.argsort(labels, kind="stable")
    starts = np.searchsorted(labels[order], np.arange(n_classes))
    sums = np.add.reduceat(np.asarray(X, dtype=float)[order], starts, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return sums / np.bincount(labels, minlength=n_classes)[:, None]


WRONG = [
    (bincount_without_minlength, "raised", "could not be broadcast"),
    (squeezed, "raised", "one point of one feature"),
    (nan_like_X, "nan_cast_to_integer", "classes 1 and 3 are empty"),
    # the rows are right: it is not "the right centroids, in the wrong rows"
    (reduceat_every_class, "wrong_values", ["expected nan, got inf", "only in the rows of classes with no points"]),
]


def sparse_indicator(X, labels, n_classes):
    indicator = scipy.sparse.csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))),
                                        shape=(n_classes, len(labels)))
    counts = np.asarray(indicator.sum(axis=1)).ravel()
    with np.errstate(invalid="ignore"):
        return (indicator @ np.asarray(X, dtype=float)) / counts[:, None]


def sort_and_split(X, labels, n_classes):
    order = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[order], np.arange(n_classes + 1))
    out = np.full((n_classes, X.shape[1]), np.nan)
    for c in range(n_classes):
        block = np.asarray(X, dtype=float)[order[bounds[c]:bounds[c + 1]]]
        if len(block):
            out[c] = block.mean(axis=0)
    return out


RIGHT = [sparse_indicator, sort_and_split]


# The two tests of the tables (tests/selfcheck_adversarial.py)
test_a_wrong_class_centroids_fails, test_a_right_class_centroids_passes = checker_tests(
    "class_centroids", WRONG, RIGHT
)


def test_the_integer_case_with_empty_classes_is_what_its_label_says():
    from helpers._selfcheck_class_centroids import _centroid_cases

    (case,) = [c for c in _centroid_cases() if c.label.startswith("4 integer points")]
    assert case.args["X"].dtype.kind == "i" and case.args["X"].shape == (4, 2)
    assert np.flatnonzero(np.bincount(case.args["labels"], minlength=4) == 0).tolist() == [1, 3]
