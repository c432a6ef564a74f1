"""Adversarial fixtures for the `multiclass_hinge` exercise (chapter 3).

Written blind, from the exercise text and the stub's docstring only: scores (n, k) of floats,
n integer labels in [0, k); the (n,) Weston-Watkins losses sum_{j != y} max(0, z_j - z_y + 1)
(the cat, the car and the frog give 2.9, 0 and 12.9); scores unchanged.

Each wrong function carries a witness, an input the contract promises on which it misses
the contract; the tests made from them at the end are described in
tests/selfcheck_adversarial.py.
"""

import numpy as np
import pytest
from selfcheck_adversarial import adversarial_tests

EXERCISE = "multiclass_hinge"


def reference(scores, labels):
    # the contract's sum, written out one sample and one rival at a time
    return np.array([
        sum(max(0.0, z[j] - z[y] + 1.0) for j in range(len(z)) if j != y)
        for z, y in zip(np.asarray(scores, dtype=float), labels)
    ])


# --- witnesses: (scores, labels) ---------------------------------------------------------------

CAT_CAR_FROG = (np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]]),
                np.array([0, 1, 2]))  # 2.9, 0, 12.9
TIED_RIVAL = (np.array([[1.0, 1.0, 0.0]]), np.array([0]))  # the tied rival pays 1
LOW_LABELS = (np.array([[0.0, 2.0, 0.5], [1.0, 0.0, 3.0]]), np.array([0, 1]))  # nobody is 2
SQUARE = (np.array([[0.0, 2.0], [0.5, 0.0]]), np.array([0, 0]))  # n == k hides an axis slip


def contract_miss(fn, witness):
    """How fn misses the contract on the witness, or None when it meets it there."""
    scores, labels = witness
    given = scores.copy()
    try:
        got = fn(given, labels.copy())
    except Exception as exc:  # noqa: BLE001 - a crash is a miss
        return f"raised {type(exc).__name__}"
    if not np.array_equal(given, scores):
        return "changed the scores"
    got = np.asarray(got)
    expected = reference(scores, labels)
    if got.shape != expected.shape:
        return f"shape {got.shape}, expected {expected.shape}"
    if not np.allclose(got, expected, rtol=1e-9, atol=1e-12):
        return f"got {got!r}, expected {expected!r}"
    return None


# --- round 1: wrong implementations -----------------------------------------------------------


def violations(scores, labels):
    scores = np.asarray(scores, dtype=float)
    true = scores[np.arange(len(labels)), labels]
    return scores - true[:, None] + 1.0


def mask_by_equal_score(scores, labels):
    # drops the true class by value (scores == z_y), so a rival tied with it is dropped
    # too: [[1, 1, 0]], label 0, gives 0 instead of 1
    true = scores[np.arange(len(labels)), labels][:, None]
    v = np.where(scores == true, 0.0, scores - true + 1.0)
    return np.maximum(0.0, v).sum(axis=1)


def mean_over_classes(scores, labels):
    # averages the terms over the k classes instead of summing over the rivals
    v = violations(scores, labels)
    v[np.arange(len(labels)), labels] = 0.0
    return np.maximum(0.0, v).mean(axis=1)


def true_class_zeroed_in_columns(scores, labels):
    # v[:, labels] = 0 zeroes every sample's label column in every row
    v = violations(scores, labels)
    v[:, labels] = 0.0
    return np.maximum(0.0, v).sum(axis=1)


def true_scores_from_one_hot_of_max_label(scores, labels):
    # one-hot from np.eye(labels.max() + 1): too few columns when the last class is nobody's
    # label
    one_hot = np.eye(labels.max() + 1)[labels]
    true = (scores * one_hot).sum(axis=1)
    v = scores - true[:, None] + 1.0
    return np.maximum(0.0, v).sum(axis=1) - 1.0


def margin_subtracted(scores, labels):
    # max(0, z_j - z_y - 1): the margin on the wrong side (cat: 0.9 instead of 2.9)
    v = violations(scores, labels) - 2.0
    v[np.arange(len(labels)), labels] = 0.0
    return np.maximum(0.0, v).sum(axis=1)


def summed_over_samples_axis(scores, labels):
    # sums the clipped terms over axis 0: (k,) per class; silently wrong when n == k
    v = violations(scores, labels)
    v[np.arange(len(labels)), labels] = 0.0
    return np.maximum(0.0, v).sum(axis=0)


def subtract_in_place(scores, labels):
    # scores -= z_y in place to save a copy: the caller's scores change
    rows = np.arange(len(labels))
    scores -= scores[rows, labels][:, None].copy()
    scores += 1.0
    scores[rows, labels] = 0.0
    return np.maximum(0.0, scores).sum(axis=1)


def true_scores_without_new_axis(scores, labels):
    # scores - true + 1 without [:, None]: the (n,) true scores line up with the columns
    # (raises when n != k, silently wrong when n == k, as for the cat, the car and the frog)
    rows = np.arange(len(labels))
    v = scores - scores[rows, labels] + 1.0
    v[rows, labels] = 0.0
    return np.maximum(0.0, v).sum(axis=1)


def not_clipped(scores, labels):
    # sums z_j - z_y + 1 over the rivals without max(0, .)
    v = violations(scores, labels)
    v[np.arange(len(labels)), labels] = 0.0
    return v.sum(axis=1)


def strongest_rival_only(scores, labels):
    # Crammer-Singer: only the largest term
    v = violations(scores, labels)
    v[np.arange(len(labels)), labels] = 0.0
    return np.maximum(0.0, v).max(axis=1)


WRONG = [
    pytest.param(mask_by_equal_score, TIED_RIVAL, id="mask_by_equal_score"),
    pytest.param(mean_over_classes, CAT_CAR_FROG, id="mean_over_classes"),
    pytest.param(true_class_zeroed_in_columns, CAT_CAR_FROG, id="true_class_zeroed_in_columns"),
    pytest.param(true_scores_from_one_hot_of_max_label, LOW_LABELS,
                 id="true_scores_from_one_hot_of_max_label"),
    pytest.param(margin_subtracted, CAT_CAR_FROG, id="margin_subtracted"),
    pytest.param(summed_over_samples_axis, SQUARE, id="summed_over_samples_axis"),
    pytest.param(subtract_in_place, CAT_CAR_FROG, id="subtract_in_place"),
    pytest.param(true_scores_without_new_axis, CAT_CAR_FROG, id="true_scores_without_new_axis"),
    pytest.param(not_clipped, CAT_CAR_FROG, id="not_clipped"),
    pytest.param(strongest_rival_only, CAT_CAR_FROG, id="strongest_rival_only"),
]


# --- round 2: round 1 found that ties are never tried; these probe ties and small batches -----


def drop_terms_equal_to_one(scores, labels):
    # drops the true class's own term by its value (exactly 1): a tied rival's term is 1 too
    v = np.maximum(0.0, violations(scores, labels))
    v[v == 1.0] = 0.0
    return v.sum(axis=1)


def squeezed(scores, labels):
    # keepdims then .squeeze(): a batch of one sample comes back with shape (), not (1,)
    v = violations(scores, labels)
    v[np.arange(len(labels)), labels] = 0.0
    return np.maximum(0.0, v).sum(axis=1, keepdims=True).squeeze()


def rivals_below_the_true_score(scores, labels):
    # counts only the rivals scoring strictly below z_y as "within the margin" and every
    # rival at or above it as a full violation of z_j - z_y + 1: right, except that a rival
    # tied with the true class is skipped as "not a rival"
    true = scores[np.arange(len(labels)), labels][:, None]
    terms = np.where(scores < true, np.maximum(0.0, scores - true + 1.0), 0.0)
    terms += np.where(scores > true, scores - true + 1.0, 0.0)
    return terms.sum(axis=1)


ONE_SAMPLE = (np.array([[3.2, 5.1, -1.7]]), np.array([0]))

WRONG += [
    pytest.param(drop_terms_equal_to_one, TIED_RIVAL, id="drop_terms_equal_to_one"),
    pytest.param(squeezed, ONE_SAMPLE, id="squeezed"),
    pytest.param(rivals_below_the_true_score, TIED_RIVAL, id="rivals_below_the_true_score"),
]


# --- correct alternatives, each written differently from the worked solution ------------------


def sum_minus_the_true_term(scores, labels):
    # the true class's own term is max(0, z_y - z_y + 1) = 1 exactly: sum all k terms, take 1
    return np.maximum(0.0, violations(scores, labels)).sum(axis=1) - 1.0


def loops(scores, labels):
    # one sample and one rival at a time
    losses = np.zeros(len(labels))
    for i, (z, y) in enumerate(zip(np.asarray(scores, dtype=float), labels)):
        for j in range(len(z)):
            if j != y:
                losses[i] += max(0.0, z[j] - z[y] + 1.0)
    return losses


def rivals_by_boolean_mask(scores, labels):
    # keeps the k - 1 rivals of each row with a mask, then reshapes to (n, k - 1)
    scores = np.asarray(scores, dtype=float)
    n, k = scores.shape
    rival = np.arange(k) != np.asarray(labels)[:, None]
    true = scores[~rival]
    terms = scores[rival].reshape(n, k - 1) - true[:, None] + 1.0
    return np.clip(terms, 0.0, None).sum(axis=1)


CORRECT = [
    pytest.param(sum_minus_the_true_term, id="sum_minus_the_true_term"),
    pytest.param(loops, id="loops"),
    pytest.param(rivals_by_boolean_mask, id="rivals_by_boolean_mask"),
]

WITNESSES = [CAT_CAR_FROG, TIED_RIVAL, LOW_LABELS, SQUARE, ONE_SAMPLE]


# The tests: tests/selfcheck_adversarial.py says what each one checks.
(test_witness, test_wrong_fails, test_correct_meets_the_contract_on_every_witness,
 test_correct_passes) = adversarial_tests(EXERCISE, WRONG, CORRECT, WITNESSES, contract_miss)
