"""The self-check of chapter 3: multiclass_hinge(scores, labels), the (n,) Weston-Watkins losses (private).

Its cases and its table of known mistakes; the engine is :mod:`helpers._selfcheck_runner`.
The mistake models are wrong on purpose, so that the check can recognise them.
"""

import numpy as np

from ._selfcheck_runner import Case, Mistake, Spec, like, run_exercise
from ._selfcheck_shared import (
    FIRST_TWO_LABELS, FIRST_TWO_SCORES, CS231N_LABELS, CS231N_SCORES, TRUE_SCORES_WRONG_AXIS,
    hinge_extra_cases, margins, seeded)
from .losses import multiclass_hinge


def _hinge_cases():
    rng = seeded(7)
    scores, labels = rng.normal(scale=2.0, size=(6, 4)), rng.integers(0, 4, size=6)
    satisfied = np.array([[3.0, 1.0, 0.5], [0.0, 5.0, 4.0]])
    return [
        Case("CS231n's first two samples (2 samples, 3 classes)",
             {"scores": FIRST_TWO_SCORES, "labels": FIRST_TWO_LABELS},
             multiclass_hinge(FIRST_TWO_SCORES, FIRST_TWO_LABELS)),
        Case("CS231n's three samples", {"scores": CS231N_SCORES, "labels": CS231N_LABELS},
             multiclass_hinge(CS231N_SCORES, CS231N_LABELS)),
        Case("random scores (seed 7), 6 samples, 4 classes", {"scores": scores, "labels": labels},
             multiclass_hinge(scores, labels)),
        Case("samples whose true class wins by the margin or more (one rival exactly at the margin)",
             {"scores": satisfied, "labels": np.array([0, 1])}, multiclass_hinge(satisfied, [0, 1]), extreme=True),
        *hinge_extra_cases(multiclass_hinge, 107),
    ]


def _hinge_bench():
    rng = seeded(8)
    return "2000 samples, 10 classes", {"scores": rng.normal(size=(2000, 10)), "labels": rng.integers(0, 10, 2000)}


MISTAKES = (
    TRUE_SCORES_WRONG_AXIS,
    Mistake("mean_not_per_sample", "one number for the whole batch instead of one loss per sample",
            "The contract asks for each sample's loss, shape (n,); averaging is a separate step.",
            like(lambda scores, labels: multiclass_hinge(scores, labels).mean())),
    Mistake("true_class_counted", "the true class was counted as a rival",
            "The sum runs over j != y: the true class's own term max(0, s_y - s_y + 1) = 1 must not "
            "be added.",
            like(lambda scores, labels: multiclass_hinge(scores, labels) + 1.0)),
    Mistake("no_clipping", "the terms were not clipped at zero",
            "A rival that is already beaten by more than the margin costs nothing: each term is "
            "max(0, ...), never negative.",
            like(lambda scores, labels: margins(scores, labels).sum(axis=1) - 1.0)),
    Mistake("crammer_singer", "only the strongest rival pays (Crammer-Singer)",
            "Weston-Watkins sums over every rival that comes within the margin; taking only the "
            "largest rival is the Crammer-Singer loss (scikit-learn's hinge_loss).",
            like(lambda scores, labels: multiclass_hinge(scores, labels, variant="crammer-singer"))),
    Mistake("no_margin", "the margin is missing",
            "The true class must win by the margin delta = 1, not just win: each term is "
            "max(0, s_j - s_y + 1).",
            like(lambda scores, labels: multiclass_hinge(scores, labels, delta=0.0))),
)


def check(fn):
    """Check ``fn(scores, labels)`` against ``helpers.losses.multiclass_hinge``."""
    return run_exercise(fn, Spec(
        "multiclass_hinge", 3, multiclass_hinge, "helpers.losses.multiclass_hinge",
        _hinge_cases, MISTAKES,
        "Sample i pays max(0, s_j - s_y + 1) for every class j other than its true class y.",
        rtol=1e-10, atol=1e-12, bench=_hinge_bench))


# The typical mistake the static book shows under the exercise: written as a learner might,
# and run through check() while the book is built (helpers.selfcheck), so that the page shows
# what the check really says to it; tests/test_your_turn_static.py asserts it gets its
# named mistake.
def my_multiclass_hinge(scores, labels):
    true_scores = scores[np.arange(len(labels)), labels]
    terms = np.maximum(0.0, scores - true_scores[:, None] + 1.0)
    return terms.sum(axis=1)  # the true class's own term, max(0, 1) = 1, is in the sum


TYPICAL_MISTAKE = (my_multiclass_hinge, "true_class_counted")
