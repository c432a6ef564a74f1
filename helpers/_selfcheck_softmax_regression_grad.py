"""The self-check of chapter 4: softmax_regression_grad(W, b, X, y), the gradient of the mean cross-entropy (private).

Its cases and its table of known mistakes; the engine is :mod:`helpers._selfcheck_runner`.
The mistake models are wrong on purpose, so that the check can recognise them.
"""

import re

import numpy as np

from ._selfcheck_runner import Case, Mistake, Spec, close, like, run_exercise
from ._selfcheck_shared import (
    CLIPPED_HINT, GAP_LABELS as _GAP_LABELS, GAPS as _GAPS, clipped_logits, globally_shifted_softmax,
    matches_clipped, non_finite_on_extreme, onehot, per_sample_wrong_axis, seeded)
from .activations import _softmax
from .gradcheck import numerical_gradient
from .linear import softmax_objective


# softmax_regression_grad: fn(W, b, X, y) -> (grad_W (k, d), grad_b (k,)) of the mean cross-entropy


def _softmax_regression_reference(W, b, X, y):
    return softmax_objective(W, b, X, y)[1:]


def _softmax_regression_numerically(W, b, X, y):
    grad_W = numerical_gradient(lambda V: softmax_objective(V, b, X, y)[0], W)
    grad_b = numerical_gradient(lambda c: softmax_objective(W, c, X, y)[0], b)
    return grad_W, grad_b


def _softmax_regression_cases():
    rng = seeded(10)
    W, b, X, y = rng.normal(size=(3, 4)), rng.normal(size=3), rng.normal(size=(6, 4)), rng.integers(0, 3, 6)
    W2, b2, X2, y2 = rng.normal(size=(2, 3)), rng.normal(size=2), rng.normal(size=(5, 3)), np.array([0, 1, 1, 0, 1])
    # two samples, not one: with n = 1, a grad_b of shape (1, k) could be P - Y unsummed or a keepdims sum
    tiny = {"W": np.zeros((2, 1)), "b": np.zeros(2), "X": np.array([[1.0], [2.0]]), "y": np.array([1, 1])}
    # k is the number of rows of W, even when the last class has no sample in the batch
    absent = {"W": rng.normal(size=(3, 2)), "b": rng.normal(size=3), "X": rng.normal(size=(4, 2)),
              "y": np.array([0, 1, 1, 0])}
    W_extreme = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
    extreme = {"W": W_extreme, "b": np.zeros(3),
               "X": np.array([[1000.0, 0.0], [0.0, -1000.0], [600.0, 500.0], [-700.0, 800.0]]),
               "y": np.array([0, 2, 1, 2])}
    # a sample whose logits are all 0 next to one whose largest is 1000: a shift by the batch's
    # maximum (instead of each row's own) underflows the first to 0 / 0
    apart = {"W": W_extreme, "b": np.zeros(3), "X": np.array([[1000.0, 0.0], [0.0, 0.0], [-3.0, 2.0]]),
             "y": np.array([0, 1, 2])}
    # every logit far below 0 (b = -1000): a shift done only "when needed" (some logit large) is skipped,
    # and every exp underflows to 0
    negative = {"W": np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]), "b": np.full(3, -1000.0),
                "X": np.array([[2.0, -1.0], [0.0, 3.0], [-4.0, 1.0]]), "y": np.array([0, 2, 1])}
    cases = [("two samples of one feature, both of class 1 (of two), all weights 0", tiny),
             ("random W (3, 4), b, X (6, 4) (seed 10)", {"W": W, "b": b, "X": X, "y": y}),
             ("W with 3 rows (k = 3), labels [0, 1, 1, 0]: class 2 has no sample in this batch", absent)]
    out = [Case(label, args, tuple(_softmax_regression_reference(**args))) for label, args in cases]
    args2 = {"W": W2, "b": b2, "X": X2, "y": y2}
    out.append(Case("random W (2, 3), b, X (5, 3) against a numerical gradient", args2,
                    _softmax_regression_numerically(**args2)))
    out.append(Case("logits up to +-1000", extreme, tuple(_softmax_regression_reference(**extreme)), extreme=True))
    out.append(Case("3 samples, two of whose largest logits are 1000 apart", apart,
                    tuple(_softmax_regression_reference(**apart)), extreme=True))
    out.append(Case("b = -1000 for every class, so every logit lies between -1004 and -997: unshifted, every exp "
                    "underflows to 0", negative, tuple(_softmax_regression_reference(**negative)), extreme=True))
    gaps = {"W": np.eye(3), "b": np.zeros(3), "X": _GAPS.copy(), "y": _GAP_LABELS.copy()}
    out.append(Case("W = I and b = 0, so the logits are the rows of X: 60 and 1000 with a rival 5 or 3 below, "
                    "and gaps of 57 to 1000 to the rest", gaps, tuple(_softmax_regression_reference(**gaps)),
                    extreme=True))
    return out + _random_cases()


# The seeded random layer: n from 1 to 6 samples, d from 1 to 4 features, k from 2 to 4 classes,
# weights of scale 0.1 to 30 (logits up to about +-300).
_RANDOM_SEED, _RANDOM_CASES = 110, 3


def _random_cases():
    rng = seeded(_RANDOM_SEED)
    cases = []
    for number in range(1, _RANDOM_CASES + 1):
        n, d, k = int(rng.integers(1, 7)), int(rng.integers(1, 5)), int(rng.integers(2, 5))
        scale = float(rng.choice([0.1, 1.0, 30.0]))
        args = {"W": rng.normal(scale=scale, size=(k, d)), "b": rng.normal(size=k), "X": rng.normal(size=(n, d)),
                "y": rng.integers(0, k, size=n)}
        cases.append(Case(f"random case {number} of {_RANDOM_CASES} (seed {_RANDOM_SEED}): {n} samples, "
                          f"{d} features, {k} classes, weights of scale {scale:g}", args,
                          tuple(_softmax_regression_reference(**args)), extreme=scale > 10))
    return cases


def _softmax_regression_bench():
    rng = seeded(11)
    return "500 samples, 50 features, 10 classes", {
        "W": rng.normal(size=(10, 50)), "b": rng.normal(size=10), "X": rng.normal(size=(500, 50)),
        "y": rng.integers(0, 10, 500)}


def _softmax_regression_G(W, b, X, y):
    """(P - Y) / n, one row per sample."""
    return (_softmax(X @ W.T + b, axis=1) - onehot(y, len(W))) / len(X)


def _bias_wrong_axis(W, b, X, y):
    return softmax_objective(W, b, X, y)[1], _softmax_regression_G(W, b, X, y).sum(axis=1)


def _bias_keepdims(W, b, X, y):
    return softmax_objective(W, b, X, y)[1], _softmax_regression_G(W, b, X, y).sum(axis=0, keepdims=True)


def _bias_not_summed(run):
    """grad_W right, and grad_b is (P - Y) / n or P - Y itself, one row per sample."""
    grad_W, grad_b = run.got
    args = run.case.args
    G = _softmax_regression_G(**args)
    return (close(grad_W, run.case.expected[0], 1e-3, 1e-6) and np.shape(grad_b) == G.shape
            and (close(grad_b, G, 1e-3, 1e-6) or close(grad_b, len(args["X"]) * G, 1e-3, 1e-6)))


def _classes_from_labels(run):
    """k taken from the labels (y.max() + 1, or the classes present) instead of the rows of W."""
    W, y = run.case.args["W"], run.case.args["y"]
    present = int(np.max(y)) + 1
    if present >= len(W):
        return False
    if run.error is not None:
        message = str(run.error)
        return (isinstance(run.error, ValueError) and "broadcast" in message
                and re.search(rf"\(\d+,{present}\)", message) is not None)
    return isinstance(run.got, tuple) and np.shape(run.got[0]) == (present, W.shape[1])


def _globally_shifted_regression(W, b, X, y):
    G = (globally_shifted_softmax(X @ W.T + b) - onehot(y, len(W))) / len(X)
    return G.T @ X, G.sum(axis=0)


def _no_onehot_regression(W, b, X, y):
    P = _softmax(X @ W.T + b, axis=1) / len(X)
    return P.T @ X, P.sum(axis=0)


def _clipped_gradients(args):
    W, b, X, y = args["W"], args["b"], np.asarray(args["X"], dtype=np.float64), args["y"]
    for clipped in clipped_logits(X @ W.T + b):
        G = (_softmax(clipped, axis=1) - onehot(y, len(W))) / len(X)
        yield G.T @ X, G.sum(axis=0)


MISTAKES = (
    per_sample_wrong_axis(lambda args: (len(args["X"]), len(args["W"]))),
    Mistake("classes_from_labels", "the number of classes was taken from the labels, not from W",
            "k is the number of rows of W, even when a class has no sample in the batch (as a small "
            "mini-batch often has): make the one-hot targets with len(W) columns, not y.max() + 1 "
            "or the classes present in y.",
            _classes_from_labels, on_error=True),
    Mistake("global_shift", "the logits were shifted by the batch's largest logit, not by each row's own",
            "A sample whose logits all lie far below the batch's largest underflows to exp = 0 in every "
            "entry, and 0 / 0 is NaN (which X then spreads to every entry of the gradient). Shift each "
            "row by its own maximum, as in chapter 1.",
            like(_globally_shifted_regression)),
    Mistake("no_max_shift", "the softmax overflowed or underflowed on extreme logits",
            "With logits near 1000, exp overflows to inf and inf / inf is NaN (near -1000 every exp "
            "is 0, and 0 / 0 is NaN); the max-shift of chapter 1 makes every exp at most 1.",
            non_finite_on_extreme),
    Mistake("clipped_logits", "the logits were clipped, which changes the softmax",
            CLIPPED_HINT, lambda run: matches_clipped(run, _clipped_gradients)),
    Mistake("missing_1_over_n", "the gradient is n times too large (the sum, not the mean)",
            "The objective is the mean of the n losses, so its gradient carries a factor 1/n.",
            like(lambda W, b, X, y: tuple(len(X) * g for g in _softmax_regression_reference(W, b, X, y)))),
    Mistake("transposed_weights", "grad_W is transposed",
            "W has shape (k, d) (scikit-learn's coef_ layout: one row per class), and so does its "
            "gradient; the scores are X @ W.T + b.",
            like(lambda W, b, X, y: (softmax_objective(W, b, X, y)[1].T, softmax_objective(W, b, X, y)[2]))),
    Mistake("bias_wrong_axis", "grad_b was summed over the wrong axis",
            "grad_b has one entry per class, shape (k,): sum (P - Y) / n over the samples, axis 0. "
            "Summed over the classes, each row of P - Y gives 0.",
            like(_bias_wrong_axis)),
    Mistake("bias_keepdims", "grad_b has shape (1, k): drop keepdims",
            "The sum over the samples is right, but the contract (like b itself) has shape (k,): sum "
            "over axis 0 without keepdims=True, or flatten the result.",
            like(_bias_keepdims)),
    Mistake("bias_not_summed", "grad_b was not summed over the samples",
            "Each sample contributes its row of (P - Y) / n to the bias gradient; grad_b, shape (k,), is "
            "their sum over axis 0.",
            _bias_not_summed),
    Mistake("no_onehot", "the one-hot targets are missing",
            "Chapter 1's gradient with respect to the logits is P - Y; the linear map pulls it back "
            "to W and b.",
            like(_no_onehot_regression)),
)


def check(fn):
    """Check ``fn(W, b, X, y)`` against ``helpers.linear.softmax_objective``'s gradient."""
    return run_exercise(fn, Spec(
        "softmax_regression_grad", 4, _softmax_regression_reference, "helpers.linear.softmax_objective",
        _softmax_regression_cases, MISTAKES,
        "With G = (softmax(X @ W.T + b) - Y) / n: grad_W pulls G back through the scores, grad_b sums it "
        "over the samples.",
        rtol=1e-6, atol=1e-9, outputs=("grad_W", "grad_b"), bench=_softmax_regression_bench))


# The typical mistake the static book shows under the exercise: written as a learner might,
# and run through check() while the book is built (helpers.selfcheck), so that the page shows
# what the check really says to it; tests/test_your_turn_static.py asserts it gets its
# named mistake.
def my_softmax_regression_grad(W, b, X, y):
    logits = X @ W.T + b
    P = np.exp(logits - logits.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    P[np.arange(len(y)), y] -= 1.0
    return P.T @ X, P.sum(axis=0)  # the sum over the samples: no 1/n


TYPICAL_MISTAKE = (my_softmax_regression_grad, "missing_1_over_n")
