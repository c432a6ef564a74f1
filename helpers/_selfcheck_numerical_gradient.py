"""The self-check of chapter 1: numerical_gradient(f, x), the central-difference gradient shaped like x (private).

Its cases and its table of known mistakes; the engine is :mod:`helpers._selfcheck_runner`.
The mistake models are wrong on purpose, so that the check can recognise them.
"""

import numpy as np

from ._selfcheck_runner import Case, Mistake, Problem, Spec, close, run_exercise, values_mismatch
from ._selfcheck_shared import seeded
from .gradcheck import GOOD, numerical_gradient
from .losses import cross_entropy, cross_entropy_grad


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
    x_random = seeded(1).normal(size=(3, 2))
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
        "f": _sines_and_square_of_sum, "x": seeded(2).normal(size=200)}


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


MISTAKES = (
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


def check(fn):
    """Check ``fn(f, x)`` against the exact gradient on four functions, integer x included.

    The values must agree to a relative 1e-7 (the chapter's ``GOOD``; a central difference at the
    default step, the cube root of eps, is about a thousand times closer), and the points f was
    called at must show a central difference: every coordinate stepped to both sides.
    """
    return run_exercise(fn, Spec(
        "numerical_gradient", 1, numerical_gradient, "helpers.gradcheck.numerical_gradient",
        _numerical_gradient_cases, MISTAKES,
        "Perturb one coordinate at a time by +h and -h, and divide the change of f by the distance.",
        rtol=GOOD, atol=1e-10, values_problem=_numerical_gradient_values, audit=_numerical_gradient_audit,
        bench=_numerical_gradient_bench))
