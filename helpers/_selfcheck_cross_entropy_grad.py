"""The self-check of chapter 1: cross_entropy_grad(logits, labels), the (n, k) per-sample gradient (private).

Its cases and its table of known mistakes; the engine is :mod:`helpers._selfcheck_runner`.
The mistake models are wrong on purpose, so that the check can recognise them.
"""

import numpy as np

from ._selfcheck_runner import Case, Mistake, Spec, like, run_exercise, values_mismatch
from ._selfcheck_shared import (
    CLIPPED_HINT, GAP_LABELS as _GAP_LABELS, GAPS as _GAPS, clipped_logits, globally_shifted_softmax, matches_clipped, non_finite_on_extreme, onehot,
    per_sample_wrong_axis, seeded)
from .activations import _softmax
from .gradcheck import numerical_gradient
from .losses import cross_entropy, cross_entropy_grad


# cross_entropy_grad: fn(logits, labels) -> (n, k) per-sample gradient


def _ce_grad_numerically(logits, labels):
    """Row i is the gradient of sample i's loss; samples do not interact, so it is the gradient of the sum."""
    return numerical_gradient(lambda z: np.sum(cross_entropy(z, labels)), logits)


_RANDOM_SEED, _RANDOM_CASES = 102, 3


def _random_cases():
    """The seeded random layer: n from 1 to 5 samples, k from 2 to 5 classes, logits up to about +-300."""
    rng = seeded(_RANDOM_SEED)
    cases = []
    for number in range(1, _RANDOM_CASES + 1):
        n, k = int(rng.integers(1, 6)), int(rng.integers(2, 6))
        scale = float(rng.choice([1.0, 30.0, 300.0]))
        logits, labels = rng.normal(scale=scale, size=(n, k)), rng.integers(0, k, size=n)
        cases.append(Case(f"random case {number} of {_RANDOM_CASES} (seed {_RANDOM_SEED}): {n} samples, "
                          f"{k} classes, logits of scale {scale:g}", {"logits": logits, "labels": labels},
                          cross_entropy_grad(logits, labels), extreme=scale > 100))
    return cases


def _cross_entropy_grad_cases():
    rng = seeded(3)
    random_logits, random_labels = rng.normal(scale=2.0, size=(5, 4)), rng.integers(0, 4, size=5)
    small_logits, small_labels = rng.normal(size=(3, 4)), np.array([3, 0, 1])
    extreme = np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -1000.0], [0.0, 1000.0, 1000.0]])
    extreme_labels = np.array([0, 1, 2])
    # every logit far below 0: no exp overflows, so a shift done only "when needed" (some logit large)
    # is skipped, and every exp underflows to 0
    negative = np.array([[-1000.0, -999.0, -1003.0], [-800.0, -1000.0, -799.5]])
    negative_labels = np.array([1, 2])
    # confidently wrong: the true class's logit far below a rival's, so a shift by the true
    # class's own logit (instead of the row's largest) overflows
    wrong_way = np.array([[1000.0, -1000.0, 0.0], [0.0, 800.0, -200.0]])
    wrong_way_labels = np.array([1, 2])
    return [
        Case("a fixed batch of 2 samples, 3 classes",
             {"logits": np.array([[1.0, 2.0, 3.0], [1.0, 0.0, -1.0]]), "labels": np.array([2, 0])},
             cross_entropy_grad([[1.0, 2.0, 3.0], [1.0, 0.0, -1.0]], [2, 0])),
        Case("random logits (seed 3), 5 samples, 4 classes",
             {"logits": random_logits, "labels": random_labels}, cross_entropy_grad(random_logits, random_labels)),
        Case("random logits against a numerical gradient (central differences)",
             {"logits": small_logits, "labels": small_labels}, _ce_grad_numerically(small_logits, small_labels)),
        Case("logits of 60 and 1000 with a rival 5 or 3 below, and gaps of 57 to 1000 to the rest",
             {"logits": _GAPS, "labels": _GAP_LABELS}, cross_entropy_grad(_GAPS, _GAP_LABELS), extreme=True),
        Case("extreme logits (+-1000)", {"logits": extreme, "labels": extreme_labels},
             cross_entropy_grad(extreme, extreme_labels), extreme=True),
        Case("a batch whose logits are all very negative (from -1003 to -799.5): unshifted, every exp underflows to 0",
             {"logits": negative, "labels": negative_labels}, cross_entropy_grad(negative, negative_labels),
             extreme=True),
        Case("confidently wrong samples: a rival 2000 and 1000 above the true class's logit",
             {"logits": wrong_way, "labels": wrong_way_labels}, cross_entropy_grad(wrong_way, wrong_way_labels),
             extreme=True),
        Case("one sample of 2 classes", {"logits": np.array([[0.5, -0.5]]), "labels": np.array([0])},
             cross_entropy_grad([[0.5, -0.5]], [0])),
        *_random_cases(),
    ]


def _cross_entropy_grad_bench():
    rng = seeded(4)
    return "1000 samples, 10 classes", {"logits": rng.normal(size=(1000, 10)), "labels": rng.integers(0, 10, 1000)}


def _clipped_gradients(args):
    for clipped in clipped_logits(args["logits"]):
        yield _softmax(clipped, axis=1) - onehot(args["labels"], clipped.shape[1])


RTOL, ATOL = 1e-7, 1e-10

_CLOSE_HINT = ("The values are close, but not within the check's relative 1e-7: something costs accuracy. "
               "float32 arithmetic keeps only about 7 digits (a float32 copy of the logits, or of their "
               "exps), and a clip of the shifted logits or of the probabilities changes the tiny ones. "
               "Compute in float64, unclipped.")


def _values_problem(got, expected, case):
    """The default comparison; values within a relative 1e-4 get a hint at what costs digits."""
    problem = values_mismatch(got, expected, RTOL, ATOL)
    if problem is not None and np.allclose(got, expected, rtol=1e-4, atol=1e-8):
        return problem._replace(hint=_CLOSE_HINT)
    return problem


MISTAKES = (
    per_sample_wrong_axis(lambda args: np.shape(args["logits"])),
    Mistake("global_shift", "the logits were shifted by the batch's largest logit, not by each row's own",
            "Subtracting the same number from every logit of a sample leaves its softmax unchanged, but "
            "it has to be that sample's own largest logit: a row whose logits all lie far below the "
            "batch's largest underflows, every exp is 0, and 0 / 0 is NaN. Shift each row by its own "
            "maximum (axis=1, keepdims=True).",
            like(lambda logits, labels: globally_shifted_softmax(logits) - onehot(labels, logits.shape[1]))),
    Mistake("no_max_shift", "the softmax overflowed or underflowed on extreme logits",
            "exp(1000) is inf in float64, and inf / inf is NaN; exp(-1000) is 0, and 0 / 0 is NaN. "
            "Softmax does not change when the same number is subtracted from every logit of a sample: "
            "choose it so that no exp overflows and the largest one is exp(0) = 1.",
            non_finite_on_extreme),
    Mistake("clipped_logits", "the logits were clipped, which changes the softmax",
            CLIPPED_HINT, lambda run: matches_clipped(run, _clipped_gradients)),
    Mistake("no_onehot", "the one-hot target is missing",
            "The gradient of -log p_y with respect to the logits is p minus the one-hot target: "
            "the true class's entry needs the extra -1.",
            like(lambda logits, labels: _softmax(logits, axis=1))),
    Mistake("wrong_axis", "the softmax was taken over the wrong axis",
            "Samples are rows and classes are columns: each sample's probabilities must sum to 1 "
            "over its classes (axis 1), not over the batch.",
            like(lambda logits, labels: _softmax(logits, axis=0) - onehot(labels, logits.shape[1]))),
    Mistake("mean_not_per_sample", "this is the gradient of the mean loss, not of each sample's loss",
            "The contract asks for each sample's own gradient (row i belongs to loss i); the 1/n "
            "of the mean belongs to whoever averages the losses.",
            like(lambda logits, labels: cross_entropy_grad(logits, labels) / len(labels))),
    Mistake("flipped_sign", "the sign is flipped",
            "The loss falls when the true class's logit rises, so that entry of the gradient is negative.",
            like(lambda logits, labels: -cross_entropy_grad(logits, labels))),
)


def check(fn):
    """Check ``fn(logits, labels)`` against ``helpers.losses.cross_entropy_grad``."""
    return run_exercise(fn, Spec(
        "cross_entropy_grad", 1, cross_entropy_grad, "helpers.losses.cross_entropy_grad",
        _cross_entropy_grad_cases, MISTAKES,
        "Each row is softmax(logits[i]) minus the one-hot target of labels[i].",
        rtol=RTOL, atol=ATOL, values_problem=_values_problem, bench=_cross_entropy_grad_bench))


# The typical mistake the static book shows under the exercise: written as a learner might,
# and run through check() while the book is built (helpers.selfcheck), so that the page shows
# what the check really says to it; tests/test_your_turn_static.py asserts it gets its
# named mistake.
def my_cross_entropy_grad(logits, labels):
    p = np.exp(logits)  # no max shift: exp(1000) overflows to inf
    p = p / p.sum(axis=1, keepdims=True)
    p[np.arange(len(labels)), labels] -= 1.0
    return p


TYPICAL_MISTAKE = (my_cross_entropy_grad, "no_max_shift")
