"""The eight self-check exercises: their cases and their tables of known mistakes (private).

One section per exercise, in chapter order. Each has

* ``_<id>_cases()``: small fixed inputs, seeded random ones and the chapter's extremes, each
  with its right answer from the helper (and, for gradients, one case whose answer is a
  numerical gradient, so the helper itself is double-checked);
* a table of mistakes, most specific first: what the chapter warns about, each recognised
  by a *mistake model* (the wrong implementation written out, see ``like``) or a property;
* ``check_<id>(fn)``, which runs them through :func:`helpers._selfcheck_runner.run_exercise`.

The mistake models are wrong on purpose. They are here so that the checker can recognise
them; they are not the way to write anything.
"""

import re

import numpy as np

from ._selfcheck_runner import Case, Mistake, Problem, Spec, close, like, run_exercise, values_mismatch
from .activations import _log_sigmoid, _softmax
from .gradcheck import GOOD, numerical_gradient
from .linear import softmax_objective
from .losses import cross_entropy, cross_entropy_grad, multiclass_hinge, multiclass_hinge_grad
from .pca import SnapshotPCA
from .ragged import class_centroids


def _rng(seed):
    return np.random.default_rng(seed)


def _onehot(labels, n_classes):
    return (np.asarray(labels)[:, None] == np.arange(n_classes)).astype(np.float64)


# ============================================================================ chapter 1
# numerical_gradient: fn(f, x) -> central-difference gradient, shaped like x


class _RecordingFunction:
    """A scalar function of ``x`` that remembers every point it was called at."""

    def __init__(self, func, description):
        self.func, self.description, self.points = func, description, []

    def __call__(self, point):
        self.points.append(np.array(point, copy=True))
        return self.func(point)

    def __repr__(self):
        return self.description


def _sum_of_squares(x):
    return np.sum(x ** 2)


def _sum_of_cubes(x):
    return np.sum(x ** 3)


def _sines_and_square_of_sum(x):
    return np.sum(np.sin(x)) + 0.5 * np.sum(x) ** 2


_CE_LABELS = np.array([0, 2])


def _mean_cross_entropy(x):
    return np.mean(cross_entropy(x, _CE_LABELS))


def _numerical_gradient_cases():
    x_random = _rng(1).normal(size=(3, 2))
    logits = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]])
    return [
        Case("f(x) = sum(x**2) at a float x",
             {"f": _RecordingFunction(_sum_of_squares, "f(x) = sum(x**2)"), "x": np.array([1.0, 2.0, 3.0])},
             np.array([2.0, 4.0, 6.0])),
        Case("the mean cross-entropy of 2 samples with labels [0, 2] (x are their logits, shape (2, 3))",
             {"f": _RecordingFunction(_mean_cross_entropy, "f(x) = cross_entropy(x, [0, 2]).mean()"), "x": logits},
             cross_entropy_grad(logits, _CE_LABELS) / 2),
        Case("an integer x",
             {"f": _RecordingFunction(_sum_of_cubes, "f(x) = sum(x**3)"), "x": np.array([1, 2, 3])},
             np.array([3.0, 12.0, 27.0]), extreme=True),
        Case("a random x of shape (3, 2) (seed 1)",
             {"f": _RecordingFunction(_sines_and_square_of_sum, "f(x) = sum(sin(x)) + sum(x)**2 / 2"),
              "x": x_random},
             np.cos(x_random) + np.sum(x_random)),
    ]


def _numerical_gradient_bench():
    return "f(x) = sum(sin(x)) + sum(x)**2 / 2 at a random x of 200 entries", {
        "f": _sines_and_square_of_sum, "x": _rng(2).normal(size=200)}


# A coordinate counts as moved when it differs from x by more than round-off: restoring it by
# arithmetic (x[i] += h; ...; x[i] -= 2 * h; ...; x[i] += h) may leave a difference of an ulp or
# two, and that is not a step. Any sensible step is many orders of magnitude larger.
_ROUND_OFF = 1e-12


def _displacements(run):
    """Each call of f as (x, p - x), flattened; complex where f was given a complex point."""
    x = np.asarray(run.case.args["x"], dtype=np.float64).reshape(-1)
    return x, [np.asarray(p).reshape(-1) - x for p in run.args["f"].points if np.size(p) == x.size]


def _moved(x, d):
    """Which coordinates the displacement d moved: by more than round-off, or into the complex plane."""
    return (np.abs(np.real(d)) > _ROUND_OFF * np.maximum(np.abs(x), 1.0)) | (np.imag(d) != 0)


def _moves(run):
    """How many coordinates of x each call of f had moved (integers: 0 = f(x) itself)."""
    x, displacements = _displacements(run)
    return [int(np.count_nonzero(_moved(x, d))) for d in displacements]


def _one_sided(run):
    """Some coordinate was stepped to one side only: f(x + h e_i) but never f(x - h e_i), or the reverse.

    Only calls that move a single coordinate count; a complex step (x + ih e_i) is not one-sided.
    """
    x, displacements = _displacements(run)
    up, down, imaginary = (np.zeros(x.size, dtype=bool) for _ in range(3))
    for d in displacements:
        moved = _moved(x, d)
        if np.count_nonzero(moved) != 1:
            continue
        i = int(np.flatnonzero(moved)[0])
        if np.imag(d[i]) != 0:
            imaginary[i] = True
        elif np.real(d[i]) > 0:
            up[i] = True
        else:
            down[i] = True
    return bool(((up ^ down) & ~imaginary).any())


def _integer_truncation(run):
    """Integer x, and either an integer result or f only ever called at whole-number points."""
    if run.case.args["x"].dtype.kind not in "iu":
        return False
    points = run.args["f"].points
    whole_steps = all(np.array_equal(p, np.round(p.real)) for p in points)
    return np.asarray(run.raw).dtype.kind in "iu" or (bool(points) and whole_steps)


def _all_at_once(run):
    moved = [m for m in _moves(run) if m > 0]
    return run.case.args["x"].size > 1 and bool(moved) and all(m == run.case.args["x"].size for m in moved)


def _moved_input(run):
    return "x" in run.modified or any(m > 1 for m in _moves(run))


def _off_by_two(run):
    expected = run.case.expected
    return close(run.got, 2 * expected, 1e-3, 1e-6) or close(run.got, expected / 2, 1e-3, 1e-6)


def _numerical_gradient_audit(run):
    if _moved_input(run):
        return Problem("moved_input", "f was called at points where more than one coordinate had moved")
    if _one_sided(run):
        return Problem("wrong_values", "for some coordinate i, f was called at x + h e_i but never at x - h e_i "
                                       "(or the other way round)")
    return None


_STEP_HINT = ("The values are close, but not within the check's tolerance (relative 1e-7, the chapter's GOOD): "
              "the step h decides how close a central difference gets. A large step leaves the truncation "
              "error, h^2 / 6 times the third derivative; a tiny one lets round-off, about eps |f| / (2h), take "
              "over. In float64 the best step is near the cube root of eps, about 6e-6.")


def _numerical_gradient_values(got, expected, case):
    """The default comparison at GOOD; values that are close but not that close get a hint at h."""
    problem = values_mismatch(got, expected, GOOD, 1e-10)
    if problem is not None and np.allclose(got, expected, rtol=1e-2, atol=1e-6):
        return problem._replace(hint=_STEP_HINT)
    return problem


NUMERICAL_GRADIENT_MISTAKES = (
    Mistake("integer_truncation", "the steps were truncated to integers",
            "For an integer x, x[i] + h is stored back as an integer (the step vanishes), and an "
            "integer array truncates the gradient you write into it. Work on a float copy of x.",
            _integer_truncation),
    Mistake("perturbed_all_at_once", "every coordinate was moved at once",
            "Moving x by h in every coordinate measures the change along the all-ones direction "
            "(for a softmax cross-entropy that change is 0, whatever the logits). The gradient "
            "needs one coordinate at a time: x + h e_i and x - h e_i.",
            _all_at_once),
    Mistake("moved_input", "x was not put back after each step",
            "After evaluating f at x + h e_i and x - h e_i, the coordinate must return to its "
            "original value before the next one moves (and the caller's x must not change).",
            _moved_input),
    Mistake("forward_difference", "a one-sided (forward or backward) difference, not a central one",
            "The exercise asks for the central difference (f(x + h e_i) - f(x - h e_i)) / (2h): its error "
            "shrinks like h^2, a forward difference's only like h (the chapter measures them about two "
            "orders of magnitude apart). Evaluate f on both sides of every coordinate.",
            _one_sided),
    Mistake("missing_factor_2", "the result is off by a factor of 2",
            "The central difference spans from x - h e_i to x + h e_i: a distance of 2h.",
            _off_by_two),
)


def check_numerical_gradient(fn):
    """Check ``fn(f, x)`` against the exact gradient on four functions, integer x included.

    The values must agree to a relative 1e-7 (the chapter's ``GOOD``; a central difference at the
    default step, the cube root of eps, is about a thousand times closer), and the points f was
    called at must show a central difference: every coordinate stepped to both sides.
    """
    return run_exercise(fn, Spec(
        "numerical_gradient", 1, numerical_gradient, "helpers.gradcheck.numerical_gradient",
        _numerical_gradient_cases, NUMERICAL_GRADIENT_MISTAKES,
        "Perturb one coordinate at a time by +h and -h, and divide the change of f by the distance.",
        rtol=GOOD, atol=1e-10, values_problem=_numerical_gradient_values, audit=_numerical_gradient_audit,
        bench=_numerical_gradient_bench))


# cross_entropy_grad: fn(logits, labels) -> (n, k) per-sample gradient


def _ce_grad_numerically(logits, labels):
    """Row i is the gradient of sample i's loss; samples do not interact, so it is the gradient of the sum."""
    return numerical_gradient(lambda z: np.sum(cross_entropy(z, labels)), logits)


def _cross_entropy_grad_cases():
    rng = _rng(3)
    random_logits, random_labels = rng.normal(scale=2.0, size=(5, 4)), rng.integers(0, 4, size=5)
    small_logits, small_labels = rng.normal(size=(3, 4)), np.array([3, 0, 1])
    extreme = np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -1000.0], [0.0, 1000.0, 1000.0]])
    extreme_labels = np.array([0, 1, 2])
    return [
        Case("a fixed batch of 2 samples, 3 classes",
             {"logits": np.array([[1.0, 2.0, 3.0], [1.0, 0.0, -1.0]]), "labels": np.array([2, 0])},
             cross_entropy_grad([[1.0, 2.0, 3.0], [1.0, 0.0, -1.0]], [2, 0])),
        Case("random logits (seed 3), 5 samples, 4 classes",
             {"logits": random_logits, "labels": random_labels}, cross_entropy_grad(random_logits, random_labels)),
        Case("random logits against a numerical gradient (central differences)",
             {"logits": small_logits, "labels": small_labels}, _ce_grad_numerically(small_logits, small_labels)),
        Case("extreme logits (+-1000)", {"logits": extreme, "labels": extreme_labels},
             cross_entropy_grad(extreme, extreme_labels), extreme=True),
    ]


def _cross_entropy_grad_bench():
    rng = _rng(4)
    return "1000 samples, 10 classes", {"logits": rng.normal(size=(1000, 10)), "labels": rng.integers(0, 10, 1000)}


def _globally_shifted_softmax(logits):
    """The max-shift done with the batch's largest logit instead of each row's own (a mistake model)."""
    e = np.exp(logits - np.max(logits))
    return e / e.sum(axis=1, keepdims=True)


def _non_finite_on_extreme(run):
    got = run.got if not isinstance(run.got, tuple) else np.concatenate([g.ravel() for g in run.got])
    return run.case.extreme and not np.isfinite(got).all()


CROSS_ENTROPY_GRAD_MISTAKES = (
    Mistake("global_shift", "the logits were shifted by the batch's largest logit, not by each row's own",
            "Subtracting the same number from every logit of a sample leaves its softmax unchanged, but "
            "it has to be that sample's own largest logit: a row whose logits all lie far below the "
            "batch's largest underflows, every exp is 0, and 0 / 0 is NaN. Shift each row by its own "
            "maximum (axis=1, keepdims=True).",
            like(lambda logits, labels: _globally_shifted_softmax(logits) - _onehot(labels, logits.shape[1]))),
    Mistake("no_max_shift", "the softmax overflowed or underflowed on extreme logits",
            "exp(1000) is inf in float64, and inf / inf is NaN; exp(-1000) is 0, and 0 / 0 is NaN. "
            "Softmax does not change when the same number is subtracted from every logit of a sample: "
            "choose it so that no exp overflows and the largest one is exp(0) = 1.",
            _non_finite_on_extreme),
    Mistake("no_onehot", "the one-hot target is missing",
            "The gradient of -log p_y with respect to the logits is p minus the one-hot target: "
            "the true class's entry needs the extra -1.",
            like(lambda logits, labels: _softmax(logits, axis=1))),
    Mistake("wrong_axis", "the softmax was taken over the wrong axis",
            "Samples are rows and classes are columns: each sample's probabilities must sum to 1 "
            "over its classes (axis 1), not over the batch.",
            like(lambda logits, labels: _softmax(logits, axis=0) - _onehot(labels, logits.shape[1]))),
    Mistake("mean_not_per_sample", "this is the gradient of the mean loss, not of each sample's loss",
            "The contract asks for each sample's own gradient (row i belongs to loss i); the 1/n "
            "of the mean belongs to whoever averages the losses.",
            like(lambda logits, labels: cross_entropy_grad(logits, labels) / len(labels))),
    Mistake("flipped_sign", "the sign is flipped",
            "The loss falls when the true class's logit rises, so that entry of the gradient is negative.",
            like(lambda logits, labels: -cross_entropy_grad(logits, labels))),
)


def check_cross_entropy_grad(fn):
    """Check ``fn(logits, labels)`` against ``helpers.losses.cross_entropy_grad``."""
    return run_exercise(fn, Spec(
        "cross_entropy_grad", 1, cross_entropy_grad, "helpers.losses.cross_entropy_grad",
        _cross_entropy_grad_cases, CROSS_ENTROPY_GRAD_MISTAKES,
        "Each row is softmax(logits[i]) minus the one-hot target of labels[i].",
        rtol=1e-7, atol=1e-10, bench=_cross_entropy_grad_bench))


# ============================================================================ chapter 2
# log_sigmoid: fn(z) -> log(sigmoid(z)), accurate for every finite z

_EXTREME_Z = np.array([-800.0, -745.0, -720.0, -100.0, -40.0, 20.0, 40.0, 100.0, 745.0, 800.0])


def _log_sigmoid_cases():
    random_z = np.clip(_rng(5).normal(scale=4.0, size=(2, 3)), -8, 8)
    return [
        Case("z = [-2, -1, 0, 1, 2]", {"z": np.array([-2.0, -1.0, 0.0, 1.0, 2.0])},
             _log_sigmoid(np.array([-2.0, -1.0, 0.0, 1.0, 2.0]))),
        Case("random z of shape (2, 3) (seed 5)", {"z": random_z}, _log_sigmoid(random_z)),
        Case("extreme z, from -800 to 800", {"z": _EXTREME_Z.copy()}, _log_sigmoid(_EXTREME_Z), extreme=True),
    ]


def _log_sigmoid_bench():
    return "100,000 values of z in [-50, 50]", {"z": _rng(6).uniform(-50, 50, size=100_000)}


def _lost_at_very_negative_z(run):
    z = run.case.args["z"]
    return bool((~np.isfinite(run.got) & (z < -700)).any())


def _lost_tiny_values_at_large_z(run):
    z, expected = run.case.args["z"], run.case.expected
    large = (z > 15) & (z < 700)
    wrong = ~np.isclose(run.got, expected, rtol=1e-9, atol=0)
    return bool((large & wrong).any()) and bool(np.isfinite(run.got[large]).all())


LOG_SIGMOID_MISTAKES = (
    Mistake("wrong_sign", "the sign is flipped",
            "sigmoid(z) is at most 1, so its log is at most 0.",
            like(lambda z: -_log_sigmoid(z))),
    Mistake("log_of_sigmoid", "log(sigmoid(z)) or -log(1 + exp(-z)) computed as written: "
                              "-inf for very negative z and 0 for large z",
            "sigmoid(-800) underflows to 0 (or exp(800) overflows), so its log is -inf; and for z = 40, "
            "1 + e^-40 rounds to 1, so the tiny answer -4.2e-18 becomes 0. Rewrite log sigmoid(z) so "
            "that no exp overflows and log of (1 + tiny) keeps its digits.",
            lambda run: _lost_at_very_negative_z(run) and _lost_tiny_values_at_large_z(run)),
    Mistake("exp_overflow", "exp overflowed for very negative z",
            "For z = -800, exp(-z) = exp(800) is inf in float64. Split by the sign of z so that "
            "exp only ever sees -|z| (then it lies in (0, 1]).",
            _lost_at_very_negative_z),
    Mistake("log_not_log1p", "log(1 + x) lost the tiny values at large z",
            "For z = 40, 1 + e^-40 rounds to exactly 1 and log(1) = 0, but the answer is about "
            "-4.2e-18. NumPy has a function for log(1 + x) that keeps the digits of a tiny x.",
            _lost_tiny_values_at_large_z),
)


def check_log_sigmoid(fn):
    """Check ``fn(z)`` against ``helpers.activations.log_sigmoid``, z from -800 to 800."""
    return run_exercise(fn, Spec(
        "log_sigmoid", 2, _log_sigmoid, "helpers.activations.log_sigmoid",
        _log_sigmoid_cases, LOG_SIGMOID_MISTAKES,
        "log sigmoid(z) = -log(1 + exp(-z)); write it so that it is accurate for every finite z.",
        rtol=1e-9, atol=1e-300, bench=_log_sigmoid_bench))


# ============================================================================ chapter 3
# multiclass_hinge: fn(scores, labels) -> (n,) Weston-Watkins losses, margin 1

_CS231N_SCORES = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
_CS231N_LABELS = np.array([0, 1, 2])
# The first case is not square (2 samples, 3 classes): there, true scores of shape (n,) subtracted
# from the (n, k) scores without making them a column raise instead of lining up with the classes.
_FIRST_TWO_SCORES, _FIRST_TWO_LABELS = _CS231N_SCORES[:2], _CS231N_LABELS[:2]


def _hinge_cases():
    rng = _rng(7)
    scores, labels = rng.normal(scale=2.0, size=(6, 4)), rng.integers(0, 4, size=6)
    satisfied = np.array([[3.0, 1.0, 0.5], [0.0, 5.0, 4.0]])
    return [
        Case("CS231n's first two samples (2 samples, 3 classes)",
             {"scores": _FIRST_TWO_SCORES, "labels": _FIRST_TWO_LABELS},
             multiclass_hinge(_FIRST_TWO_SCORES, _FIRST_TWO_LABELS)),
        Case("CS231n's three samples", {"scores": _CS231N_SCORES, "labels": _CS231N_LABELS},
             multiclass_hinge(_CS231N_SCORES, _CS231N_LABELS)),
        Case("random scores (seed 7), 6 samples, 4 classes", {"scores": scores, "labels": labels},
             multiclass_hinge(scores, labels)),
        Case("samples whose true class wins by at least the margin",
             {"scores": satisfied, "labels": np.array([0, 1])}, multiclass_hinge(satisfied, [0, 1]), extreme=True),
    ]


def _hinge_bench():
    rng = _rng(8)
    return "2000 samples, 10 classes", {"scores": rng.normal(size=(2000, 10)), "labels": rng.integers(0, 10, 2000)}


def _margins(scores, labels):
    """s_j - s_y + 1 for every class j, the true class included."""
    return scores - scores[np.arange(len(labels)), labels][:, None] + 1.0


def _true_scores_wrong_axis(run):
    """The (n,) true scores were subtracted from the (n, k) scores as a row: NumPy raised."""
    n, k = np.shape(run.case.args["scores"])
    message = str(run.error)
    return (isinstance(run.error, ValueError) and n != k and "broadcast" in message
            and f"({n},{k})" in message and f"({n},)" in message)


_TRUE_SCORES_WRONG_AXIS = Mistake(
    "true_scores_wrong_axis", "the true-class scores were lined up with the classes, not with the samples",
    "scores[rows, labels] has shape (n,). Subtracted from the (n, k) scores, NumPy lines it up with "
    "the last axis, the classes: that raises when n != k and silently gives wrong numbers when n == k. "
    "Make it a column, shape (n, 1), with [:, None].",
    _true_scores_wrong_axis, on_error=True)


MULTICLASS_HINGE_MISTAKES = (
    _TRUE_SCORES_WRONG_AXIS,
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
            like(lambda scores, labels: _margins(scores, labels).sum(axis=1) - 1.0)),
    Mistake("crammer_singer", "only the strongest rival pays (Crammer-Singer)",
            "Weston-Watkins sums over every rival that comes within the margin; taking only the "
            "largest rival is the Crammer-Singer loss (scikit-learn's hinge_loss).",
            like(lambda scores, labels: multiclass_hinge(scores, labels, variant="crammer-singer"))),
    Mistake("no_margin", "the margin is missing",
            "The true class must win by the margin delta = 1, not just win: each term is "
            "max(0, s_j - s_y + 1).",
            like(lambda scores, labels: multiclass_hinge(scores, labels, delta=0.0))),
)


def check_multiclass_hinge(fn):
    """Check ``fn(scores, labels)`` against ``helpers.losses.multiclass_hinge``."""
    return run_exercise(fn, Spec(
        "multiclass_hinge", 3, multiclass_hinge, "helpers.losses.multiclass_hinge",
        _hinge_cases, MULTICLASS_HINGE_MISTAKES,
        "Sample i pays max(0, s_j - s_y + 1) for every class j other than its true class y.",
        rtol=1e-10, atol=1e-12, bench=_hinge_bench))


# multiclass_hinge_grad: fn(scores, labels) -> (n, k) subgradient


def _hinge_grad_numerically(scores, labels):
    return numerical_gradient(lambda s: np.sum(multiclass_hinge(s, labels)), scores)


def _hinge_grad_cases():
    rng = _rng(9)
    scores, labels = rng.normal(scale=2.0, size=(6, 4)), rng.integers(0, 4, size=6)
    # a numerical gradient is only meaningful away from the kinks: no term within 1e-3 of 0
    small, small_labels = np.array([[0.3, 1.9, -0.6, 1.1], [2.5, 0.2, 1.8, -1.0]]), np.array([1, 3])
    satisfied = np.array([[3.0, 1.0, 0.5], [0.0, 5.0, 4.0]])
    return [
        Case("CS231n's first two samples (2 samples, 3 classes)",
             {"scores": _FIRST_TWO_SCORES, "labels": _FIRST_TWO_LABELS},
             multiclass_hinge_grad(_FIRST_TWO_SCORES, _FIRST_TWO_LABELS)),
        Case("CS231n's three samples", {"scores": _CS231N_SCORES, "labels": _CS231N_LABELS},
             multiclass_hinge_grad(_CS231N_SCORES, _CS231N_LABELS)),
        Case("random scores (seed 9), 6 samples, 4 classes", {"scores": scores, "labels": labels},
             multiclass_hinge_grad(scores, labels)),
        Case("fixed scores against a numerical gradient (away from the kinks)",
             {"scores": small, "labels": small_labels}, _hinge_grad_numerically(small, small_labels)),
        Case("samples whose true class wins by at least the margin",
             {"scores": satisfied, "labels": np.array([0, 1])}, multiclass_hinge_grad(satisfied, [0, 1]),
             extreme=True),
    ]


def _active(scores, labels):
    """1 where a rival is within the margin (the true class's own entry is 0)."""
    active = (_margins(scores, labels) > 0).astype(np.float64)
    active[np.arange(len(labels)), labels] = 0.0
    return active


def _true_class_counted_grad(scores, labels):
    grad = multiclass_hinge_grad(scores, labels)
    grad[np.arange(len(labels)), labels] -= 1.0
    return grad


def _kink_counted_grad(scores, labels):
    active = (_margins(scores, labels) >= 0).astype(np.float64)  # a rival exactly at the margin counts
    active[np.arange(len(labels)), labels] = 0.0
    grad = active.copy()
    grad[np.arange(len(labels)), labels] = -active.sum(axis=1)
    return grad


def _no_clipping_grad(scores, labels):
    grad = np.ones_like(scores)
    grad[np.arange(len(labels)), labels] = -(scores.shape[1] - 1)
    return grad


MULTICLASS_HINGE_GRAD_MISTAKES = (
    _TRUE_SCORES_WRONG_AXIS,
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
    Mistake("crammer_singer", "only the strongest rival contributes (Crammer-Singer)",
            "Weston-Watkins sums over every rival within the margin; a +1 at the largest rival "
            "alone is the Crammer-Singer subgradient.",
            like(lambda scores, labels: multiclass_hinge_grad(scores, labels, variant="crammer-singer"))),
    Mistake("flipped_sign", "the sign is flipped",
            "Raising a rival's score raises the loss: its entry is +1, the true class's negative.",
            like(lambda scores, labels: -multiclass_hinge_grad(scores, labels))),
)


def check_multiclass_hinge_grad(fn):
    """Check ``fn(scores, labels)`` against ``helpers.losses.multiclass_hinge_grad``."""
    return run_exercise(fn, Spec(
        "multiclass_hinge_grad", 3, multiclass_hinge_grad, "helpers.losses.multiclass_hinge_grad",
        _hinge_grad_cases, MULTICLASS_HINGE_GRAD_MISTAKES,
        "Each active term max(0, s_j - s_y + 1) adds +1 at class j and -1 at the true class.",
        rtol=1e-7, atol=1e-9, bench=_hinge_bench))


# ============================================================================ chapter 4
# softmax_regression_grad: fn(W, b, X, y) -> (grad_W (k, d), grad_b (k,)) of the mean cross-entropy


def _softmax_regression_reference(W, b, X, y):
    return softmax_objective(W, b, X, y)[1:]


def _softmax_regression_numerically(W, b, X, y):
    grad_W = numerical_gradient(lambda V: softmax_objective(V, b, X, y)[0], W)
    grad_b = numerical_gradient(lambda c: softmax_objective(W, c, X, y)[0], b)
    return grad_W, grad_b


def _softmax_regression_cases():
    rng = _rng(10)
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
    cases = [("two samples of one feature, both of class 1 (of two), all weights 0", tiny),
             ("random W (3, 4), b, X (6, 4) (seed 10)", {"W": W, "b": b, "X": X, "y": y}),
             ("W with 3 rows (k = 3), labels [0, 1, 1, 0]: class 2 has no sample in this batch", absent)]
    out = [Case(label, args, tuple(_softmax_regression_reference(**args))) for label, args in cases]
    args2 = {"W": W2, "b": b2, "X": X2, "y": y2}
    out.append(Case("random W (2, 3), b, X (5, 3) against a numerical gradient", args2,
                    _softmax_regression_numerically(**args2)))
    out.append(Case("logits up to +-1000", extreme, tuple(_softmax_regression_reference(**extreme)), extreme=True))
    out.append(Case("two samples whose largest logits are 1000 apart", apart,
                    tuple(_softmax_regression_reference(**apart)), extreme=True))
    return out


def _softmax_regression_bench():
    rng = _rng(11)
    return "500 samples, 50 features, 10 classes", {
        "W": rng.normal(size=(10, 50)), "b": rng.normal(size=10), "X": rng.normal(size=(500, 50)),
        "y": rng.integers(0, 10, 500)}


def _softmax_regression_G(W, b, X, y):
    """(P - Y) / n, one row per sample."""
    return (_softmax(X @ W.T + b, axis=1) - _onehot(y, len(W))) / len(X)


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
    G = (_globally_shifted_softmax(X @ W.T + b) - _onehot(y, len(W))) / len(X)
    return G.T @ X, G.sum(axis=0)


def _no_onehot_regression(W, b, X, y):
    P = _softmax(X @ W.T + b, axis=1) / len(X)
    return P.T @ X, P.sum(axis=0)


SOFTMAX_REGRESSION_GRAD_MISTAKES = (
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
            _non_finite_on_extreme),
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


def check_softmax_regression_grad(fn):
    """Check ``fn(W, b, X, y)`` against ``helpers.linear.softmax_objective``'s gradient."""
    return run_exercise(fn, Spec(
        "softmax_regression_grad", 4, _softmax_regression_reference, "helpers.linear.softmax_objective",
        _softmax_regression_cases, SOFTMAX_REGRESSION_GRAD_MISTAKES,
        "With G = (softmax(X @ W.T + b) - Y) / n: grad_W pulls G back through the scores, grad_b sums it "
        "over the samples.",
        rtol=1e-6, atol=1e-9, outputs=("grad_W", "grad_b"), bench=_softmax_regression_bench))


# ============================================================================ chapter 5
# snapshot_pca: fn(X, k) -> (k, M) top-k principal axes, unit rows, any sign


def _pca_reference(X, k):
    return SnapshotPCA(n_components=k).fit(X).components_


def _same_axes(a, b, atol=1e-7):
    """The rows of a and b are the same axes, each up to its sign."""
    if a is None or b is None or isinstance(a, tuple) or np.shape(a) != np.shape(b) or np.ndim(a) != 2:
        return False
    a, b = np.asarray(a), np.asarray(b)
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        return False
    signs = np.where(np.sum(a * b, axis=1) < 0, -1.0, 1.0)
    return bool(np.allclose(a * signs[:, None], b, atol=atol, rtol=0))


def _pca_values_problem(got, expected, case):
    norms = np.linalg.norm(got, axis=1)
    if not np.allclose(norms, 1.0, atol=1e-8):
        return Problem("wrong_values", f"the rows are not unit vectors: their norms are {np.round(norms, 4).tolist()}")
    if not _same_axes(got, expected, atol=1e-7):
        cosines = np.abs(np.sum(got * expected, axis=1))
        i = int(np.argmin(cosines))
        return Problem("wrong_values", f"row {i} is not the principal axis {i}: |cos| of the angle between "
                                       f"them is {cosines[i]:.4g}, not 1")
    return None


def _pca_data(rng, n_samples, n_features):
    """Samples with clearly separated variances along random axes, and a mean far from 0."""
    scales = np.geomspace(4.0, 0.3, n_features)
    basis = np.linalg.qr(rng.normal(size=(n_features, n_features)))[0]
    return (rng.normal(size=(n_samples, n_features)) * scales) @ basis.T + rng.normal(scale=3.0, size=n_features)


def _pca_cases():
    rng = _rng(12)
    X_fixed = np.array([[2.0, 0.0, 1.0], [4.0, 1.0, 1.0], [6.0, 0.0, 1.5], [8.0, 2.0, 1.0], [10.0, 1.0, 0.5]])
    X_wide, X_tall = _pca_data(rng, 6, 10), _pca_data(rng, 12, 5)
    cases = [("5 samples of 3 features (N > M), k = 2", {"X": X_fixed, "k": 2}),
             ("6 random samples of 10 features (N < M, the snapshot case), k = 3", {"X": X_wide, "k": 3}),
             ("12 random samples of 5 features (N > M), k = 2", {"X": X_tall, "k": 2})]
    return [Case(label, args, _pca_reference(**args), extreme=True) for label, args in cases]


def _pca_bench():
    rng = _rng(13)  # only timed, not compared: plain noise around a mean image will do
    return "40 faces of 25 x 25 pixels, k = 10", {"X": rng.normal(size=(40, 625)) + rng.normal(size=625), "k": 10}


def _pca_uncentred(X, k):
    return np.linalg.svd(X, full_matrices=False)[2][:k]


def _pca_unnormalised(X, k):
    return _pca_reference(X, k) * SnapshotPCA(n_components=k).fit(X).singular_values_[:, None]


def _pca_divided_by_lambda(X, k):
    return _pca_reference(X, k) / SnapshotPCA(n_components=k).fit(X).singular_values_[:, None]


def _ascending(run):
    X, k = run.case.args["X"], run.case.args["k"]
    A = X - X.mean(axis=0)
    axes = np.linalg.svd(A, full_matrices=False)[2]
    rank = min(X.shape[0] - 1, X.shape[1])
    smallest = axes[:rank][::-1][:k]  # the k least-variance axes, smallest first
    return _same_axes(run.got, run.case.expected[::-1]) or _same_axes(run.got, smallest)


def _as_columns(run):
    """The right axes, as the columns of an (M, k) array instead of the rows of a (k, M) one."""
    got, expected = run.got, run.case.expected
    return got.shape == expected.T.shape and got.shape != expected.shape and _same_axes(got.T, expected)


def _rows_for_columns(run):
    X, k = run.case.args["X"], run.case.args["k"]
    got = run.got
    A = X - X.mean(axis=0)
    candidates = []
    for gram, snapshot in ((A.T @ A, False), (A @ A.T, True)):
        values, vectors = np.linalg.eigh(gram)
        order = np.argsort(values)[::-1][:k]
        rows = vectors[order]  # rows of the eigenvector matrix, where the eigenvectors are its columns
        if snapshot:
            rows = rows @ A / np.sqrt(np.abs(values[order]))[:, None]
        candidates.append(rows)
    return any(_same_axes(got, c) for c in candidates)


SNAPSHOT_PCA_MISTAKES = (
    Mistake("no_centring", "the data was not centred",
            "PCA finds the directions of largest variance around the mean: subtract the mean "
            "image (column means) before building the Gram matrix.",
            like(_pca_uncentred, same=_same_axes)),
    Mistake("no_normalisation", "the axes are not unit vectors: the 1/sqrt(lambda) is missing",
            "If A A^T v = lambda v with |v| = 1, then A^T v is an eigenvector of A^T A of norm "
            "sqrt(lambda): divide it by that.",
            like(_pca_unnormalised, same=_same_axes)),
    Mistake("divided_by_lambda", "the axes were divided by lambda, not by sqrt(lambda)",
            "A^T v has length sqrt(lambda) (|A^T v|^2 = v^T A A^T v = lambda), so dividing it by lambda "
            "leaves length 1/sqrt(lambda), a different wrong length for each axis (slip 4).",
            like(_pca_divided_by_lambda, same=_same_axes)),
    Mistake("ascending_eigenvalues", "the axes of smallest variance came first",
            "numpy.linalg.eigh returns the eigenvalues in ascending order: the top k are at the end.",
            _ascending),
    Mistake("rows_for_columns", "rows were taken where the eigenvectors are columns",
            "numpy.linalg.eigh returns the eigenvectors as the columns of its second result; the "
            "principal axes are returned as rows, shape (k, M).",
            _rows_for_columns),
    Mistake("axes_as_columns", "the right axes, returned as columns, shape (M, k)",
            "The contract is scikit-learn's components_: one axis per row, shape (k, M). Return the "
            "transpose.",
            _as_columns),
)


def check_snapshot_pca(fn):
    """Check ``fn(X, k)`` against ``helpers.pca.SnapshotPCA``'s components, up to sign."""
    return run_exercise(fn, Spec(
        "snapshot_pca", 5, _pca_reference, "helpers.pca.SnapshotPCA",
        _pca_cases, SNAPSHOT_PCA_MISTAKES,
        "Centre, eigendecompose the smaller Gram matrix, keep the top k, and map back to unit axes.",
        values_problem=_pca_values_problem, bench=_pca_bench,
        hints=(("not_finite", "NaN or inf in an axis usually comes from dividing by the square root of an "
                              "eigenvalue that is 0 or, by round-off, slightly negative: the Gram matrix of "
                              "centred data has such eigenvalues, and numpy.linalg.eigh lists them first."),)))


# ============================================================================ chapter 6
# class_centroids: fn(X, labels, n_classes) -> (K, d) means, NaN rows for empty classes


def _centroids_reference(X, labels, n_classes):
    return class_centroids(X, labels, n_classes)[0]


def _centroid_cases():
    rng = _rng(14)
    X_random, labels_random = rng.normal(size=(30, 3)), rng.permutation(np.arange(30) % 4)
    cases = [
        ("3 points of 2 features, labels [2, 0, 0], 3 classes (class 1 is empty)",
         {"X": np.array([[5.0, 5.0], [0.0, 1.0], [2.0, 0.0]]), "labels": np.array([2, 0, 0]), "n_classes": 3}),
        ("30 random points (seed 14), 4 classes present, n_classes = 6",
         {"X": X_random, "labels": labels_random, "n_classes": 6}),
        ("integer points", {"X": np.array([[1, 2], [2, 2], [7, 1]]), "labels": np.array([1, 1, 0]), "n_classes": 2}),
    ]
    return [Case(label, args, _centroids_reference(**args), extreme=True) for label, args in cases]


def _centroids_bench():
    rng = _rng(15)
    return "20,000 points of 8 features, 50 classes", {
        "X": rng.normal(size=(20_000, 8)), "labels": rng.integers(0, 50, 20_000), "n_classes": 50}


def _class_sums(X, labels, n_classes):
    sums = np.zeros((n_classes, X.shape[1]))
    np.add.at(sums, labels, X)
    return sums


def _buffered(run):
    """sums[labels] += X: a repeated index is written once, so each class keeps only its last point."""
    args = run.case.args
    X, labels, n_classes = np.asarray(args["X"], dtype=np.float64), args["labels"], args["n_classes"]
    last = np.zeros((n_classes, X.shape[1]))
    last[labels] += X  # the mistake itself: buffered, the last of each class's points wins
    counts = np.bincount(labels, minlength=n_classes)
    with np.errstate(invalid="ignore", divide="ignore"):
        candidates = (last / counts[:, None], np.where(counts[:, None] > 0, last, np.nan))
    expected = run.case.expected
    return any(not close(c, expected, 1e-9, 1e-12) and close(run.got, c, 1e-9, 1e-12) for c in candidates)


def _zeros_for_empty(run):
    expected = np.nan_to_num(run.case.expected, nan=0.0)
    return close(run.got, expected, 1e-9, 1e-12) and not close(run.got, run.case.expected, 1e-9, 1e-12)


def _sums_not_means(run):
    args = run.case.args
    present = np.bincount(args["labels"], minlength=args["n_classes"]) > 0
    sums = _class_sums(np.asarray(args["X"], dtype=np.float64), args["labels"], args["n_classes"])
    return (run.got.shape == sums.shape and not close(sums[present], run.case.expected[present], 1e-9, 1e-12)
            and close(run.got[present], sums[present], 1e-9, 1e-12))


def _out_of_order(run):
    got, expected = run.got, run.case.expected
    if got.shape != expected.shape:
        return False
    key = lambda rows: sorted(map(tuple, np.round(np.nan_to_num(rows, nan=np.inf), 9)))  # noqa: E731
    return key(got) == key(expected) and not close(got, expected, 1e-9, 1e-12)


def _empty_dropped(run):
    expected = run.case.expected
    present = ~np.isnan(expected).all(axis=1)
    return not present.all() and close(run.got, expected[present], 1e-9, 1e-12)


def _truncated_means(run):
    args = run.case.args
    return args["X"].dtype.kind in "iu" and (np.asarray(run.raw).dtype.kind in "iu"
                                            or close(run.got, np.trunc(run.case.expected), 0, 1e-12))


CLASS_CENTROIDS_MISTAKES = (
    Mistake("buffered_fancy_index", "sums[labels] += X kept only the last point of each class",
            "Fancy-indexed += is buffered: sums[labels] is read once, X is added, and each row of "
            "sums is written back once, so a label that repeats counts only its last point. "
            "np.add.at(sums, labels, X) adds them all (or use np.bincount, or a one-hot matrix product).",
            _buffered),
    Mistake("zeros_for_empty", "an empty class got a row of zeros",
            "A class with no points has no mean; a zero row would look like a real centroid at the "
            "origin. The contract asks for NaN there (0 / 0).",
            _zeros_for_empty),
    Mistake("sums_not_means", "these are the sums of each class's points, not their means",
            "Divide each class's sum by its count (how many points carry that label).",
            _sums_not_means),
    Mistake("classes_out_of_order", "the right centroids, in the wrong rows",
            "Row c must belong to class c (labels are the row indices), whatever order the "
            "classes first appear in.",
            _out_of_order),
    Mistake("empty_dropped", "the empty classes were dropped",
            "The result has one row per class, n_classes rows, even for classes with no points "
            "(a NaN row): otherwise row c is no longer class c.",
            _empty_dropped),
    Mistake("integer_truncation", "the means were truncated to integers",
            "The mean of integer points is a fraction: an output array created like X (an integer "
            "array) truncates it.",
            _truncated_means),
)


def check_class_centroids(fn):
    """Check ``fn(X, labels, n_classes)`` against ``helpers.ragged.class_centroids``."""
    return run_exercise(fn, Spec(
        "class_centroids", 6, _centroids_reference, "helpers.ragged.class_centroids",
        _centroid_cases, CLASS_CENTROIDS_MISTAKES,
        "Row c is the mean of the points labelled c: their sum divided by their count.",
        rtol=1e-9, atol=1e-12, bench=_centroids_bench))
