"""What several self-check exercises share: seeded generators, one-hot rows, mistake models (private)."""

import numpy as np

from ._selfcheck_runner import Mistake


def seeded(seed):
    return np.random.default_rng(seed)


def onehot(labels, n_classes):
    return (np.asarray(labels)[:, None] == np.arange(n_classes)).astype(np.float64)


CS231N_SCORES = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
CS231N_LABELS = np.array([0, 1, 2])
# The first case is not square (2 samples, 3 classes): there, true scores of shape (n,) subtracted
# from the (n, k) scores without making them a column raise instead of lining up with the classes.
FIRST_TWO_SCORES, FIRST_TWO_LABELS = CS231N_SCORES[:2], CS231N_LABELS[:2]


def globally_shifted_softmax(logits):
    """The max-shift done with the batch's largest logit instead of each row's own (a mistake model)."""
    e = np.exp(logits - np.max(logits))
    return e / e.sum(axis=1, keepdims=True)


def non_finite_on_extreme(run):
    got = run.got if not isinstance(run.got, tuple) else np.concatenate([g.ravel() for g in run.got])
    return run.case.extreme and not np.isfinite(got).all()


def margins(scores, labels):
    """s_j - s_y + 1 for every class j, the true class included."""
    return scores - scores[np.arange(len(labels)), labels][:, None] + 1.0


def _true_scores_wrong_axis(run):
    """The (n,) true scores were subtracted from the (n, k) scores as a row: NumPy raised."""
    n, k = np.shape(run.case.args["scores"])
    message = str(run.error)
    return (isinstance(run.error, ValueError) and n != k and "broadcast" in message
            and f"({n},{k})" in message and f"({n},)" in message)


TRUE_SCORES_WRONG_AXIS = Mistake(
    "true_scores_wrong_axis", "the true-class scores were lined up with the classes, not with the samples",
    "scores[rows, labels] has shape (n,). Subtracted from the (n, k) scores, NumPy lines it up with "
    "the last axis, the classes: that raises when n != k and silently gives wrong numbers when n == k. "
    "Make it a column, shape (n, 1), with [:, None].",
    _true_scores_wrong_axis, on_error=True)

