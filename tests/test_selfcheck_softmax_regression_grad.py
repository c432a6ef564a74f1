"""softmax_regression_grad's self-check: clipped logits and right variants."""

import numpy as np
import scipy.special

from selfcheck_adversarial import checker_tests


def _with_clip(limit):
    def clipped(W, b, X, y):
        Z = np.clip(X @ W.T + b, -limit, limit)  # "keeps exp finite"
        P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
        P[np.arange(len(y)), y] -= 1.0
        return P.T @ X / len(X), P.sum(axis=0) / len(X)

    clipped.__name__ = f"clipped_to_{limit:g}"
    return clipped


def rows_summed_first(W, b, X, y):
    """grad_W from the column sums of P - Y and of X: the outer product of two sums is no sum of products."""
    G = (scipy.special.softmax(X @ W.T + b, axis=1) - np.eye(len(W))[y]) / len(X)
    return np.outer(G.sum(axis=0), X.sum(axis=0)) / len(X), G.sum(axis=0)


def sum_without_keepdims(W, b, X, y):
    """P / P.sum(axis=1): the (n,) row sums lined up with the classes; raises when n != k."""
    logits = X @ W.T + b
    P = np.exp(logits - logits.max(axis=1, keepdims=True))
    P = P / P.sum(axis=1)
    G = (P - np.eye(len(W))[y]) / len(X)
    return G.T @ X, G.sum(axis=0)


WRONG = [
    (sum_without_keepdims, "per_sample_wrong_axis", "keepdims=True"),
    (_with_clip(50), "clipped_logits", "the logits were clipped"),
    (_with_clip(709), "clipped_logits", "the logits were clipped"),
    (rows_summed_first, "wrong_values", "grad_W entries differ beyond the tolerance"),
]


def via_cross_entropy_grad(W, b, X, y):
    from helpers.losses import cross_entropy_grad

    G = cross_entropy_grad(X @ W.T + b, y) / len(X)
    return G.T @ X, G.sum(axis=0)


def with_logsumexp(W, b, X, y):
    Z = X @ W.T + b
    P = np.exp(Z - scipy.special.logsumexp(Z, axis=1, keepdims=True))
    P[np.arange(len(y)), y] -= 1.0
    return np.einsum("nk,nd->kd", P, X) / len(X), P.mean(axis=0)


RIGHT = [via_cross_entropy_grad, with_logsumexp]


# The two tests of the tables (tests/selfcheck_adversarial.py)
(
    test_a_wrong_softmax_regression_grad_fails,
    test_a_right_softmax_regression_grad_passes,
) = checker_tests("softmax_regression_grad", WRONG, RIGHT)


def test_the_very_negative_case_is_what_its_label_says():
    from helpers._selfcheck_softmax_regression_grad import _softmax_regression_cases

    (case,) = [c for c in _softmax_regression_cases() if c.label.startswith("b = -1000")]
    args = case.args
    logits = args["X"] @ args["W"].T + args["b"]
    assert (logits.min(), logits.max()) == (-1004.0, -997.0) and (args["b"] == -1000).all()
