"""multiclass_hinge's self-check: ties, large score gaps, and right variants."""

import numpy as np

from selfcheck_adversarial import checker_tests


def rivals_by_score(scores, labels):
    """The true class found by its score, not its index: a rival tied with it is dropped too."""
    true = scores[np.arange(len(labels)), labels][:, None]
    terms = np.where(scores != true, np.maximum(0.0, scores - true + 1.0), 0.0)
    return terms.sum(axis=1)


def as_integers(scores, labels):
    from helpers.losses import multiclass_hinge

    return multiclass_hinge(scores, labels).astype(np.int64)


WRONG = [
    (rivals_by_score, "wrong_values", "ties"),
    (as_integers, "wrong_dtype", ["int64", "cannot hold the fractions"]),
]


def per_sample_loop(scores, labels):
    out = np.zeros(len(scores))
    for i, (row, y) in enumerate(zip(scores, labels)):
        rivals = np.delete(row, y)
        out[i] = np.sum(np.maximum(0.0, rivals - row[y] + 1.0))
    return out


def with_mask(scores, labels):
    margins = np.maximum(0.0, scores - scores[np.arange(len(labels)), labels][:, None] + 1.0)
    mask = np.ones(scores.shape, dtype=bool)
    mask[np.arange(len(labels)), labels] = False
    return np.where(mask, margins, 0.0).sum(axis=1)


RIGHT = [per_sample_loop, with_mask]


# The two tests of the tables (tests/selfcheck_adversarial.py)
test_a_wrong_multiclass_hinge_fails, test_a_right_multiclass_hinge_passes = checker_tests(
    "multiclass_hinge", WRONG, RIGHT
)
