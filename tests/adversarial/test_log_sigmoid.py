"""Adversarial fixtures for the `log_sigmoid` exercise (chapter 2).

Written blind, from the exercise text and the stub's docstring only: log(sigmoid(z))
elementwise, z of any shape, same shape back, accurate for every finite z (-800 and 800
included): about z for very negative z, about -e^{-z}, tiny but not 0, for large z while
float64 can hold it; z unchanged.

Each wrong function carries a witness, an input the contract promises on which it misses
the contract; the tests made from them at the end are described in
tests/selfcheck_adversarial.py.
"""

import math

import numpy as np
import pytest
import scipy.special
from selfcheck_adversarial import adversarial_tests

EXERCISE = "log_sigmoid"
# the wrong functions overflow on purpose
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def reference(z):
    # min(z, 0) - log(1 + e^{-|z|}) in float64, the formula of "The idea"
    z = np.asarray(z, dtype=np.float64)
    return np.minimum(z, 0.0) - np.log1p(np.exp(-np.abs(z)))


# --- witnesses: z -------------------------------------------------------------------------------

VERY_NEGATIVE = np.array([-800.0, -1.0])
MODERATE = np.array([-5.5, -1.0, 0.0, 1.0, 11.0])
LARGE = np.array([40.0, 110.0, 700.0])  # -e^{-z}: 4e-18, 1.7e-48, 9.9e-305 (not 0)
ZERO_D = np.array(-2.0)
TWO_D = np.array([[-3.0, 0.5], [2.0, -800.0]])
THREE_D = np.linspace(-30.0, 30.0, 8).reshape(2, 2, 2)


def contract_miss(fn, z):
    """How fn misses the contract on z, or None when it meets it there."""
    given = z.copy()
    try:
        got = fn(given)
    except Exception as exc:  # noqa: BLE001 - a crash is a miss
        return f"raised {type(exc).__name__}"
    if not np.array_equal(given, z):
        return "changed z"
    got = np.asarray(got)
    expected = reference(z)
    if got.shape != expected.shape:
        return f"shape {got.shape}, expected {expected.shape}"
    if not np.all(np.isfinite(got)):
        return f"not finite: {got!r}"
    # relative only: a tiny -e^{-z} returned as 0 is a miss
    if not np.allclose(got, expected, rtol=1e-6, atol=0.0):
        return f"got {got!r}, expected {expected!r}"
    return None


# --- round 1: wrong implementations -----------------------------------------------------------


def clip_then_formula(z):
    # clips z to [-500, 500] so that exp(-z) cannot overflow: -800 comes back as -500
    z = np.clip(z, -500.0, 500.0)
    return -np.log1p(np.exp(-z))


def clip_at_700_then_stable(z):
    # the stable formula, but on z clipped to [-700, 700] "to be safe": -800 gives -700
    z = np.clip(z, -700.0, 700.0)
    return np.minimum(z, 0.0) - np.log1p(np.exp(-np.abs(z)))


def list_of_floats(z):
    # math on each element of z as a list: assumes a 1-D z (a 0-d z is not iterable, a 2-D
    # z gives rows to math.exp)
    return np.array([min(v, 0.0) - math.log1p(math.exp(-abs(v))) for v in z])


def negative_side_is_z(z):
    # reads "about z for very negative z" as "z for every negative z": -1 gives -1, not -1.313
    z = np.asarray(z, dtype=float)
    return np.where(z >= 0, -np.log1p(np.exp(-np.abs(z))), z)


def forgot_the_abs(z):
    # min(z, 0) - log1p(exp(-z)), without |z|: wrong for every negative z (-1: -2.31)
    z = np.asarray(z, dtype=float)
    return np.minimum(z, 0.0) - np.log1p(np.exp(-z))


def computed_in_float32(z):
    # float32 "is enough for a loss": -e^{-110} underflows to 0 in float32, and about 1e-7
    # relative is lost everywhere
    z32 = np.asarray(z, dtype=np.float32)
    out = np.minimum(z32, np.float32(0)) - np.log1p(np.exp(-np.abs(z32)))
    return out.astype(np.float64)


def asymptotes_too_early(z):
    # switches to the asymptotes z and -e^{-z} already at |z| > 5: off by 4e-3 at -5.5
    # and by 8e-6 (relative) at 11
    z = np.asarray(z, dtype=float)
    middle = np.minimum(z, 0.0) - np.log1p(np.exp(-np.abs(z)))
    return np.where(z < -5, z, np.where(z > 5, -np.exp(-z), middle))


def minus_log1p_exp(z):
    # -log(1 + exp(-z)) as written with log1p: exp(800) overflows, -800 gives -inf
    return -np.log1p(np.exp(-np.asarray(z, dtype=float)))


def log_one_plus(z):
    # min(z, 0) - log(1 + e^{-|z|}) with log, not log1p: -e^{-40} comes back as 0
    z = np.asarray(z, dtype=float)
    return np.minimum(z, 0.0) - np.log(1.0 + np.exp(-np.abs(z)))


def abs_in_place(z):
    # folds |z| into the caller's array to save a copy: z changes
    negative = z < 0
    np.abs(z, out=z)
    out = -np.log1p(np.exp(-z))
    out[negative] -= z[negative]
    return out


def logaddexp_wrong_sign(z):
    # -logaddexp(0, z) is log(1 - sigmoid(z)) = log sigmoid(-z): 1 gives -1.313, not -0.313
    return -np.logaddexp(0.0, np.asarray(z, dtype=float))


def log_of_stable_sigmoid(z):
    # a stable sigmoid, then its log: sigmoid(-800) is 0 (log: -inf), sigmoid(40) is 1 (log: 0)
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.log(np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)))


def atleast_1d_for_masks(z):
    # np.atleast_1d so that boolean masks work on a scalar too: a 0-d z comes back with
    # shape (1,), not ()
    z = np.atleast_1d(np.asarray(z, dtype=float))
    out = -np.log1p(np.exp(-np.abs(z)))
    out[z < 0] += z[z < 0]
    return out


WRONG = [
    pytest.param(clip_then_formula, VERY_NEGATIVE, id="clip_then_formula"),
    pytest.param(clip_at_700_then_stable, VERY_NEGATIVE, id="clip_at_700_then_stable"),
    pytest.param(list_of_floats, TWO_D, id="list_of_floats"),
    pytest.param(negative_side_is_z, MODERATE, id="negative_side_is_z"),
    pytest.param(forgot_the_abs, MODERATE, id="forgot_the_abs"),
    pytest.param(computed_in_float32, LARGE, id="computed_in_float32"),
    pytest.param(asymptotes_too_early, MODERATE, id="asymptotes_too_early"),
    pytest.param(minus_log1p_exp, VERY_NEGATIVE, id="minus_log1p_exp"),
    pytest.param(log_one_plus, LARGE, id="log_one_plus"),
    pytest.param(abs_in_place, MODERATE, id="abs_in_place"),
    pytest.param(logaddexp_wrong_sign, MODERATE, id="logaddexp_wrong_sign"),
    pytest.param(log_of_stable_sigmoid, VERY_NEGATIVE, id="log_of_stable_sigmoid"),
    pytest.param(atleast_1d_for_masks, ZERO_D, id="atleast_1d_for_masks"),
]


# --- round 2: round 1 found that a 0-d z is never tried; these probe shapes and accuracy -------


def rows_of_math(z):
    # np.atleast_2d and math on each row's entries: fine for 0-d, 1-D and 2-D, but a 3-D z
    # hands whole rows to math.exp (TypeError)
    z = np.asarray(z, dtype=float)
    rows = np.atleast_2d(z)
    out = [[min(v, 0.0) - math.log1p(math.exp(-abs(v))) for v in row] for row in rows]
    return np.array(out).reshape(z.shape)


def log_then_asymptote(z):
    # log(1 + e^{-z}) with log, and -e^{-z} only beyond z > 30: log loses digits below that
    # (z = 25: relative error about 4e-6)
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore"):
        middle = np.minimum(z, 0.0) - np.log(1.0 + np.exp(-np.abs(z)))
    return np.where(z > 30, -np.exp(-z), middle)


def flattened(z):
    # ravel() to loop simply, and the result is never reshaped: a 2-D z comes back flat
    z = np.ravel(np.asarray(z, dtype=float))
    return np.minimum(z, 0.0) - np.log1p(np.exp(-np.abs(z)))


AROUND_25 = np.array([22.0, 25.0, 28.0])

WRONG += [
    pytest.param(rows_of_math, THREE_D, id="rows_of_math"),
    pytest.param(log_then_asymptote, AROUND_25, id="log_then_asymptote"),
    pytest.param(flattened, TWO_D, id="flattened"),
]


# --- correct alternatives, each written differently from the worked solution ------------------


def with_logaddexp(z):
    # log sigmoid(z) = -log(1 + e^{-z}) = -logaddexp(0, -z), which NumPy computes stably
    return -np.logaddexp(0.0, -np.asarray(z, dtype=float))


def with_scipy(z):
    return scipy.special.log_expit(np.asarray(z, dtype=float))


def two_branches_with_where(z):
    # both branches are evaluated everywhere (harmless overflow warnings); where picks the
    # one that is accurate on each side
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore"):
        positive = -np.log1p(np.exp(-z))
        negative = z - np.log1p(np.exp(z))
    return np.where(z >= 0, positive, negative)


def masks_and_far_asymptote(z):
    # masks; -e^{-z} only from z > 40, where e^{-z}/2 is below float64's relative precision
    z = np.asarray(z, dtype=float)
    out = np.empty(z.shape)
    far = z > 40
    pos = (z >= 0) & ~far
    neg = z < 0
    out[far] = -np.exp(-z[far])
    out[pos] = -np.log1p(np.exp(-z[pos]))
    out[neg] = z[neg] - np.log1p(np.exp(z[neg]))
    return out


def math_on_every_entry(z):
    # plain math on each entry of z, whatever its shape
    z = np.asarray(z, dtype=float)
    out = np.empty(z.shape)
    for index in np.ndindex(z.shape):
        v = float(z[index])
        out[index] = min(v, 0.0) - math.log1p(math.exp(-abs(v)))
    return out


CORRECT = [
    pytest.param(with_logaddexp, id="with_logaddexp"),
    pytest.param(with_scipy, id="with_scipy"),
    pytest.param(two_branches_with_where, id="two_branches_with_where"),
    pytest.param(masks_and_far_asymptote, id="masks_and_far_asymptote"),
    pytest.param(math_on_every_entry, id="math_on_every_entry"),
]

WITNESSES = [VERY_NEGATIVE, MODERATE, LARGE, ZERO_D, TWO_D, THREE_D, AROUND_25]


# The tests: tests/selfcheck_adversarial.py says what each one checks.
(test_witness, test_wrong_fails, test_correct_meets_the_contract_on_every_witness,
 test_correct_passes) = adversarial_tests(EXERCISE, WRONG, CORRECT, WITNESSES, contract_miss)
