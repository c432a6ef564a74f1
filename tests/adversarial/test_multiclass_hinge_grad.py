"""Adversarial fixtures for the `multiclass_hinge_grad` exercise (chapter 3).

Written blind, from the exercise text and the stub's docstring only: scores (n, k) of floats,
n integer labels in [0, k); the (n, k) subgradient of each sample's Weston-Watkins loss
(margin 1): +1 at each rival whose term z_j - z_y + 1 is positive, minus their count at the
true class; a term exactly at its kink (0) counts as inactive; scores unchanged.

Each wrong function carries a witness, an input the contract promises on which it misses
the contract; the tests made from them at the end are described in
tests/selfcheck_adversarial.py.
"""

import numpy as np
import pytest
from selfcheck_adversarial import adversarial_tests, diagnosis_tests

EXERCISE = "multiclass_hinge_grad"


def reference(scores, labels):
    # the contract, one sample and one rival at a time; a term of exactly 0 is inactive
    scores = np.asarray(scores, dtype=float)
    grad = np.zeros(scores.shape)
    for i, y in enumerate(labels):
        for j in range(scores.shape[1]):
            if j != y and scores[i, j] - scores[i, y] + 1.0 > 0:
                grad[i, j] += 1.0
                grad[i, y] -= 1.0
    return grad


# --- witnesses: (scores, labels) ---------------------------------------------------------------

CAT_CAR_FROG = (np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]]),
                np.array([0, 1, 2]))  # the frog has two violating rivals
TIED_RIVAL = (np.array([[1.0, 1.0, 0.0]]), np.array([0]))  # a tie is active, not a kink
AT_THE_KINK = (np.array([[0.0, -1.0, 0.5]]), np.array([0]))  # rival 1's term is exactly 0
LOW_LABELS = (np.array([[0.0, 2.0, 0.5], [1.0, 0.0, 3.0]]), np.array([0, 1]))  # nobody is 2
TWO_SAMPLES = (np.array([[0.0, 0.5, 3.0], [2.0, 0.0, -4.0]]), np.array([0, 1]))


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
    if not np.array_equal(got, expected):  # small integers: exact
        return f"got {got!r}, expected {expected!r}"
    return None


# --- round 1: wrong implementations -----------------------------------------------------------


def terms(scores, labels):
    # z_j - z_y + 1 for every class, the true class's own entry set to 0
    scores = np.asarray(scores, dtype=float)
    rows = np.arange(len(labels))
    v = scores - scores[rows, labels][:, None] + 1.0
    v[rows, labels] = 0.0
    return v


def half_at_the_kink(scores, labels):
    # takes the midpoint 1/2 of the subdifferential at a kink, where the contract says 0
    v = terms(scores, labels)
    grad = (v > 0) + 0.5 * (v == 0)
    rows = np.arange(len(labels))
    grad[rows, labels] = 0.0
    grad[rows, labels] = -grad.sum(axis=1)
    return grad


def true_entry_minus_one(scores, labels):
    # -1 at the true class when any rival violates, not minus their count (the frog: -1, not -2)
    v = terms(scores, labels)
    grad = (v > 0).astype(float)
    grad[np.arange(len(labels)), labels] = np.where(grad.sum(axis=1) > 0, -1.0, 0.0)
    return grad


def mask_by_equal_score(scores, labels):
    # finds the true class by value (scores == z_y): a rival tied with it is dropped too
    true = scores[np.arange(len(labels)), labels][:, None]
    active = (scores - true + 1.0 > 0) & (scores != true)
    grad = active.astype(float)
    grad[np.arange(len(labels)), labels] = -active.sum(axis=1)
    return grad


def count_written_in_columns(scores, labels):
    # grad[:, labels] = -count: every row's label columns get overwritten
    v = terms(scores, labels)
    grad = (v > 0).astype(float)
    grad[:, labels] = -grad.sum(axis=1)[:, None]
    return grad


def divided_by_n(scores, labels):
    # the subgradient of the mean loss, divided by n, where each sample's own is asked
    v = terms(scores, labels)
    grad = (v > 0).astype(float)
    grad[np.arange(len(labels)), labels] = -grad.sum(axis=1)
    return grad / len(labels)


def classes_from_labels(scores, labels):
    # one-hot of the labels from np.eye(labels.max() + 1): raises when class k-1 is nobody's
    v = terms(scores, labels)
    active = (v > 0).astype(float)
    one_hot = np.eye(labels.max() + 1)[labels]
    return active - one_hot * active.sum(axis=1, keepdims=True)


def kink_counted_active(scores, labels):
    # v >= 0: a rival exactly at the margin counts as active
    v = terms(scores, labels)
    grad = (v >= 0).astype(float)
    rows = np.arange(len(labels))
    grad[rows, labels] = 0.0
    grad[rows, labels] = -grad.sum(axis=1)
    return grad


def sign_flipped(scores, labels):
    # -1 at the violating rivals, +count at the true class
    v = terms(scores, labels)
    grad = -(v > 0).astype(float)
    grad[np.arange(len(labels)), labels] = -grad.sum(axis=1)
    return grad


def true_entry_missing(scores, labels):
    # the rivals' +1 only; the true class's -count is never written
    return (terms(scores, labels) > 0).astype(float)


def strongest_rival_only(scores, labels):
    # Crammer-Singer: only the largest violating rival
    v = terms(scores, labels)
    rows = np.arange(len(labels))
    worst = v.argmax(axis=1)
    grad = np.zeros(v.shape)
    hit = v[rows, worst] > 0
    grad[rows[hit], worst[hit]] = 1.0
    grad[rows[hit], labels[hit]] = -1.0
    return grad


WRONG = [
    pytest.param(half_at_the_kink, AT_THE_KINK, id="half_at_the_kink"),
    pytest.param(true_entry_minus_one, CAT_CAR_FROG, id="true_entry_minus_one"),
    pytest.param(mask_by_equal_score, TIED_RIVAL, id="mask_by_equal_score"),
    pytest.param(count_written_in_columns, TWO_SAMPLES, id="count_written_in_columns"),
    pytest.param(divided_by_n, CAT_CAR_FROG, id="divided_by_n"),
    pytest.param(classes_from_labels, LOW_LABELS, id="classes_from_labels"),
    pytest.param(kink_counted_active, AT_THE_KINK, id="kink_counted_active"),
    pytest.param(sign_flipped, CAT_CAR_FROG, id="sign_flipped"),
    pytest.param(true_entry_missing, CAT_CAR_FROG, id="true_entry_missing"),
    pytest.param(strongest_rival_only, CAT_CAR_FROG, id="strongest_rival_only"),
]


# --- round 2: round 1 found that ties are never tried; these probe ties, kinks and shapes ------


def drop_terms_equal_to_one(scores, labels):
    # removes the true class's own term by its value (exactly 1): a tied rival is removed too
    scores = np.asarray(scores, dtype=float)
    rows = np.arange(len(labels))
    v = scores - scores[rows, labels][:, None] + 1.0
    active = (v > 0) & (v != 1.0)
    grad = active.astype(float)
    grad[rows, labels] = -active.sum(axis=1)
    return grad


def near_kink_is_a_kink(scores, labels):
    # "never compare floats with ==": a term within np.isclose of 0 counts as the kink, so a
    # rival with a tiny positive term (2**-30) is wrongly inactive
    v = terms(scores, labels)
    active = (v > 0) & ~np.isclose(v, 0.0)
    grad = active.astype(float)
    grad[np.arange(len(labels)), labels] = -active.sum(axis=1)
    return grad


def kink_only_in_the_count(scores, labels):
    # > 0 for the rivals but >= 0 when counting for the true class: off by one at a kink
    v = terms(scores, labels)
    rows = np.arange(len(labels))
    grad = (v > 0).astype(float)
    at_least = v >= 0
    at_least[rows, labels] = False
    grad[rows, labels] = -at_least.sum(axis=1)
    return grad


def squeezed(scores, labels):
    # .squeeze() at the end: a batch of one sample comes back as (k,), not (1, k)
    v = terms(scores, labels)
    grad = (v > 0).astype(float)
    grad[np.arange(len(labels)), labels] = -grad.sum(axis=1)
    return grad.squeeze()


TINY_TERM = (np.array([[0.0, -1.0 + 2.0**-30, -3.0]]), np.array([0]))  # rival 1: 2**-30 > 0
ONE_SAMPLE = (np.array([[3.2, 5.1, -1.7]]), np.array([0]))

WRONG += [
    pytest.param(drop_terms_equal_to_one, TIED_RIVAL, id="drop_terms_equal_to_one"),
    pytest.param(near_kink_is_a_kink, TINY_TERM, id="near_kink_is_a_kink"),
    pytest.param(kink_only_in_the_count, AT_THE_KINK, id="kink_only_in_the_count"),
    pytest.param(squeezed, ONE_SAMPLE, id="squeezed"),
]


# --- correct alternatives, each written differently from the worked solution ------------------


def loops(scores, labels):
    # one sample and one rival at a time
    grad = np.zeros(np.shape(scores))
    for i, (z, y) in enumerate(zip(np.asarray(scores, dtype=float), labels)):
        for j in range(len(z)):
            if j != y and z[j] - z[y] + 1.0 > 0:
                grad[i, j] = 1.0
                grad[i, y] -= 1.0
    return grad


def active_minus_one_hot_times_count(scores, labels):
    # active rivals as 0/1, then the one-hot row of the label times minus their number
    scores = np.asarray(scores, dtype=float)
    k = scores.shape[1]
    one_hot = np.arange(k) == np.asarray(labels)[:, None]
    true = scores[one_hot][:, None]
    active = ((scores - true + 1.0) > 0) & ~one_hot
    return active - one_hot * active.sum(axis=1, keepdims=True).astype(float)


def integer_array(scores, labels):
    # the right values in an integer array: the contract asks for "an (n, k) array" and says
    # nothing about its dtype
    v = terms(scores, labels)
    grad = (v > 0).astype(int)
    grad[np.arange(len(labels)), labels] = -grad.sum(axis=1)
    return grad


CORRECT = [
    pytest.param(loops, id="loops"),
    pytest.param(active_minus_one_hot_times_count, id="active_minus_one_hot_times_count"),
    # the contract accepts any real dtype (issue 24, item 3)
    pytest.param(integer_array, id="integer_array"),
]


# --- round 3 (written by the checker's maintainer after rounds 1-2, from the chapter and the ---
# --- contract; what each round 3 function gets from the checker is pinned in NAMED below) -----


def uint8_result(scores, labels):
    # (v > 0).astype(np.uint8) "to save memory": minus the count wraps around (-2 is 254)
    v = terms(scores, labels)
    grad = (v > 0).astype(np.uint8)
    grad[np.arange(len(labels)), labels] = -grad.sum(axis=1)
    return grad


def truncated_scores(scores, labels):
    # scores.astype(int) "since the gradient is whole numbers": the scores themselves are
    # truncated ([0.5, -0.7], 0: a term of -0.2 becomes 1)
    return integer_array(np.asarray(scores).astype(int), labels)


def whole_batch_count(scores, labels):
    # the true class's entry is minus the active rivals of the whole batch, not of its row
    v = terms(scores, labels)
    grad = (v > 0).astype(float)
    grad[np.arange(len(labels)), labels] = -grad.sum()
    return grad


def truthiness(scores, labels):
    # "if term:" instead of "if term > 0:": every nonzero term counts, negative ones too
    scores = np.asarray(scores, dtype=float)
    grad = np.zeros(scores.shape)
    for i, y in enumerate(labels):
        for j in range(scores.shape[1]):
            if j != y and scores[i, j] - scores[i, y] + 1.0:
                grad[i, j] += 1.0
                grad[i, y] -= 1.0
    return grad


def reversed_margin(scores, labels):
    # s_y - s_j + 1, the true class minus the rival: the hinge turned around
    scores = np.asarray(scores, dtype=float)
    rows = np.arange(len(labels))
    v = scores[rows, labels][:, None] - scores + 1.0
    v[rows, labels] = 0.0
    grad = (v > 0).astype(float)
    grad[rows, labels] = -grad.sum(axis=1)
    return grad


def true_score_after_masking(scores, labels):
    # the true class is masked with -inf first, then its score read back from the masked
    # array: -inf, so every term is +inf or NaN
    s = np.array(scores, dtype=float)
    rows = np.arange(len(labels))
    s[rows, labels] = -np.inf
    with np.errstate(invalid="ignore"):
        active = s - s[rows, labels][:, None] + 1.0 > 0
    grad = active.astype(float)
    grad[rows, labels] = -active.sum(axis=1)
    return grad


def float32_scores(scores, labels):
    # the scores in float32 "to save memory": a term of 2**-30 rounds to 0, at the kink
    return integer_array(np.asarray(scores, dtype=np.float32), labels)


TRUNCATES = (np.array([[0.5, -0.7, -3.0]]), np.array([0]))  # the term of class 1 is -0.2

WRONG += [
    pytest.param(uint8_result, CAT_CAR_FROG, id="uint8_result"),
    pytest.param(truncated_scores, TRUNCATES, id="truncated_scores"),
    pytest.param(whole_batch_count, CAT_CAR_FROG, id="whole_batch_count"),
    pytest.param(truthiness, CAT_CAR_FROG, id="truthiness"),
    pytest.param(reversed_margin, CAT_CAR_FROG, id="reversed_margin"),
    pytest.param(true_score_after_masking, CAT_CAR_FROG, id="true_score_after_masking"),
    pytest.param(float32_scores, TINY_TERM, id="float32_scores"),
]


def heaviside_of_the_terms(scores, labels):
    # np.heaviside(v, 0): 1 where v > 0, 0 where v <= 0, the kink included
    v = terms(scores, labels)
    active = np.heaviside(v, 0.0)
    active[np.arange(len(labels)), labels] = 0.0
    return active - np.eye(active.shape[1])[labels] * active.sum(axis=1, keepdims=True)


CORRECT += [pytest.param(heaviside_of_the_terms, id="heaviside_of_the_terms")]

# What the checker says to each round 3 function: a named mistake where one fits.
NAMED = {
    uint8_result: "wrong_values",
    truncated_scores: "wrong_values",
    whole_batch_count: "wrong_values",
    truthiness: "no_clipping",
    reversed_margin: "wrong_values",
    true_score_after_masking: "no_clipping",  # every term is +inf: every rival counts
    float32_scores: "tolerance_at_the_kink",
}


WITNESSES = [CAT_CAR_FROG, TIED_RIVAL, AT_THE_KINK, LOW_LABELS, TWO_SAMPLES, TINY_TERM,
             ONE_SAMPLE, TRUNCATES]


# The tests: tests/selfcheck_adversarial.py says what each one checks.
(test_witness, test_wrong_fails, test_correct_meets_the_contract_on_every_witness,
 test_correct_passes) = adversarial_tests(EXERCISE, WRONG, CORRECT, WITNESSES, contract_miss)
test_round_3_diagnosis = diagnosis_tests(EXERCISE, NAMED)
