"""The self-check of chapter 1: numerical_gradient(f, x), the central-difference gradient shaped like x (private).

Its cases and its table of known mistakes; the engine is :mod:`helpers._selfcheck_runner`.
The mistake models are wrong on purpose, so that the check can recognise them.
"""

import numpy as np

from ._selfcheck_runner import Case, Mistake, Problem, Spec, _index, close, run_exercise, values_mismatch
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


def _cubes_plus_identity(x):
    return np.sum(x ** 3) / 3 + np.sum(x)


def _log_sum_exp(x):
    top = np.max(x)
    return top + np.log(np.sum(np.exp(x - top)))


def _softmax_of_all(x):
    e = np.exp(x - np.max(x))
    return e / np.sum(e)


# The exact gradients of the check's functions: a numerical gradient of the check's own could
# share the reader's slip.
_FUNCTIONS = (
    ("f(x) = sum(sin(x)) + sum(x)**2 / 2", _sines_and_square_of_sum, lambda x: np.cos(x) + np.sum(x)),
    ("f(x) = sum(x**3) / 3 + sum(x)", _cubes_plus_identity, lambda x: x ** 2 + 1.0),
    ("f(x) = log(sum(exp(x)))", _log_sum_exp, _softmax_of_all),
)


def _case(label, which, x, extreme=False):
    description, func, gradient = _FUNCTIONS[which]
    x_float = np.asarray(x, dtype=np.float64)
    return Case(label, {"f": _RecordingFunction(func, description), "x": x},
                np.asarray(gradient(x_float), dtype=np.float64).reshape(np.shape(x)), extreme=extreme)


# The seeded random layer: shapes with 0 to 3 axes, values of both signs, some exactly 0.
_RANDOM_SEED, _RANDOM_CASES = 101, 3


def _random_cases():
    rng = seeded(_RANDOM_SEED)
    cases = []
    for number in range(1, _RANDOM_CASES + 1):
        shape = tuple(int(n) for n in rng.integers(1, 4, size=rng.integers(0, 4)))
        x = np.round(rng.uniform(-1.5, 1.5, size=shape), 3)
        x[rng.random(size=shape) < 0.25] = 0.0
        which = int(rng.integers(0, len(_FUNCTIONS)))
        cases.append(_case(f"random case {number} of {_RANDOM_CASES} (seed {_RANDOM_SEED}): "
                           f"{_FUNCTIONS[which][0]} at an x of shape {shape}", which, np.asarray(x)))
    return cases


def _numerical_gradient_cases():
    x_random = seeded(1).normal(size=(3, 2))
    logits = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]])
    x_3d = np.round(seeded(16).uniform(-1.5, 1.5, size=(2, 3, 2)), 3)
    # x.T of a (2, 3) array: its memory is in column order, so x.reshape(-1) and x.ravel() are copies
    x_transposed = np.round(seeded(17).uniform(-1.5, 1.5, size=(2, 3)), 3).T
    return [
        Case("f(x) = sum(x**2) at a float x",
             {"f": _RecordingFunction(_sum_of_squares, "f(x) = sum(x**2)"), "x": np.array([1.0, 2.0, 3.0])},
             np.array([2.0, 4.0, 6.0])),
        _case("an x with zero and negative coordinates", 0, np.array([-1.5, 0.0, 2.0, 0.0, -0.25]), extreme=True),
        _case("an x whose coordinates are all 0 (shape (2, 2))", 0, np.zeros((2, 2)), extreme=True),
        Case("the mean cross-entropy of 2 samples with labels [0, 2] (x are their logits, shape (2, 3))",
             {"f": _RecordingFunction(_mean_cross_entropy, "f(x) = cross_entropy(x, [0, 2]).mean()"), "x": logits},
             cross_entropy_grad(logits, _CE_LABELS) / 2),
        Case("an integer x",
             {"f": _RecordingFunction(_sum_of_cubes, "f(x) = sum(x**3)"), "x": np.array([1, 2, 3])},
             np.array([3.0, 12.0, 27.0]), extreme=True),
        _case("an integer x with a zero and a negative coordinate", 1, np.array([[-2, 0], [1, 3]]), extreme=True),
        _case("an int32 x (integers of 32 bits) with a zero and a negative coordinate", 1,
              np.array([[3, -1], [0, 2]], dtype=np.int32), extreme=True),
        _case("a 0-d x (a single number, shape ())", 0, np.array(0.7), extreme=True),
        _case("an x of shape (2, 3, 2) (3 axes)", 1, x_3d, extreme=True),
        _case("a transposed x (x.T of a (2, 3) array: shape (3, 2), its memory in column order, not "
              "C-contiguous)", 0, x_transposed, extreme=True),
        Case("a random x of shape (3, 2) (seed 1)",
             {"f": _RecordingFunction(_sines_and_square_of_sum, "f(x) = sum(sin(x)) + sum(x)**2 / 2"),
              "x": x_random},
             np.cos(x_random) + np.sum(x_random)),
        *_random_cases(),
    ]


def _numerical_gradient_bench():
    return "f(x) = sum(sin(x)) + sum(x)**2 / 2 at a random x of 200 entries", {
        "f": _sines_and_square_of_sum, "x": seeded(2).normal(size=200)}


# A coordinate counts as moved when it differs from x by more than round-off: restoring it by
# arithmetic (x[i] += h; ...; x[i] -= 2 * h; ...; x[i] += h) may leave a difference of an ulp or
# two (about 1e-16 relative), and that is not a step. Any sensible step, even a poor 1e-12, is larger.
_ROUND_OFF = 1e-14


def _displacements(run):
    """Each call of f as (x, p - x), flattened; complex where f was given a complex point."""
    x = np.asarray(run.case.args["x"], dtype=np.float64).reshape(-1)
    return x, [np.asarray(p).reshape(-1) - x for p in run.args["f"].points if np.size(p) == x.size]


def _moved(x, d):
    """Which coordinates the displacement d moved: by more than round-off, or into the complex plane."""
    return (np.abs(np.real(d)) > _ROUND_OFF * np.maximum(np.abs(x), 1.0)) | (np.imag(d) != 0)


def _moved_sets(run):
    """For each call of f, the set of coordinates of x it had moved."""
    x, displacements = _displacements(run)
    return [frozenset(np.flatnonzero(_moved(x, d)).tolist()) for d in displacements]


def _moves(run):
    """How many coordinates of x each call of f had moved (integers: 0 = f(x) itself)."""
    return [len(moved) for moved in _moved_sets(run)]


def _complex_points(run):
    return any(np.iscomplexobj(p) and np.any(np.imag(p) != 0) for p in run.args["f"].points)


def _one_sided(run):
    """Some coordinate was stepped to one side only: f(x + h e_i) but never f(x - h e_i), or the reverse.

    Only real calls that move a single coordinate count.
    """
    x, displacements = _displacements(run)
    up, down = np.zeros(x.size, dtype=bool), np.zeros(x.size, dtype=bool)
    for d in displacements:
        moved = _moved(x, d)
        if np.count_nonzero(moved) != 1 or np.iscomplexobj(d) and np.any(np.imag(d) != 0):
            continue
        i = int(np.flatnonzero(moved)[0])
        if np.real(d[i]) > 0:
            up[i] = True
        else:
            down[i] = True
    return bool((up ^ down).any())


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


def _left_moved(run):
    """A coordinate stayed moved while the next ones moved.

    Seen in the points: the set of moved coordinates grows from one call to a later one (a
    coordinate moved earlier is still off when another moves), which a loop that restores each
    coordinate never shows, however many coordinates it moves per call.
    """
    sets = [moved for moved in _moved_sets(run) if moved]
    return any(earlier < later for i, earlier in enumerate(sets) for later in sets[i + 1:])


def _x_changed_by_round_off(run):
    """The caller's x changed, but no entry by more than round-off (see _ROUND_OFF)."""
    if "x" not in run.modified:
        return False
    before, after = run.case.args["x"], np.asarray(run.args["x"])
    if after.shape != before.shape:
        return False
    before, after = before.astype(np.float64), after.astype(np.float64)
    return not _moved(before.reshape(-1), (after - before).reshape(-1)).any()


def _not_put_back(run):
    """The caller's x changed by more than round-off, or a coordinate stayed moved while the next ones moved."""
    return ("x" in run.modified and not _x_changed_by_round_off(run)) or _left_moved(run)


def _never_moved(run):
    """The coordinates of x that no call of f had moved (a flat index list)."""
    x, _ = _displacements(run)
    ever = np.zeros(x.size, dtype=bool)
    for moved in _moved_sets(run):
        ever[list(moved)] = True
    return np.flatnonzero(~ever).tolist()


def _several_at_once(run):
    """Some call moved more than one coordinate (but not every coordinate in every call)."""
    return any(m > 1 for m in _moves(run)) and not _all_at_once(run) and not _not_put_back(run)


def _relative_step(run):
    """A step proportional to x: never moved at a zero coordinate, and 0 / 0 exactly there."""
    x = np.asarray(run.case.args["x"], dtype=np.float64).reshape(-1)
    zero = x == 0
    if not zero.any() or run.got is None or run.got.size != x.size:
        return False
    bad = ~np.isfinite(run.got.reshape(-1))
    never = np.zeros(x.size, dtype=bool)
    never[_never_moved(run)] = True
    return bool(bad.any()) and np.array_equal(bad, zero) and never[zero].all()


def _steps_never_reached(run):
    """f was called, a result of x's shape came back, but some coordinate of x was never moved in any call
    of f (and a step of 0 at the zero coordinates does not explain it)."""
    return (run.got is not None and run.got.shape == run.case.expected.shape and bool(_displacements(run)[1])
            and bool(_never_moved(run)) and not _relative_step(run))


def _misplaced(run):
    """The right values, each at another index: the same multiset of entries, not the same array."""
    got, expected = run.got, run.case.expected
    if got is None or got.shape != expected.shape or got.size < 2 or close(got, expected, GOOD, 1e-10):
        return False
    return close(np.sort(got, axis=None), np.sort(expected, axis=None), GOOD, 1e-10)


def _off_by_two(run):
    expected = run.case.expected
    return close(run.got, 2 * expected, 1e-3, 1e-6) or close(run.got, expected / 2, 1e-3, 1e-6)


def _numerical_gradient_audit(run):
    if _complex_points(run):
        return Problem("wrong_values", "f was called at complex points (x + ih e_i): that is a complex step, "
                                       "not the central difference the exercise asks for")
    if _left_moved(run):
        return Problem("moved_input", "f was called at points where a coordinate moved earlier had not "
                                      "returned to its value in x")
    never = _never_moved(run)
    if never:
        shape = run.case.args["x"].shape
        where = ", ".join(_index(np.unravel_index(i, shape)) if shape else "()" for i in never[:3])
        return Problem("wrong_values", f"{len(never)} of the {int(np.prod(shape))} coordinates of x were never "
                                       f"moved in any call of f (at {where}{', ...' if len(never) > 3 else ''})")
    if any(m > 1 for m in _moves(run)):
        return Problem("wrong_values", f"f was called at points where up to {max(_moves(run))} coordinates "
                                       f"had moved at once")
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
            _not_put_back),
    Mistake("x_changed_by_round_off", "the caller's x came back changed in its last digits (round-off)",
            "In floating point, (x_i + h) - 2h + h is not always x_i: restoring a coordinate by "
            "arithmetic can leave it an ulp or two off, and the caller's x must come back exactly as it "
            "was. Work on a copy of x (np.array(x, dtype=float) copies), or keep the old value and assign "
            "it back (old = x[i]; ...; x[i] = old).",
            _x_changed_by_round_off),
    Mistake("perturbed_several_at_once", "several coordinates were moved at once",
            "x + h e_i moves coordinate i alone. On an x with several axes, x[i] is a whole row "
            "(or slice): adding h to it moves every coordinate of the row together. Index a single "
            "entry, with one index per axis (np.ndindex(x.shape) lists them all).",
            _several_at_once),
    Mistake("relative_step", "the step was 0 where x is 0, and the quotient there is 0 / 0",
            "f was never moved off x at its zero coordinates, as with a step proportional to x (h = c |x_i|, "
            "or c times the largest |x_j|, which is 0 when x is all zeros): f is evaluated twice at x itself "
            "and the quotient is 0 / 0 = NaN. The step must never be 0: use an absolute step (the "
            "chapter's), or one with a floor such as h * max(1, |x_i|).",
            _relative_step),
    Mistake("steps_never_reached", "some coordinates of x were never moved: f saw them unchanged in every call",
            "Either the loop skipped those coordinates; or each step was undone before f saw it (x_plus = x "
            "names the same array as x, not a copy: stepping it up, then x_minus = x down, puts the "
            "coordinate back before either call); or the steps were written into a copy of x that f never "
            "sees. x.reshape(-1) and x.ravel() are views of x only when its memory is in C order; "
            "for a transposed x they are copies (and x.astype(float), like np.array(x, dtype=float), "
            "keeps that order). Index x itself, one entry at a time: np.ndindex(x.shape) lists every "
            "index, whatever the shape and memory order.",
            _steps_never_reached),
    Mistake("complex_step", "a complex step, not a central difference",
            "Im f(x + ih e_i) / h (the complex-step derivative) is accurate for an f written for complex "
            "numbers, but this exercise asks for the central difference (f(x + h e_i) - f(x - h e_i)) / (2h) "
            "with real steps, which needs nothing of f but real numbers.",
            _complex_points),
    Mistake("forward_difference", "a one-sided (forward or backward) difference, not a central one",
            "The exercise asks for the central difference (f(x + h e_i) - f(x - h e_i)) / (2h): its error "
            "shrinks like h^2, a forward difference's only like h (the chapter measures them about two "
            "orders of magnitude apart). Evaluate f on both sides of every coordinate.",
            _one_sided),
    Mistake("entries_misplaced", "the right values, at the wrong indices",
            "Each entry of the gradient belongs at the index of the coordinate that was moved. np.nditer "
            "(like x.ravel(order='K')) visits x in memory order, which for a transposed x is not the C order "
            "of grad.flat or np.ndindex: write the result with the same index you moved.",
            _misplaced),
    Mistake("missing_factor_2", "the result is off by a factor of 2",
            "The central difference spans from x - h e_i to x + h e_i: a distance of 2h.",
            _off_by_two),
)


def check(fn):
    """Check ``fn(f, x)`` against exact gradients: x with 0 to 3 axes (one transposed), zero, negative
    and integer (int64 and int32) entries, and an x of zeros only.

    The values must agree to a relative 1e-7 (the chapter's ``GOOD``; a central difference at the
    default step, the cube root of eps, is about a thousand times closer), and the points f was
    called at must show a central difference: every coordinate stepped to both sides.
    """
    return run_exercise(fn, Spec(
        "numerical_gradient", 1, numerical_gradient, "helpers.gradcheck.numerical_gradient",
        _numerical_gradient_cases, MISTAKES,
        "Perturb one coordinate at a time by +h and -h, and divide the change of f by the distance.",
        rtol=GOOD, atol=1e-10, values_problem=_numerical_gradient_values, audit=_numerical_gradient_audit,
        bench=_numerical_gradient_bench,
        hints=(("wrong_shape", "The gradient has one entry per entry of x: return an array of x's shape, "
                               "whatever its number of axes (0, 1, 2, 3 or more)."),)))


# The typical mistake the static book shows under the exercise: written as a learner might,
# and run through check() while the book is built (helpers.selfcheck), so that the page shows
# what the check really says to it; tests/test_your_turn_static.py asserts it gets its
# named mistake.
def my_numerical_gradient(f, x):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    h = 1e-5
    for index in np.ndindex(x.shape):
        old = x[index]
        x[index] = old + h
        f_plus = f(x)
        x[index] = old
        grad[index] = (f_plus - f(x)) / h  # one-sided: f(x + h) - f(x)
    return grad


TYPICAL_MISTAKE = (my_numerical_gradient, "forward_difference")
