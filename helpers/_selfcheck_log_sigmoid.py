"""The self-check of chapter 2: log_sigmoid(z), accurate for every finite z (private).

Its cases and its table of known mistakes; the engine is :mod:`helpers._selfcheck_runner`.
The mistake models are wrong on purpose, so that the check can recognise them.
"""

import numpy as np

from ._selfcheck_runner import Case, Mistake, Spec, like, run_exercise, values_mismatch
from ._selfcheck_shared import seeded
from .activations import _log_sigmoid


# log_sigmoid: fn(z) -> log(sigmoid(z)), accurate for every finite z

_EXTREME_Z = np.array([-800.0, -745.0, -720.0, -100.0, -40.0, 20.0, 40.0, 100.0, 745.0, 800.0])


# Where -e^-z (and z, on the other side) is close to log sigmoid(z) but not within the
# tolerance: a branch that switches to the approximation too early shows here.
_SWITCH_Z = np.array([10.0, 12.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 25.0, 30.0, 37.0, 40.0])
_SWITCH_Z = np.concatenate([-_SWITCH_Z[::-1], _SWITCH_Z])
_RANDOM_SEED, _RANDOM_CASES = 105, 3

# The tolerance, as the contract states it. float64 keeps about 16 digits; 1e-8 leaves room for
# the asymptotic branches the contract's "about z" and "about -e^-z" invite (-e^-z is a relative
# e^-z / 2 off: within 1e-8 from z = 18 on), and none for float32 arithmetic (about 6e-8).
RTOL = 1e-8


def _random_cases():
    """The seeded random layer: 0 to 3 axes, z of scale 3, 30 or 300."""
    rng = seeded(_RANDOM_SEED)
    cases = []
    for number in range(1, _RANDOM_CASES + 1):
        shape = tuple(int(n) for n in rng.integers(1, 4, size=rng.integers(0, 4)))
        scale = float(rng.choice([3.0, 30.0, 300.0]))
        z = np.asarray(rng.normal(scale=scale, size=shape))
        cases.append(Case(f"random case {number} of {_RANDOM_CASES} (seed {_RANDOM_SEED}): z of shape {shape}, "
                          f"scale {scale:g}", {"z": z}, np.asarray(_log_sigmoid(z)), extreme=scale > 100))
    return cases


def _log_sigmoid_cases():
    random_z = np.clip(seeded(5).normal(scale=4.0, size=(2, 3)), -8, 8)
    z_3d = np.round(seeded(17).normal(scale=20.0, size=(2, 2, 3)), 2)
    return [
        Case("z = [-2, -1, 0, 1, 2]", {"z": np.array([-2.0, -1.0, 0.0, 1.0, 2.0])},
             _log_sigmoid(np.array([-2.0, -1.0, 0.0, 1.0, 2.0]))),
        Case("random z of shape (2, 3) (seed 5)", {"z": random_z}, _log_sigmoid(random_z)),
        Case("extreme z, from -800 to 800", {"z": _EXTREME_Z.copy()}, _log_sigmoid(_EXTREME_Z), extreme=True),
        Case("|z| from 10 to 40, where log sigmoid(z) is close to z (z < 0) or to -e^-z (z > 0)",
             {"z": _SWITCH_Z.copy()}, _log_sigmoid(_SWITCH_Z), extreme=True),
        Case("a 0-d z (a single number, shape ())", {"z": np.array(-3.5)}, np.asarray(_log_sigmoid(np.array(-3.5)))),
        Case("a z of shape (2, 2, 3) (3 axes)", {"z": z_3d}, _log_sigmoid(z_3d)),
        *_random_cases(),
    ]


def _log_sigmoid_bench():
    return "100,000 values of z in [-50, 50]", {"z": seeded(6).uniform(-50, 50, size=100_000)}


def _lost_at_very_negative_z(run):
    z = run.case.args["z"]
    return bool((~np.isfinite(run.got) & (z < -700)).any())


def _zero_at_large_z(run):
    """0 exactly where 1 + e^-z rounds to 1 in float64 (z > 36.7) and the answer is not 0."""
    z, expected = run.case.args["z"], run.case.expected
    rounds_to_one = (z > 0) & (1.0 + np.exp(-np.abs(z)) == 1.0) & (expected != 0)
    return bool(rounds_to_one.any()) and bool((run.got[rounds_to_one] == 0).all())


def _log_one_plus(run):
    """At every large z, exactly what log(1 + e^-z) gives in float64, and so 0 where 1 + e^-z rounds to 1."""
    z = run.case.args["z"]
    large = (z > 15) & (z < 700)
    if not large.any() or not _zero_at_large_z(run):
        return False
    model = -np.log(1.0 + np.exp(-z[large]))
    return bool(np.allclose(run.got[large], model, rtol=1e-12, atol=0))


def _values_problem(got, expected, case):
    problem = values_mismatch(got, expected, RTOL, 1e-300)
    if problem is not None and np.allclose(got, expected, rtol=1e-4, atol=1e-300):
        return problem._replace(hint=_CLOSE_HINT)
    return problem


_CLOSE_HINT = ("Close, but not within the check's relative 1e-8. An approximation is only that accurate in "
               "part of its range: -e^-z is a relative e^-z / 2 off (1.5e-7 at z = 15, within 1e-8 from "
               "z = 18 on), and float32 arithmetic keeps only about 7 digits. Use the exact formula where the "
               "approximation is not yet good enough, in float64.")


MISTAKES = (
    Mistake("wrong_sign", "the sign is flipped",
            "sigmoid(z) is at most 1, so its log is at most 0.",
            like(lambda z: -_log_sigmoid(z))),
    Mistake("log_of_sigmoid", "log(sigmoid(z)) or -log(1 + exp(-z)) computed as written: "
                              "-inf for very negative z and 0 for large z",
            "sigmoid(-800) underflows to 0 (or exp(800) overflows), so its log is -inf; and for z = 40, "
            "1 + e^-40 rounds to 1, so the tiny answer -4.2e-18 becomes 0. Rewrite log sigmoid(z) so "
            "that no exp overflows and log of (1 + tiny) keeps its digits.",
            lambda run: _lost_at_very_negative_z(run) and _zero_at_large_z(run)),
    Mistake("exp_overflow", "exp overflowed for very negative z",
            "For z = -800, exp(-z) = exp(800) is inf in float64. Split by the sign of z so that "
            "exp only ever sees -|z| (then it lies in (0, 1]).",
            _lost_at_very_negative_z),
    Mistake("log_not_log1p", "log(1 + x) lost the tiny values at large z",
            "For z = 40, 1 + e^-40 rounds to exactly 1 and log(1) = 0, but the answer is about "
            "-4.2e-18. NumPy has a function for log(1 + x) that keeps the digits of a tiny x.",
            _log_one_plus),
)


def check(fn):
    """Check ``fn(z)`` against ``helpers.activations.log_sigmoid``, z from -800 to 800, to a relative 1e-8."""
    return run_exercise(fn, Spec(
        "log_sigmoid", 2, _log_sigmoid, "helpers.activations.log_sigmoid",
        _log_sigmoid_cases, MISTAKES,
        "log sigmoid(z) = -log(1 + exp(-z)); write it so that it is accurate for every finite z.",
        rtol=RTOL, atol=1e-300, values_problem=_values_problem, bench=_log_sigmoid_bench,
        hints=(("wrong_shape", "The result has one value per entry of z: the same shape as z, whatever its "
                               "number of axes (0 included)."),)))


# The typical mistake the static book shows under the exercise: written as a learner might,
# and run through check() while the book is built (helpers.selfcheck), so that the page shows
# what the check really says to it; tests/test_your_turn_static.py asserts it gets its
# named mistake.
def my_log_sigmoid(z):
    return np.log(1.0 / (1.0 + np.exp(-z)))  # the formula as written


TYPICAL_MISTAKE = (my_log_sigmoid, "log_of_sigmoid")
