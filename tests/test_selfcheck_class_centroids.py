"""class_centroids' self-check: edge cases of the contract, and right variants."""

import numpy as np
import pytest
import scipy.sparse

from selfcheck_adversarial import assert_right, assert_wrong, ids


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


WRONG = [
    (bincount_without_minlength, "raised", "could not be broadcast"),
    (squeezed, "raised", "one point of one feature"),
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


@pytest.mark.parametrize("fn, mistake, words", WRONG, ids=ids(WRONG))
def test_a_wrong_class_centroids_fails(fn, mistake, words):
    assert_wrong("class_centroids", fn, mistake, words)


@pytest.mark.parametrize("fn", RIGHT, ids=ids(RIGHT))
def test_a_right_class_centroids_passes(fn):
    assert_right("class_centroids", fn)
