"""The self-check of chapter 3: multiclass_hinge_grad(scores, labels), the (n, k) subgradient (private).

Its cases and its table of known mistakes; the engine is :mod:`helpers._selfcheck_runner`.
The mistake models are wrong on purpose, so that the check can recognise them.
"""

import numpy as np

from ._selfcheck_runner import Case, Mistake, Spec, like, run_exercise, values_mismatch
from ._selfcheck_shared import (
    FIRST_TWO_LABELS, FIRST_TWO_SCORES, CS231N_LABELS, CS231N_SCORES, TRUE_SCORES_WRONG_AXIS,
    hinge_extra_cases, margins, seeded)
from .gradcheck import numerical_gradient
from .losses import multiclass_hinge, multiclass_hinge_grad


# multiclass_hinge_grad: fn(scores, labels) -> (n, k) subgradient


def _hinge_grad_numerically(scores, labels):
    return numerical_gradient(lambda s: np.sum(multiclass_hinge(s, labels)), scores)


def _hinge_grad_cases():
    rng = seeded(9)
    scores, labels = rng.normal(scale=2.0, size=(6, 4)), rng.integers(0, 4, size=6)
    # a numerical gradient is only meaningful away from the kinks: no term within 1e-3 of 0
    small, small_labels = np.array([[0.3, 1.9, -0.6, 1.1], [2.5, 0.2, 1.8, -1.0]]), np.array([1, 3])
    return [
        Case("CS231n's first two samples (2 samples, 3 classes)",
             {"scores": FIRST_TWO_SCORES, "labels": FIRST_TWO_LABELS},
             multiclass_hinge_grad(FIRST_TWO_SCORES, FIRST_TWO_LABELS)),
        Case("CS231n's three samples", {"scores": CS231N_SCORES, "labels": CS231N_LABELS},
             multiclass_hinge_grad(CS231N_SCORES, CS231N_LABELS)),
        Case("random scores (seed 9), 6 samples, 4 classes", {"scores": scores, "labels": labels},
             multiclass_hinge_grad(scores, labels)),
        Case("fixed scores against a numerical gradient (away from the kinks)",
             {"scores": small, "labels": small_labels}, _hinge_grad_numerically(small, small_labels)),
        *hinge_extra_cases(multiclass_hinge_grad, 109),
        Case("a rival 2**-30 inside the margin (its term is 2**-30 > 0: active) and one 2**-40 outside it "
             "(its term is -2**-40 < 0: inactive); both exactly representable",
             {"scores": _NEAR_KINK, "labels": _NEAR_KINK_LABELS},
             multiclass_hinge_grad(_NEAR_KINK, _NEAR_KINK_LABELS), extreme=True,
             shown={"scores": "[[2, 1 + 2**-30, 0.5], [0, 3, 2 - 2**-40]]"}),
    ]


# Terms a hair from the kink, computed exactly in any order: (1 + 2**-30) - 2 + 1 = 2**-30 and
# (2 - 2**-40) - 3 + 1 = -2**-40, with no round-off.
_NEAR_KINK = np.array([[2.0, 1.0 + 2.0 ** -30, 0.5], [0.0, 3.0, 2.0 - 2.0 ** -40]])
_NEAR_KINK_LABELS = np.array([0, 1])


def _hinge_bench():
    rng = seeded(8)
    return "2000 samples, 10 classes", {"scores": rng.normal(size=(2000, 10)), "labels": rng.integers(0, 10, 2000)}


def _active(scores, labels):
    """1 where a rival is within the margin (the true class's own entry is 0)."""
    active = (margins(scores, labels) > 0).astype(np.float64)
    active[np.arange(len(labels)), labels] = 0.0
    return active


def _true_class_counted_grad(scores, labels):
    grad = multiclass_hinge_grad(scores, labels)
    grad[np.arange(len(labels)), labels] -= 1.0
    return grad


def _kink_counted_grad(scores, labels):
    active = (margins(scores, labels) >= 0).astype(np.float64)  # a rival exactly at the margin counts
    active[np.arange(len(labels)), labels] = 0.0
    grad = active.copy()
    grad[np.arange(len(labels)), labels] = -active.sum(axis=1)
    return grad


def _with_tolerance(run):
    """Active decided with a tolerance: v > tol (a tiny positive term dropped) or v > -tol (a tiny
    negative one counted), for the tolerances a reader might pick (np.isclose's is 1e-8)."""
    from ._selfcheck_runner import close

    scores, labels = np.asarray(run.case.args["scores"], dtype=np.float64), run.case.args["labels"]
    rows = np.arange(len(labels))
    v = margins(scores, labels)
    for tol in (1e-12, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6):
        for active in (v > tol, v > -tol):
            active[rows, labels] = False
            grad = active.astype(np.float64)
            grad[rows, labels] = -active.sum(axis=1)
            if not close(grad, run.case.expected, RTOL, ATOL) and close(run.got, grad, RTOL, ATOL):
                return True
    return False


def _no_clipping_grad(scores, labels):
    grad = np.ones_like(scores)
    grad[np.arange(len(labels)), labels] = -(scores.shape[1] - 1)
    return grad


def _values_problem(got, expected, case):
    """The default comparison; values wrong only at the kinks get the kink rule as their hint."""
    problem = values_mismatch(got, expected, RTOL, ATOL)
    if problem is None:
        return None
    scores, labels = np.asarray(case.args["scores"], dtype=np.float64), case.args["labels"]
    rows = np.arange(len(labels))
    at_kink = margins(scores, labels) == 0
    at_kink[rows, labels] = False
    touched = at_kink.copy()
    touched[rows, labels] = at_kink.any(axis=1)  # the true class's entry counts the kinked rivals too
    wrong = ~np.isclose(got, expected, rtol=RTOL, atol=ATOL)
    if at_kink.any() and not (wrong & ~touched).any():
        return problem._replace(text=problem.text + ", and only where a term is exactly at its kink",
                                hint=_KINK_HINT)
    return problem


_KINK_HINT = ("Your values differ only where a term s_j - s_y + 1 is exactly 0, a kink of max(0, .): there any "
              "slope from 0 to 1 is a subgradient, and the contract chooses 0. A term exactly at its kink "
              "counts as inactive (> 0, not >= 0, and no halves).")
RTOL, ATOL = 1e-7, 1e-9


MISTAKES = (
    TRUE_SCORES_WRONG_AXIS,
    Mistake("no_true_class_term", "the true class's entry is missing",
            "s_y appears (with a minus sign) in every active term: its entry is minus the number "
            "of active rivals.",
            like(_active)),
    Mistake("true_class_counted", "the true class was counted as one of its own rivals",
            "Its own term s_y - s_y + 1 is not part of the loss, so it must not add to the count "
            "at the true class.",
            like(_true_class_counted_grad)),
    Mistake("no_clipping", "every rival contributes, even those beaten by more than the margin",
            "A term max(0, m) has slope 0 where m < 0: only rivals within the margin count.",
            like(_no_clipping_grad)),
    Mistake("kink_counted_active", "a rival exactly at the margin was counted as active",
            "Where s_j - s_y + 1 is exactly 0 the term max(0, .) has a kink, and the contract "
            "(helpers.losses.multiclass_hinge_grad, as the chapter's formula) counts it as inactive: "
            "a rival counts when its term is > 0, not >= 0.",
            like(_kink_counted_grad)),
    Mistake("tolerance_at_the_kink", "a term near 0 but not at it was treated as if at the kink",
            "The contract compares each term s_j - s_y + 1 with 0 exactly: a term of 2**-30 is positive, so "
            "that rival is active, and a term of -2**-40 is negative, so it is not. np.isclose(v, 0), any "
            "tolerance, or float32 scores (1 + 2**-30 rounds to 1 in float32) move such terms to the wrong "
            "side; only an exact 0 is the kink.",
            _with_tolerance),
    Mistake("crammer_singer", "only the strongest rival contributes (Crammer-Singer)",
            "Weston-Watkins sums over every rival within the margin; a +1 at the largest rival "
            "alone is the Crammer-Singer subgradient.",
            like(lambda scores, labels: multiclass_hinge_grad(scores, labels, variant="crammer-singer"))),
    Mistake("flipped_sign", "the sign is flipped",
            "Raising a rival's score raises the loss: its entry is +1, the true class's negative.",
            like(lambda scores, labels: -multiclass_hinge_grad(scores, labels))),
)


def check(fn):
    """Check ``fn(scores, labels)`` against ``helpers.losses.multiclass_hinge_grad``."""
    return run_exercise(fn, Spec(
        "multiclass_hinge_grad", 3, multiclass_hinge_grad, "helpers.losses.multiclass_hinge_grad",
        _hinge_grad_cases, MISTAKES,
        "Each active term max(0, s_j - s_y + 1) adds +1 at class j and -1 at the true class.",
        rtol=RTOL, atol=ATOL, values_problem=_values_problem, dtypes="real", bench=_hinge_bench))


# The typical mistake the static book shows under the exercise: written as a learner might,
# and run through check() while the book is built (helpers.selfcheck), so that the page shows
# what the check really says to it; tests/test_your_turn_static.py asserts it gets its
# named mistake.
def my_multiclass_hinge_grad(scores, labels):
    rows = np.arange(len(labels))
    v = scores - scores[rows, labels][:, None] + 1.0
    v[rows, labels] = 0.0
    return (v > 0).astype(float)  # the rivals' +1, but not the true class's -count


TYPICAL_MISTAKE = (my_multiclass_hinge_grad, "no_true_class_term")
