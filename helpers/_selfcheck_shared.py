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


def per_sample_wrong_axis(sizes):
    """A mistake: an (n,) per-sample value (a row's max or sum) lined up with the classes; NumPy raised.

    ``sizes(args) -> (n, k)``: the number of samples and of classes of the case.
    """

    def matches(run):
        n, k = sizes(run.case.args)
        message = str(run.error)
        return (isinstance(run.error, ValueError) and n != k and "broadcast" in message
                and f"({n},{k})" in message and f"({n},)" in message)

    return Mistake(
        "per_sample_wrong_axis", "a value per sample (shape (n,)) was lined up with the classes",
        "A reduction over each row, such as logits.max(axis=1) or a row sum, has shape (n,). Combined "
        "with an (n, k) array, NumPy lines it up with the last axis, the classes: that raises when "
        "n != k and silently gives wrong numbers when n == k. Keep the axis: keepdims=True (or [:, None]).",
        matches, on_error=True)


TRUE_SCORES_WRONG_AXIS = Mistake(
    "true_scores_wrong_axis", "the true-class scores were lined up with the classes, not with the samples",
    "scores[rows, labels] has shape (n,). Subtracted from the (n, k) scores, NumPy lines it up with "
    "the last axis, the classes: that raises when n != k and silently gives wrong numbers when n == k. "
    "Make it a column, shape (n, 1), with [:, None].",
    _true_scores_wrong_axis, on_error=True)



# Gaps far beyond any clipping a learner might add: logits of 60 and 1000 with a close rival,
# and rows whose largest logit is 57 to 1000 above the rest, with the true class on either side.
GAPS = np.array([[60.0, 55.0, 0.0], [1000.0, 997.0, 0.0], [0.0, -60.0, -57.0], [-1000.0, 0.0, -1000.0]])
GAP_LABELS = np.array([1, 0, 2, 1])


# Limits a reader may clip logits to, "to keep exp finite": the round ones, and float64's
# exp overflow threshold (about 709.78) rounded down.
CLIP_LIMITS = (10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 80.0, 88.0, 100.0, 200.0, 300.0, 500.0, 700.0, 709.0)


def clipped_logits(logits):
    """The logits as a reader who clips them sees them: clip(z, -c, c) or min(z, c), for every c listed."""
    logits = np.asarray(logits, dtype=np.float64)
    for c in CLIP_LIMITS:
        yield np.clip(logits, -c, c)
        yield np.minimum(logits, c)


def matches_clipped(run, gradient_of, rtol=1e-3, atol=1e-6):
    """The reader's output is ``gradient_of(clipped logits)`` for a clip limit that changes the answer."""
    from ._selfcheck_runner import close

    expected = run.case.expected
    for clipped in gradient_of(run.case.args):
        if not close(clipped, expected, rtol, atol) and close(run.got, clipped, rtol, atol):
            return True
    return False


CLIPPED_HINT = ("Clipping keeps exp finite, but a softmax depends on the differences between a sample's "
                "logits: clipped to 50, logits 60 and 55 both become 50, and two probabilities of 0.993 "
                "and 0.007 become 0.5 and 0.5. Subtracting each row's largest logit keeps every exp at "
                "most 1 without changing the softmax.")


def hinge_extra_cases(answer, seed, extreme_label="scores"):
    """The hinge exercises' cases beyond CS231n's: satisfied margins, kinks, ties, gaps, a random layer.

    ``answer(scores, labels)`` is the helper whose output each case expects.
    """
    from ._selfcheck_runner import Case

    beaten = np.array([[3.0, 1.0, 0.5], [0.0, 5.0, 3.5]])
    kink = np.array([[0.0, 5.0, 4.0], [2.5, 1.5, -3.0]])
    ties = np.array([[2.0, 2.0, 1.5], [1.0, 1.0, -4.0]])
    fixed = [
        ("every rival beaten by more than the margin (all terms below 0)", beaten, np.array([0, 1])),
        ("a rival exactly at the margin in each sample (s_j - s_y + 1 = 0: a kink, where the contract "
         "counts the term as inactive)", kink, np.array([1, 0])),
        ("ties: in each sample a rival with the same score as the true class (a term of exactly 1)", ties,
         np.array([0, 1])),
        (f"{extreme_label} of 60 and 1000 with a rival 5 or 3 below, and gaps of 57 to 1000 to the rest",
         GAPS, GAP_LABELS),
    ]
    cases = [Case(label, {"scores": scores.copy(), "labels": labels.copy()}, answer(scores, labels), extreme=True)
             for label, scores, labels in fixed]
    rng = np.random.default_rng(seed)
    for number in range(1, 4):
        n, k = int(rng.integers(1, 7)), int(rng.integers(2, 6))
        integer = number == 3  # whole-number scores: ties and kinks are likely
        scores = rng.integers(-3, 4, size=(n, k)).astype(np.float64) if integer else rng.normal(
            scale=float(rng.choice([0.5, 2.0, 100.0])), size=(n, k))
        labels = rng.integers(0, k, size=n)
        kind = "random scores"
        if integer:
            m = margins(scores, labels)
            m[np.arange(n), labels] = np.nan  # the true class is no rival of its own
            kind = (f"whole-number scores from -3 to 3 ({_count(int(np.sum(m == 1)), 'tie')}, "
                    f"{_count(int(np.sum(m == 0)), 'kink')})")
        cases.append(Case(f"random case {number} of 3 (seed {seed}): {_count(n, 'sample')}, "
                          f"{_count(k, 'class', 'classes')}, {kind}",
                          {"scores": scores, "labels": labels}, answer(scores, labels)))
    return cases


def _count(number, one, many=None):
    return f"{number} {one if number == 1 else many or one + 's'}"
