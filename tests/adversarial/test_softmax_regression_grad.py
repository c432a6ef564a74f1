"""Adversarial fixtures for the `softmax_regression_grad` exercise (chapter 4).

Written blind, from the exercise text and the stub's docstring only: W (k, d), b (k,),
X (n, d) as rows, y (n,) integer labels in [0, k); (grad_W, grad_b), shapes (k, d) and (k,),
of the mean cross-entropy of X @ W.T + b with no penalty; k is the number of rows of W even
when some class has no sample; finite for logits as large as +-1000; inputs unchanged.

Each wrong function carries a witness, an input the contract promises on which it misses
the contract; the tests made from them at the end are described in
tests/selfcheck_adversarial.py.
"""

import numpy as np
import pytest
import scipy.special
from selfcheck_adversarial import adversarial_tests

from helpers.linear import softmax_objective

EXERCISE = "softmax_regression_grad"
# the wrong functions overflow on purpose
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


# --- witnesses: (W, b, X, y) -------------------------------------------------------------------

SMALL = (np.array([[0.5, -1.0], [2.0, 0.0], [-1.0, 1.0]]), np.array([0.1, -0.3, 0.2]),
         np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 0.5], [-2.0, 1.0]]), np.array([0, 2, 1, 2]))
# one sample whose logits are [60, 55, 0]: a gap of 5 between two classes far above 50
GAP_60 = (np.array([[60.0], [55.0], [0.0]]), np.zeros(3), np.array([[1.0]]), np.array([1]))
GAP_1000 = (np.array([[1000.0], [999.0], [0.0]]), np.zeros(3), np.array([[1.0]]), np.array([1]))
# class 2 has no sample
EMPTY_CLASS = (np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), np.zeros(3),
               np.array([[1.0, 2.0], [2.0, -1.0]]), np.array([0, 1]))
# n == k: a bias broadcast along the wrong axis does not raise
SQUARE = (np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0.5, -0.5]),
          np.array([[1.0, 2.0], [-1.0, 0.0]]), np.array([1, 0]))


def contract_miss(fn, witness):
    """How fn misses the contract on the witness, or None when it meets it there."""
    given = [a.copy() for a in witness]
    try:
        got_W, got_b = fn(*given)
    except Exception as exc:  # noqa: BLE001 - a crash is a miss
        return f"raised {type(exc).__name__}"
    if not all(np.array_equal(g, a) for g, a in zip(given, witness)):
        return "changed an input"
    _, grad_W, grad_b = softmax_objective(*witness)
    for name, got, expected in (("grad_W", got_W, grad_W), ("grad_b", got_b, grad_b)):
        got = np.asarray(got)
        if got.shape != expected.shape:
            return f"{name} shape {got.shape}, expected {expected.shape}"
        if not np.all(np.isfinite(got)):
            return f"{name} not finite"
        if not np.allclose(got, expected, rtol=1e-6, atol=1e-9 * max(1.0, np.abs(expected).max())):
            return f"{name} {got!r}, expected {expected!r}"
    return None


# --- round 1: wrong implementations -----------------------------------------------------------


def gradients_from(P, X, y):
    # (P - Y)^T X / n and the column sums of P - Y over n
    n = len(y)
    G = P.copy()
    G[np.arange(n), y] -= 1.0
    return G.T @ X / n, G.sum(axis=0) / n


def stable_softmax(logits):
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    return p / p.sum(axis=1, keepdims=True)


def clip_logits_50(W, b, X, y):
    # clips the logits to [-50, 50] "for stability": [60, 55, 0] becomes [50, 50, 0]
    logits = np.clip(X @ W.T + b, -50, 50)
    return gradients_from(stable_softmax(logits), X, y)


def clip_logits_500(W, b, X, y):
    # clips to [-500, 500] so exp cannot overflow: [1000, 999, 0] becomes [500, 500, 0]
    logits = np.clip(X @ W.T + b, -500, 500)
    P = np.exp(logits)
    return gradients_from(P / P.sum(axis=1, keepdims=True), X, y)


def classes_from_unique_labels(W, b, X, y):
    # one-hot columns from np.unique(y): one column per class present, so too few (or
    # misaligned) columns when a class has no sample
    P = stable_softmax(X @ W.T + b)
    Y = (y[:, None] == np.unique(y)).astype(float)
    G = P - Y
    return G.T @ X / len(y), G.sum(axis=0) / len(y)


def bias_forgotten(W, b, X, y):
    # logits X @ W.T without + b
    return gradients_from(stable_softmax(X @ W.T), X, y)


def penalty_left_in(W, b, X, y, l2=1e-4):
    # copied from the training loop: + l2 W, where the exercise asks for no penalty
    grad_W, grad_b = gradients_from(stable_softmax(X @ W.T + b), X, y)
    return grad_W + l2 * W, grad_b


def bias_as_a_column(W, b, X, y):
    # b[:, None] added to the (n, k) logits: raises when n != k, wrong when n == k
    return gradients_from(stable_softmax(X @ W.T + b[:, None]), X, y)


def mean_over_every_entry(W, b, X, y):
    # divides by n * k (the size of P - Y) instead of n
    P = stable_softmax(X @ W.T + b)
    grad_W, grad_b = gradients_from(P, X, y)
    return grad_W / P.shape[1], grad_b / P.shape[1]


def softmax_over_samples(W, b, X, y):
    # the softmax taken over axis 0, the samples, not over each sample's classes
    return gradients_from(scipy.special.softmax(X @ W.T + b, axis=0), X, y)


def no_max_shift(W, b, X, y):
    # exp of the raw logits: overflows at 1000
    P = np.exp(X @ W.T + b)
    return gradients_from(P / P.sum(axis=1, keepdims=True), X, y)


def sum_not_mean(W, b, X, y):
    # the gradient of the summed loss: n times too large
    grad_W, grad_b = gradients_from(stable_softmax(X @ W.T + b), X, y)
    return grad_W * len(y), grad_b * len(y)


def classes_from_max_label(W, b, X, y):
    # k = y.max() + 1 for the one-hot targets: raises when the last class has no sample
    P = stable_softmax(X @ W.T + b)
    G = P - np.eye(y.max() + 1)[y]
    return G.T @ X / len(y), G.sum(axis=0) / len(y)


WRONG = [
    pytest.param(clip_logits_50, GAP_60, id="clip_logits_50"),
    pytest.param(clip_logits_500, GAP_1000, id="clip_logits_500"),
    pytest.param(classes_from_unique_labels, EMPTY_CLASS, id="classes_from_unique_labels"),
    pytest.param(bias_forgotten, SMALL, id="bias_forgotten"),
    pytest.param(penalty_left_in, SMALL, id="penalty_left_in"),
    pytest.param(bias_as_a_column, SQUARE, id="bias_as_a_column"),
    pytest.param(mean_over_every_entry, SMALL, id="mean_over_every_entry"),
    pytest.param(softmax_over_samples, SMALL, id="softmax_over_samples"),
    pytest.param(no_max_shift, GAP_1000, id="no_max_shift"),
    pytest.param(sum_not_mean, SMALL, id="sum_not_mean"),
    pytest.param(classes_from_max_label, EMPTY_CLASS, id="classes_from_max_label"),
]


# --- round 2: what round 1 found in the other exercises (a squeezed result, a shift only when
# some logit is large) probed here too --------------------------------------------------------


def squeezed(W, b, X, y):
    # .squeeze() on both results: with one feature (d = 1) grad_W comes back as (k,)
    grad_W, grad_b = gradients_from(stable_softmax(X @ W.T + b), X, y)
    return grad_W.squeeze(), grad_b.squeeze()


def shift_only_when_large(W, b, X, y):
    # shifts only when some logit would overflow (max > 700): logits that are all very
    # negative, [-1000, -999, -1005], are not shifted and underflow to 0/0
    logits = X @ W.T + b
    if logits.max() > 700:
        logits = logits - logits.max(axis=1, keepdims=True)
    P = np.exp(logits)
    return gradients_from(P / P.sum(axis=1, keepdims=True), X, y)


ALL_VERY_NEGATIVE = (np.array([[-1000.0], [-999.0], [-1005.0]]), np.zeros(3), np.array([[1.0]]),
                     np.array([0]))

WRONG += [
    pytest.param(squeezed, GAP_60, id="squeezed"),
    pytest.param(shift_only_when_large, ALL_VERY_NEGATIVE, id="shift_only_when_large"),
]


# --- correct alternatives, each written differently from the worked solution ------------------


def einsum_and_logsumexp(W, b, X, y):
    # P = exp(Z - logsumexp(Z)), targets by comparison, einsum for the pull-back
    X = np.asarray(X, dtype=float)
    Z = X @ np.asarray(W, dtype=float).T + b
    G = np.exp(Z - scipy.special.logsumexp(Z, axis=1, keepdims=True))
    G = G - (np.asarray(y)[:, None] == np.arange(Z.shape[1]))
    n = X.shape[0]
    return np.einsum("nk,nd->kd", G, X) / n, np.einsum("nk->k", G) / n


def one_sample_at_a_time(W, b, X, y):
    # accumulates each sample's outer product (p - e_y) x^T, then divides by n
    W = np.asarray(W, dtype=float)
    grad_W = np.zeros(W.shape)
    grad_b = np.zeros(W.shape[0])
    for x, label in zip(np.asarray(X, dtype=float), y):
        z = W @ x + b
        p = np.exp(z - z.max())
        p /= p.sum()
        p[label] -= 1.0
        grad_W += np.outer(p, x)
        grad_b += p
    return grad_W / len(y), grad_b / len(y)


def bias_as_a_weight(W, b, X, y):
    # appends a column of ones to X and b as the last column of W: one matrix product
    X1 = np.hstack([np.asarray(X, dtype=float), np.ones((len(y), 1))])
    W1 = np.hstack([np.asarray(W, dtype=float), np.asarray(b, dtype=float)[:, None]])
    G = scipy.special.softmax(X1 @ W1.T, axis=1)
    G[np.arange(len(y)), y] -= 1.0
    grad = G.T @ X1 / len(y)
    return grad[:, :-1], grad[:, -1]


CORRECT = [
    pytest.param(einsum_and_logsumexp, id="einsum_and_logsumexp"),
    pytest.param(one_sample_at_a_time, id="one_sample_at_a_time"),
    pytest.param(bias_as_a_weight, id="bias_as_a_weight"),
]

WITNESSES = [SMALL, GAP_60, GAP_1000, EMPTY_CLASS, SQUARE, ALL_VERY_NEGATIVE]


# The tests: tests/selfcheck_adversarial.py says what each one checks.
(test_witness, test_wrong_fails, test_correct_meets_the_contract_on_every_witness,
 test_correct_passes) = adversarial_tests(EXERCISE, WRONG, CORRECT, WITNESSES, contract_miss)
