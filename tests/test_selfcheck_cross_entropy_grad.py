"""cross_entropy_grad's self-check: clipped logits (they passed before) and right variants."""

import math

import numpy as np
import pytest
import scipy.special

from selfcheck_adversarial import checker_tests


def _with_clip(low, high):
    def clipped(logits, labels):
        z = np.clip(np.asarray(logits, dtype=float), low, high)  # "keeps exp finite"
        p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        p[np.arange(len(labels)), labels] -= 1.0
        return p

    clipped.__name__ = f"clipped_to_{low:g}_{high:g}"
    return clipped


def mean_shift(logits, labels):
    """Shifted by each row's mean, not its maximum: exp(1000) still overflows."""
    z = logits - logits.mean(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    p[np.arange(len(labels)), labels] -= 1.0
    return p


def classes_from_labels(logits, labels):
    """One-hot rows with labels.max() + 1 columns: wrong when the last class has no sample."""
    p = scipy.special.softmax(logits, axis=1)
    return p - np.eye(labels.max() + 1)[labels]


def max_without_keepdims(logits, labels):
    """z - z.max(axis=1): the (n,) maxima lined up with the classes; raises when n != k."""
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - z.max(axis=1))
    p = e / e.sum(axis=1, keepdims=True)
    p[np.arange(len(labels)), labels] -= 1.0
    return p


WRONG = [
    (max_without_keepdims, "per_sample_wrong_axis", "keepdims=True"),
    (_with_clip(-50, 50), "clipped_logits", ["the logits were clipped", "at (0, 0): expected 0.99330714907571"]),
    (_with_clip(-709, 709), "clipped_logits", "the logits were clipped"),
    (_with_clip(-np.inf, 30), "clipped_logits", "the logits were clipped"),
    (mean_shift, "no_max_shift", "extreme logits"),
    (classes_from_labels, "wrong_values", "at (0, 1): expected 0.2689414213699951, got -0.7310585786300049"),
]


def loop_with_math(logits, labels):
    grad = np.zeros(np.shape(logits))
    for i, row in enumerate(np.asarray(logits, dtype=float)):
        top = max(row)
        weights = [math.exp(v - top) for v in row]
        total = sum(weights)
        for j, w in enumerate(weights):
            grad[i, j] = w / total - (1.0 if j == labels[i] else 0.0)
    return grad


def via_log_softmax(logits, labels):
    p = np.exp(scipy.special.log_softmax(logits, axis=1))
    p[np.arange(len(labels)), labels] -= 1.0
    return p


RIGHT = [loop_with_math, via_log_softmax]


# The two tests of the tables (tests/selfcheck_adversarial.py)
test_a_wrong_cross_entropy_grad_fails, test_a_right_cross_entropy_grad_passes = checker_tests(
    "cross_entropy_grad", WRONG, RIGHT
)


def test_the_issue_example_is_in_the_cases():
    # logits [[60, 55, 0]], label 1: the answer's entry 0 is 0.993; clipped to 50, it is 0.5
    from helpers._selfcheck_cross_entropy_grad import _cross_entropy_grad_cases

    gaps = [c for c in _cross_entropy_grad_cases() if "60 and 1000" in c.label][0]
    assert gaps.args["logits"][0].tolist() == [60.0, 55.0, 0.0] and gaps.args["labels"][0] == 1
    assert gaps.expected[0, 0] == pytest.approx(0.9933, abs=1e-4)
    assert np.ptp(gaps.args["logits"], axis=1).max() == 1000.0


def test_the_extreme_cases_are_what_their_labels_say():
    from helpers._selfcheck_cross_entropy_grad import _cross_entropy_grad_cases

    cases = {case.label: case.args for case in _cross_entropy_grad_cases()}
    negative = next(a for label, a in cases.items() if "all very negative" in label)["logits"]
    assert (negative.min(), negative.max()) == (-1003.0, -799.5)
    with np.errstate(under="ignore"):
        assert (np.exp(negative) == 0).all()
    wrong = next(a for label, a in cases.items() if label.startswith("confidently wrong"))
    rows = np.arange(len(wrong["labels"]))
    gaps = wrong["logits"].max(axis=1) - wrong["logits"][rows, wrong["labels"]]
    assert gaps.tolist() == [2000.0, 1000.0]
