"""The self-check of chapter 2: log_sigmoid(z), accurate for every finite z (private).

Its cases and its table of known mistakes; the engine is :mod:`helpers._selfcheck_runner`.
The mistake models are wrong on purpose, so that the check can recognise them.
"""

import numpy as np

from ._selfcheck_runner import Case, Mistake, Spec, like, run_exercise
from ._selfcheck_shared import seeded
from .activations import _log_sigmoid


# log_sigmoid: fn(z) -> log(sigmoid(z)), accurate for every finite z

_EXTREME_Z = np.array([-800.0, -745.0, -720.0, -100.0, -40.0, 20.0, 40.0, 100.0, 745.0, 800.0])


def _log_sigmoid_cases():
    random_z = np.clip(seeded(5).normal(scale=4.0, size=(2, 3)), -8, 8)
    return [
        Case("z = [-2, -1, 0, 1, 2]", {"z": np.array([-2.0, -1.0, 0.0, 1.0, 2.0])},
             _log_sigmoid(np.array([-2.0, -1.0, 0.0, 1.0, 2.0]))),
        Case("random z of shape (2, 3) (seed 5)", {"z": random_z}, _log_sigmoid(random_z)),
        Case("extreme z, from -800 to 800", {"z": _EXTREME_Z.copy()}, _log_sigmoid(_EXTREME_Z), extreme=True),
    ]


def _log_sigmoid_bench():
    return "100,000 values of z in [-50, 50]", {"z": seeded(6).uniform(-50, 50, size=100_000)}


def _lost_at_very_negative_z(run):
    z = run.case.args["z"]
    return bool((~np.isfinite(run.got) & (z < -700)).any())


def _lost_tiny_values_at_large_z(run):
    z, expected = run.case.args["z"], run.case.expected
    large = (z > 15) & (z < 700)
    wrong = ~np.isclose(run.got, expected, rtol=1e-9, atol=0)
    return bool((large & wrong).any()) and bool(np.isfinite(run.got[large]).all())


MISTAKES = (
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


def check(fn):
    """Check ``fn(z)`` against ``helpers.activations.log_sigmoid``, z from -800 to 800."""
    return run_exercise(fn, Spec(
        "log_sigmoid", 2, _log_sigmoid, "helpers.activations.log_sigmoid",
        _log_sigmoid_cases, MISTAKES,
        "log sigmoid(z) = -log(1 + exp(-z)); write it so that it is accurate for every finite z.",
        rtol=1e-9, atol=1e-300, bench=_log_sigmoid_bench))
