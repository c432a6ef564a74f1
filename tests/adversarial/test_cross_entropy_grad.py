"""Adversarial fixtures for the `cross_entropy_grad` exercise (chapter 1).

Written blind, from the exercise text and the stub's docstring only: logits (n, k) of floats,
n integer labels in [0, k); the (n, k) gradient p - Y_i of each sample's own loss (no 1/n),
finite for logits as large as +-1000, logits unchanged.

Each wrong function carries a witness, an input the contract promises on which it misses
the contract; the tests made from them at the end are described in
tests/selfcheck_adversarial.py.
"""

import math

import numpy as np
import pytest
import scipy.special
from selfcheck_adversarial import adversarial_tests, diagnosis_tests

from helpers.losses import cross_entropy_grad as reference

EXERCISE = "cross_entropy_grad"
# the wrong functions overflow or divide 0 by 0 on purpose
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


# --- witnesses: (logits, labels) ---------------------------------------------------------------

GAP_60 = (np.array([[60.0, 55.0, 0.0]]), np.array([1]))  # the example: 0.993 at label 1
GAP_1000 = (np.array([[1000.0, 999.0, 0.0]]), np.array([1]))
PLUS_MINUS_1000 = (np.array([[1000.0, -1000.0]]), np.array([1]))
SQUARE = (np.array([[2.0, 0.0], [0.0, 1.0]]), np.array([0, 1]))  # n == k hides broadcasting
TWO_BY_THREE = (np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]]), np.array([0, 1]))
LOW_LABELS = (np.array([[1.0, 2.0, 3.0]]), np.array([0]))  # the last class is nobody's label


def contract_miss(fn, witness):
    """How fn misses the contract on the witness, or None when it meets it there."""
    logits, labels = witness
    given = logits.copy()
    try:
        got = fn(given, labels.copy())
    except Exception as exc:  # noqa: BLE001 - a crash is a miss
        return f"raised {type(exc).__name__}"
    if not np.array_equal(given, logits):
        return "changed the logits"
    got = np.asarray(got)
    expected = reference(logits, labels)
    if got.shape != expected.shape:
        return f"shape {got.shape}, expected {expected.shape}"
    if not np.all(np.isfinite(got)):
        return f"not finite: {got!r}"
    # entries are in [-1, 1]: 1e-9 absolute is far above float64 round-off, far below a slip
    if not np.allclose(got, expected, rtol=1e-6, atol=1e-9):
        return f"got {got!r}, expected {expected!r}"
    return None


# --- round 1: wrong implementations -----------------------------------------------------------


def one_hot(labels, k):
    return (np.asarray(labels)[:, None] == np.arange(k)).astype(float)


def clip_logits_50(logits, labels):
    # clips the logits to [-50, 50] "for stability": [60, 55, 0] becomes [50, 50, 0], so
    # p = [.5, .5, 0] and the label-1 entry is -0.5 where the answer is -0.993
    z = np.clip(logits, -50, 50)
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    return p - one_hot(labels, z.shape[1])


def clip_logits_500(logits, labels):
    # clips to [-500, 500] so exp cannot overflow: [1000, 999, 0] becomes [500, 500, 0]
    z = np.clip(logits, -500, 500)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    return p - one_hot(labels, z.shape[1])


def shift_by_row_mean(logits, labels):
    # centres each row on its mean, not its max: [1000, -1000] still overflows (exp(1000))
    z = logits - logits.mean(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return p - one_hot(labels, z.shape[1])


def shift_by_row_min(logits, labels):
    # subtracts each row's min: every exponent is >= 0, exp overflows on [1000, -1000]
    z = logits - logits.min(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return p - one_hot(labels, z.shape[1])


def shift_by_column_max(logits, labels):
    # max over axis 0: a different shift per column changes each row's softmax
    # ([[2, 0], [0, 1]])
    z = logits - logits.max(axis=0, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return p - one_hot(labels, z.shape[1])


def max_without_keepdims(logits, labels):
    # logits - logits.max(axis=1): the (n,) maxima broadcast along the rows; raises when
    # n != k and is silently wrong when n == k ([[2, 0], [0, 1]])
    z = logits - logits.max(axis=1)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return p - one_hot(labels, z.shape[1])


def minus_one_in_columns(logits, labels):
    # p[:, labels] -= 1 subtracts 1 in every row at every sample's label column
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[:, labels] -= 1.0
    return p


def classes_from_labels(logits, labels):
    # one-hot from np.eye(labels.max() + 1): too few columns when the last class is
    # nobody's label; it raises, or broadcasts: [[1, 2, 3]] with label 0 gets 1 subtracted
    # from every entry
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    return p - np.eye(labels.max() + 1)[labels]


def clip_probabilities(logits, labels):
    # clips p to [1e-7, 1] as a loss would: entries that should be ~1e-26 become 1e-7
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p = np.clip(p, 1e-7, 1.0)
    return p - one_hot(labels, p.shape[1])


def shift_in_place(logits, labels):
    # shifts the caller's logits in place (-=): the input changes
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return p - one_hot(labels, logits.shape[1])


def scipy_softmax_default_axis(logits, labels):
    # scipy.special.softmax with its default axis=None: one softmax over the whole batch
    return scipy.special.softmax(logits) - one_hot(labels, logits.shape[1])


def shift_by_batch_max(logits, labels):
    # one max for the whole batch: a row far below it underflows to 0/0
    z = logits - logits.max()
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return p - one_hot(labels, z.shape[1])


def divided_by_n(logits, labels):
    # the gradient of the mean loss, (p - Y) / n, where each sample's own is asked
    p = scipy.special.softmax(logits, axis=1)
    return (p - one_hot(labels, p.shape[1])) / len(labels)


WRONG = [
    pytest.param(clip_logits_50, GAP_60, id="clip_logits_50"),
    pytest.param(clip_logits_500, GAP_1000, id="clip_logits_500"),
    pytest.param(shift_by_row_mean, PLUS_MINUS_1000, id="shift_by_row_mean"),
    pytest.param(shift_by_row_min, PLUS_MINUS_1000, id="shift_by_row_min"),
    pytest.param(shift_by_column_max, SQUARE, id="shift_by_column_max"),
    pytest.param(max_without_keepdims, SQUARE, id="max_without_keepdims"),
    pytest.param(minus_one_in_columns, TWO_BY_THREE, id="minus_one_in_columns"),
    pytest.param(classes_from_labels, LOW_LABELS, id="classes_from_labels"),
    pytest.param(clip_probabilities, GAP_60, id="clip_probabilities"),
    pytest.param(shift_in_place, TWO_BY_THREE, id="shift_in_place"),
    pytest.param(scipy_softmax_default_axis, TWO_BY_THREE, id="scipy_softmax_default_axis"),
    pytest.param(shift_by_batch_max, (np.array([[1000.0, 0.0], [0.0, 1.0]]), np.array([0, 1])),
                 id="shift_by_batch_max"),
    pytest.param(divided_by_n, TWO_BY_THREE, id="divided_by_n"),
]


# --- round 2: round 1 found clipping and the number of classes; these probe the same gaps -----


def shift_by_largest_magnitude(logits, labels):
    # subtracts each row's largest |z| instead of its largest z: a row of large negative
    # logits, [-1000, -999], becomes [-2000, -1999] and underflows to 0/0
    z = logits - np.abs(logits).max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return p - one_hot(labels, z.shape[1])


def shift_only_when_large(logits, labels):
    # shifts only when some logit would overflow (max > 700): a batch whose logits are all
    # very negative, [-1000, -999], is not shifted and underflows to 0/0
    z = np.asarray(logits, dtype=float)
    if z.max() > 700:
        z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return p - one_hot(labels, z.shape[1])


def squeezed(logits, labels):
    # .squeeze() "to tidy the shape": a batch of one sample comes back as (k,), not (1, k)
    p = scipy.special.softmax(logits, axis=1)
    return (p - one_hot(labels, p.shape[1])).squeeze()


def clip_shifted_below(logits, labels):
    # clips the shifted logits to [-20, 0] "so that exp never underflows": a class 60 below
    # the top gets exp(-20) = 2e-9 instead of about 1e-26
    z = np.clip(logits - logits.max(axis=1, keepdims=True), -20, 0)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return p - one_hot(labels, z.shape[1])


ALL_VERY_NEGATIVE = (np.array([[-1000.0, -999.0]]), np.array([0]))

WRONG += [
    pytest.param(shift_by_largest_magnitude, ALL_VERY_NEGATIVE, id="shift_by_largest_magnitude"),
    pytest.param(shift_only_when_large, ALL_VERY_NEGATIVE, id="shift_only_when_large"),
    pytest.param(squeezed, GAP_60, id="squeezed"),
    pytest.param(clip_shifted_below, GAP_60, id="clip_shifted_below"),
]


# --- correct alternatives, each written differently from the worked solution ------------------


def with_logsumexp(logits, labels):
    # p = exp(z - logsumexp(z)) with scipy, targets by comparison with the class numbers
    z = np.asarray(logits, dtype=float)
    p = np.exp(z - scipy.special.logsumexp(z, axis=1, keepdims=True))
    return p - (labels[:, None] == np.arange(z.shape[1]))


def row_by_row_loop(logits, labels):
    # plain Python on each row; the true class gets minus the sum of the other probabilities,
    # which keeps the digits p_y - 1 loses when p_y is close to 1
    grad = []
    for row, label in zip(np.asarray(logits, dtype=float).tolist(), labels.tolist()):
        top = max(row)
        exps = [math.exp(v - top) for v in row]
        total = math.fsum(exps)
        p = [e / total for e in exps]
        p[label] = -math.fsum(q for j, q in enumerate(p) if j != label)
        grad.append(p)
    return np.array(grad)


def scipy_softmax_rows(logits, labels):
    # scipy's softmax along axis 1, minus rows of the identity
    k = np.shape(logits)[1]
    return scipy.special.softmax(logits, axis=1) - np.eye(k)[labels]


CORRECT = [
    pytest.param(with_logsumexp, id="with_logsumexp"),
    pytest.param(row_by_row_loop, id="row_by_row_loop"),
    pytest.param(scipy_softmax_rows, id="scipy_softmax_rows"),
]


# --- round 3 (written by the checker's maintainer after rounds 1-2, from the chapter and the ---
# --- contract; what each round 3 function gets from the checker is pinned in NAMED below) -----


def shift_by_true_logit(logits, labels):
    # shifts each row by its true class's logit (the loss is log sum exp(z - z_y)): a rival
    # far above the true class overflows ([1000, -1000] with label 1: exp(2000))
    z = np.asarray(logits, dtype=float)
    z = z - z[np.arange(len(labels)), labels][:, None]
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return p - one_hot(labels, z.shape[1])


def label_columns(logits, labels):
    # p[:, labels] -= 1: subtracts 1 in the label columns of every row, not in one entry
    # per row
    p = scipy.special.softmax(logits, axis=1)
    p[:, labels] -= 1.0
    return p


def whole_batch_normaliser(logits, labels):
    # e / e.sum(): the exps divided by their sum over the whole batch, not over each row
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum() - one_hot(labels, z.shape[1])


def shift_by_column_max(logits, labels):
    # max over axis 0: each class's column shifted by its own largest logit, which changes
    # every row's softmax
    z = np.asarray(logits, dtype=float)
    z = z - z.max(axis=0, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return p - one_hot(labels, z.shape[1])


def float32_softmax(logits, labels):
    # the softmax in float32 "for speed", returned as float64: about 7 digits, so p_y - 1
    # loses what it needs when p_y is near 1 ([0, 20] with label 1: 0 instead of -2.1e-9)
    z = np.asarray(logits, dtype=np.float32)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = (e / e.sum(axis=1, keepdims=True)).astype(np.float64)
    return p - one_hot(labels, z.shape[1])


def max_without_keepdims(logits, labels):
    # z - z.max(axis=1): the (n,) maxima are lined up with the classes, not the samples;
    # it raises when n != k and shifts the wrong entries when n == k
    z = np.asarray(logits, dtype=float)
    z = z - z.max(axis=1)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return p - one_hot(labels, z.shape[1])


NEAR_ONE = (np.array([[0.0, 20.0]]), np.array([1]))  # p_y - 1 = -2.06e-9

WRONG += [
    pytest.param(shift_by_true_logit, PLUS_MINUS_1000, id="shift_by_true_logit"),
    pytest.param(label_columns, TWO_BY_THREE, id="label_columns"),
    pytest.param(whole_batch_normaliser, TWO_BY_THREE, id="whole_batch_normaliser"),
    pytest.param(shift_by_column_max, TWO_BY_THREE, id="shift_by_column_max"),
    pytest.param(float32_softmax, NEAR_ONE, id="float32_softmax"),
    pytest.param(max_without_keepdims, SQUARE, id="max_without_keepdims"),
]

# What the checker says to each round 3 function: a named mistake where one fits.
NAMED = {
    shift_by_true_logit: "no_max_shift",
    label_columns: "wrong_values",
    whole_batch_normaliser: "wrong_values",
    shift_by_column_max: "wrong_values",
    float32_softmax: "wrong_values",
    max_without_keepdims: "per_sample_wrong_axis",
}


WITNESSES = [GAP_60, GAP_1000, PLUS_MINUS_1000, SQUARE, TWO_BY_THREE, LOW_LABELS,
             ALL_VERY_NEGATIVE, NEAR_ONE]


# The tests: tests/selfcheck_adversarial.py says what each one checks.
(test_witness, test_wrong_fails, test_correct_meets_the_contract_on_every_witness,
 test_correct_passes) = adversarial_tests(EXERCISE, WRONG, CORRECT, WITNESSES, contract_miss)
test_round_3_diagnosis = diagnosis_tests(EXERCISE, NAMED)
