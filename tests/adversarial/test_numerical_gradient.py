"""Adversarial fixtures for the `numerical_gradient` exercise (chapter 1).

Written blind, from the exercise text and the stub's docstring only: the central-difference
gradient of a scalar f at x, shaped like x, x of any shape and possibly integer, the caller's
x unchanged, values within a relative 1e-7 of the exact gradient (steps 1e-7 to 1e-4).

Each wrong function carries a witness: an input the contract promises, with its exact
gradient, on which the function misses the contract. The tests made from them at the end
are described in tests/selfcheck_adversarial.py.
"""

import numpy as np
import pytest
from selfcheck_adversarial import adversarial_tests, diagnosis_tests

EXERCISE = "numerical_gradient"
# the wrong functions divide 0 by 0 or overflow on purpose
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")
GOOD = 1e-7  # the contract's relative tolerance


# --- witnesses: (f, exact gradient of f, x) --------------------------------------------------


def sum_squares(x):
    return float(np.sum(x**2))


def sum_squares_grad(x):
    return 2.0 * np.asarray(x, dtype=float)


def quarter_squares(x):
    return float(np.sum(x**2)) / 4


def quarter_squares_grad(x):
    return np.asarray(x, dtype=float) / 2


def sum_abs(x):
    return float(np.sum(np.abs(x)))


def sum_abs_grad(x):
    return np.sign(np.asarray(x, dtype=float))


def sum_exp(x):
    return float(np.sum(np.exp(x)))


def sum_exp_grad(x):
    return np.exp(np.asarray(x, dtype=float))


def coupled(x):
    # not a sum of one-coordinate terms: a coordinate left moved shows in the others
    return float(np.sum(x)) ** 2 / 2 + float(np.sum(np.sin(x)))


def coupled_grad(x):
    x = np.asarray(x, dtype=float)
    return np.sum(x) + np.cos(x)


ZERO_COORDINATE = (sum_squares, sum_squares_grad, np.array([0.0, 1.5]))
INTEGER_X = (quarter_squares, quarter_squares_grad, np.array([1, 3]))
THREE_AXES = (sum_squares, sum_squares_grad, np.arange(1.0, 9.0).reshape(2, 2, 2))
TWO_AXES = (sum_squares, sum_squares_grad, np.array([[1.0, -2.0], [0.5, 3.0]]))
ZERO_D = (sum_exp, sum_exp_grad, np.array(0.3))
ABS_AWAY_FROM_KINK = (sum_abs, sum_abs_grad, np.array([-1.0, 2.0]))
CURVED = (sum_exp, sum_exp_grad, np.array([0.5, -1.0]))
COUPLED = (coupled, coupled_grad, np.array([[1.0, -2.0], [0.5, 3.0]]))
INEXACT_FLOATS = (sum_squares, sum_squares_grad, np.array([0.1, 0.7, 1.3]))


def contract_miss(fn, witness):
    """How fn misses the contract on the witness, or None when it meets it there."""
    f, grad_f, x = witness
    given = x.copy(order="K")  # keeps a transposed x transposed
    try:
        got = fn(f, given)
    except Exception as exc:  # noqa: BLE001 - a crash is a miss
        return f"raised {type(exc).__name__}"
    if not np.array_equal(given, x):
        return f"changed the caller's x: {x!r} became {given!r}"
    got = np.asarray(got)
    expected = grad_f(x)
    if got.shape != expected.shape:
        return f"shape {got.shape}, expected {expected.shape}"
    if not np.all(np.isfinite(got)):
        return f"not finite: {got!r}"
    # relative to each entry, or to the largest one where the exact entry is 0
    if not np.allclose(got, expected, rtol=GOOD, atol=GOOD * np.abs(expected).max()):
        return f"not within a relative {GOOD}: got {got!r}, exact {expected!r}"
    return None


# --- round 1: wrong implementations -----------------------------------------------------------


def relative_step(f, x):
    # a step relative to the coordinate, h = 1e-6 |x_j|: 0/0 = NaN at any zero coordinate
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for j in np.ndindex(x.shape):
        h = 1e-6 * abs(x[j])
        old = x[j]
        x[j] = old + h
        up = f(x)
        x[j] = old - h
        down = f(x)
        x[j] = old
        grad[j] = (up - down) / (2 * h)
    return grad


def copy_keeps_integers(f, x, h=1e-5):
    # copies x but keeps its integer dtype: x + h truncates to x and x - h to x - 1, so an
    # integer x gets (f(x) - f(x - e_j)) / 2h (sum(x**2)/4 at [1, 3]: [12500, 62500])
    x = np.array(x)
    grad = np.zeros(x.shape)
    for j in np.ndindex(x.shape):
        old = x[j]
        x[j] = old + h
        up = f(x)
        x[j] = old - h
        down = f(x)
        x[j] = old
        grad[j] = (up - down) / (2 * h)
    return grad


def gradient_like_x(f, x, h=1e-5):
    # grad = zeros_like(x) taken before the float copy: an integer x gives an integer
    # gradient, truncated (f = sum(x**2)/4 at [1, 3]: [0, 1] instead of [0.5, 1.5])
    grad = np.zeros_like(x)
    x = np.array(x, dtype=float)
    for j in np.ndindex(x.shape):
        old = x[j]
        x[j] = old + h
        up = f(x)
        x[j] = old - h
        down = f(x)
        x[j] = old
        grad[j] = (up - down) / (2 * h)
    return grad


def vector_or_matrix(f, x, h=1e-5):
    # assumes x has at most two axes (rows, cols = ...): ValueError on a 3-D x
    shape = np.shape(x)
    x2 = np.atleast_2d(np.array(x, dtype=float))
    rows, cols = x2.shape
    grad = np.zeros((rows, cols))
    for i in range(rows):
        for j in range(cols):
            old = x2[i, j]
            x2[i, j] = old + h
            up = f(x2.reshape(shape))
            x2[i, j] = old - h
            down = f(x2.reshape(shape))
            x2[i, j] = old
            grad[i, j] = (up - down) / (2 * h)
    return grad.reshape(shape)


def loop_over_len(f, x, h=1e-5):
    # loops over len(x): on a 2-D x it moves a whole row at once (and len() of a 0-d fails)
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in range(len(x)):
        old = x[i].copy()
        x[i] = old + h
        up = f(x)
        x[i] = old - h
        down = f(x)
        x[i] = old
        grad[i] = (up - down) / (2 * h)
    return grad


def float32_copy(f, x, h=1e-5):
    # a float32 copy "to save memory": the step and f's values are rounded to 7 digits,
    # relative error about 1e-3 (f = sum(x**2) at [0, 1.5])
    x = np.array(x, dtype=np.float32)
    grad = np.zeros(x.shape)
    for j in np.ndindex(x.shape):
        old = x[j]
        x[j] = old + h
        up = f(x)
        x[j] = old - h
        down = f(x)
        x[j] = old
        grad[j] = (up - down) / (2 * h)
    return grad


def step_too_large(f, x, h=1e-2):
    # h = 1e-2 "is small": truncation h^2/6 f''' gives a relative error 1.7e-5 on sum(exp(x))
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for j in np.ndindex(x.shape):
        old = x[j]
        x[j] = old + h
        up = f(x)
        x[j] = old - h
        down = f(x)
        x[j] = old
        grad[j] = (up - down) / (2 * h)
    return grad


def step_too_small(f, x, h=1e-11):
    # h = 1e-11 "the smaller the better": round-off eps |f| / h swamps the gradient,
    # relative error about 3e-6 on sum(exp(x)) at [0.5, -1]
    return step_too_large(f, x, h)


def complex_step(f, x, h=1e-20):
    # the chapter's complex step, Im f(x + ih e_j) / h, instead of the central difference
    # asked for: wrong for an f that is not analytic (sum(|x|) at [-1, 2]: 0 instead of -1, 1)
    x = np.array(x, dtype=complex)
    grad = np.zeros(x.shape)
    for j in np.ndindex(x.shape):
        old = x[j]
        x[j] = old + 1j * h
        grad[j] = np.imag(f(x)) / h
        x[j] = old
    return grad


def restore_by_arithmetic_in_place(f, x, h=1e-5):
    # no copy for a float x, and x_j restored by += h, -= 2h, += h: the caller's x comes back
    # off in the last bits ([0.1, 0.7, 1.3] is changed)
    x = np.asarray(x, dtype=float)
    grad = np.zeros(x.shape)
    for j in np.ndindex(x.shape):
        x[j] += h
        up = f(x)
        x[j] -= 2 * h
        down = f(x)
        x[j] += h
        grad[j] = (up - down) / (2 * h)
    return grad


def forward_difference(f, x, h=1e-5):
    # one-sided (f(x + h e_j) - f(x)) / h: error h/2 f''/f', 5e-6 relative on sum(exp(x))
    x = np.array(x, dtype=float)
    base = f(x)
    grad = np.zeros_like(x)
    for j in np.ndindex(x.shape):
        old = x[j]
        x[j] = old + h
        grad[j] = (f(x) - base) / h
        x[j] = old
    return grad


def forgot_to_restore(f, x, h=1e-5):
    # never puts x_j back: each later coordinate is differenced at a shifted point, which
    # shows when f couples the coordinates (sum(x)**2 / 2 + sum(sin(x)))
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for j in np.ndindex(x.shape):
        old = x[j]
        x[j] = old + h
        up = f(x)
        x[j] = old - h
        down = f(x)
        grad[j] = (up - down) / (2 * h)
    return grad


def over_h_not_2h(f, x, h=1e-5):
    # divides the central difference by h, not 2h: twice the gradient
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for j in np.ndindex(x.shape):
        old = x[j]
        x[j] = old + h
        up = f(x)
        x[j] = old - h
        down = f(x)
        x[j] = old
        grad[j] = (up - down) / h
    return grad


def skips_last_coordinate(f, x, h=1e-5):
    # off by one in the flat loop, range(x.size - 1): the last entry stays 0
    x = np.array(x, dtype=float)
    flat = x.reshape(-1)
    grad = np.zeros(x.size)
    for j in range(x.size - 1):
        old = flat[j]
        flat[j] = old + h
        up = f(x)
        flat[j] = old - h
        down = f(x)
        flat[j] = old
        grad[j] = (up - down) / (2 * h)
    return grad.reshape(x.shape)


def flat_gradient(f, x, h=1e-5):
    # right values, returned flat: shape (x.size,) instead of x's shape on a 2-D x
    x = np.array(x, dtype=float)
    flat = x.reshape(-1)
    grad = np.zeros(x.size)
    for j in range(x.size):
        old = flat[j]
        flat[j] = old + h
        up = f(x)
        flat[j] = old - h
        down = f(x)
        flat[j] = old
        grad[j] = (up - down) / (2 * h)
    return grad


WRONG = [
    pytest.param(relative_step, ZERO_COORDINATE, id="relative_step"),
    pytest.param(copy_keeps_integers, INTEGER_X, id="copy_keeps_integers"),
    pytest.param(gradient_like_x, INTEGER_X, id="gradient_like_x"),
    pytest.param(vector_or_matrix, THREE_AXES, id="vector_or_matrix"),
    pytest.param(loop_over_len, TWO_AXES, id="loop_over_len"),
    pytest.param(float32_copy, ZERO_COORDINATE, id="float32_copy"),
    pytest.param(step_too_large, CURVED, id="step_too_large"),
    pytest.param(step_too_small, CURVED, id="step_too_small"),
    pytest.param(complex_step, ABS_AWAY_FROM_KINK, id="complex_step"),
    pytest.param(restore_by_arithmetic_in_place, INEXACT_FLOATS,
                 id="restore_by_arithmetic_in_place"),
    pytest.param(forward_difference, CURVED, id="forward_difference"),
    pytest.param(forgot_to_restore, COUPLED, id="forgot_to_restore"),
    pytest.param(over_h_not_2h, CURVED, id="over_h_not_2h"),
    pytest.param(skips_last_coordinate, CURVED, id="skips_last_coordinate"),
    pytest.param(flat_gradient, TWO_AXES, id="flat_gradient"),
]


# --- correct alternatives, each written differently from the worked solution ------------------


def five_point_stencil(f, x, h=1e-3):
    # (-f(x+2h) + 8 f(x+h) - 8 f(x-h) + f(x-2h)) / 12h, out of place, on every flat index
    x = np.array(x, dtype=float)
    grad = np.zeros(x.size)
    for j in range(x.size):
        e = np.zeros(x.size)
        e[j] = h
        e = e.reshape(x.shape)
        grad[j] = (-f(x + 2 * e) + 8 * f(x + e) - 8 * f(x - e) + f(x - 2 * e)) / (12 * h)
    return grad.reshape(x.shape)


def restore_by_arithmetic_on_a_copy(f, x, h=1e-6):
    # a float copy, then x_j += h, -= 2h, += h: rounding drift only touches the copy;
    # order="C" so that reshape(-1) is a view even when the caller's x is transposed
    x = np.array(x, dtype=np.float64, order="C")
    flat = x.reshape(-1)  # a view of the copy
    grad = np.empty(x.size)
    for j in range(x.size):
        flat[j] += h
        up = f(x)
        flat[j] -= 2 * h
        down = f(x)
        flat[j] += h
        grad[j] = (up - down) / (2 * h)
    return grad.reshape(x.shape)


def scaled_step_with_nditer(f, x):
    # a step scaled to the coordinate but never 0: h = cbrt(eps) * max(1, |x_j|)
    x = np.array(x, dtype=float)
    grad = np.empty_like(x)
    with np.nditer(x, flags=["multi_index"], op_flags=[["readwrite"]]) as it:
        for entry in it:
            old = float(entry)
            h = np.cbrt(np.finfo(float).eps) * max(1.0, abs(old))
            entry[...] = old + h
            up = f(x)
            entry[...] = old - h
            down = f(x)
            entry[...] = old
            grad[it.multi_index] = (up - down) / (2 * h)
    return grad


def unit_vectors(f, x, h=1e-5):
    # builds x + h e_j and x - h e_j as new arrays, never writing into any x
    x = x.astype(float)
    basis = np.eye(x.size).reshape((x.size,) + x.shape)
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in basis]).reshape(x.shape)


CORRECT = [
    pytest.param(five_point_stencil, id="five_point_stencil"),
    pytest.param(restore_by_arithmetic_on_a_copy, id="restore_by_arithmetic_on_a_copy"),
    pytest.param(scaled_step_with_nditer, id="scaled_step_with_nditer"),
    pytest.param(unit_vectors, id="unit_vectors"),
]


# --- round 2: what round 1 found (shapes, steps, method) suggested these -----------------------


def atleast_1d_copy(f, x, h=1e-5):
    # np.atleast_1d so that indexing works on a scalar too: a 0-d x gives a gradient of
    # shape (1,), not ()
    x = np.atleast_1d(np.array(x, dtype=float))
    flat = x.reshape(-1)
    grad = np.zeros(x.size)
    for j in range(x.size):
        old = flat[j]
        flat[j] = old + h
        up = f(x)
        flat[j] = old - h
        down = f(x)
        flat[j] = old
        grad[j] = (up - down) / (2 * h)
    return grad.reshape(x.shape)


def step_relative_to_largest(f, x):
    # one step for all coordinates, relative to the largest |x_j|: 0/0 at x = 0
    x = np.array(x, dtype=float)
    h = 1e-6 * np.abs(x).max()
    flat = x.reshape(-1)
    grad = np.zeros(x.size)
    for j in range(x.size):
        old = flat[j]
        flat[j] = old + h
        up = f(x)
        flat[j] = old - h
        down = f(x)
        flat[j] = old
        grad[j] = (up - down) / (2 * h)
    return grad.reshape(x.shape)


def astype_then_reshape(f, x, h=1e-5):
    # x.astype(float) keeps a transposed x's memory order, so reshape(-1) is a copy: the
    # steps never reach the x that f sees, and a transposed x gets a gradient of 0
    x = x.astype(float)
    flat = x.reshape(-1)
    grad = np.zeros(x.size)
    for j in range(x.size):
        old = flat[j]
        flat[j] = old + h
        up = f(x)
        flat[j] = old - h
        down = f(x)
        flat[j] = old
        grad[j] = (up - down) / (2 * h)
    return grad.reshape(x.shape)


def divided_by_2_times_h(f, x, h=1e-5):
    # (up - down) / 2 * h: precedence, multiplies by h/2 instead of dividing by 2h
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for j in np.ndindex(x.shape):
        old = x[j]
        x[j] = old + h
        up = f(x)
        x[j] = old - h
        down = f(x)
        x[j] = old
        grad[j] = (up - down) / 2 * h
    return grad


ALL_ZEROS = (sum_exp, sum_exp_grad, np.zeros(3))
TRANSPOSED = (coupled, coupled_grad, np.array([[1.0, -2.0, 0.5], [0.25, 3.0, -1.0]]).T)

WRONG += [
    pytest.param(atleast_1d_copy, ZERO_D, id="atleast_1d_copy"),
    pytest.param(step_relative_to_largest, ALL_ZEROS, id="step_relative_to_largest"),
    pytest.param(astype_then_reshape, TRANSPOSED, id="astype_then_reshape"),
    pytest.param(divided_by_2_times_h, CURVED, id="divided_by_2_times_h"),
]


def in_place_exact_restore(f, x, h=1e-5):
    # no copy for a float x: each coordinate is moved in the caller's array and put back to
    # its saved value, so x is exactly the same after the call
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(float)
    grad = np.zeros(x.shape)
    for j in np.ndindex(x.shape):
        old = x[j]
        x[j] = old + h
        up = f(x)
        x[j] = old - h
        down = f(x)
        x[j] = old
        grad[j] = (up - down) / (2 * h)
    return grad


CORRECT += [pytest.param(in_place_exact_restore, id="in_place_exact_restore")]


# --- round 3: integer x, which round 1 showed is tried, but only as one dtype -----------------


def float_only_for_int64(f, x, h=1e-5):
    # converts x to float only when x.dtype == int (int64): an int32 x keeps its dtype, its
    # steps truncate (x - h becomes x - 1) and the gradient is off by 1 / 2h
    x = x.astype(float) if x.dtype == int else x.copy()
    grad = np.zeros(x.shape)
    for j in np.ndindex(x.shape):
        old = x[j]
        x[j] = old + h
        up = f(x)
        x[j] = old - h
        down = f(x)
        x[j] = old
        grad[j] = (up - down) / (2 * h)
    return grad


def unit_step_for_integers(f, x):
    # "an integer point can only move by whole steps": h = 1 for an integer x, exact for a
    # quadratic f but off by h**2 / 6 times the third derivative otherwise (sum(exp(x)) at
    # [0, 1]: 17% off)
    h = 1.0 if np.issubdtype(x.dtype, np.integer) else 1e-5
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for j in np.ndindex(x.shape):
        old = x[j]
        x[j] = old + h
        up = f(x)
        x[j] = old - h
        down = f(x)
        x[j] = old
        grad[j] = (up - down) / (2 * h)
    return grad


INT32_X = (quarter_squares, quarter_squares_grad, np.array([1, 3], dtype=np.int32))
INTEGER_X_CURVED = (sum_exp, sum_exp_grad, np.array([0, 1]))

WRONG += [
    pytest.param(float_only_for_int64, INT32_X, id="float_only_for_int64"),
    pytest.param(unit_step_for_integers, INTEGER_X_CURVED, id="unit_step_for_integers"),
]


# --- round 3 (written by the checker's maintainer after rounds 1-2, from the chapter and the ---
# --- contract; what each round 3 function gets from the checker is pinned in NAMED below) -----


def alias_not_copy(f, x, h=1e-5):
    # x_plus = x and x_minus = x name the same array, not copies: both steps land in it
    # before f is called, so f sees x (up to round-off) twice and the gradient is 0
    x = np.array(x, dtype=float)
    grad = np.zeros(x.shape)
    for j in np.ndindex(x.shape):
        x_plus = x
        x_plus[j] += h
        x_minus = x
        x_minus[j] -= h
        grad[j] = (f(x_plus) - f(x_minus)) / (2 * h)
    return grad


def skip_zero_coordinates(f, x):
    # a step relative to x_j, "fixed" for x_j = 0 by skipping the coordinate: the gradient
    # stays 0 there (sum(exp(x)) at [0, -0.5]: 0 instead of 1)
    x = np.array(x, dtype=float)
    grad = np.zeros(x.shape)
    for j in np.ndindex(x.shape):
        if x[j] == 0:
            continue
        h, old = 1e-6 * abs(x[j]), x[j]
        x[j] = old + h
        up = f(x)
        x[j] = old - h
        down = f(x)
        x[j] = old
        grad[j] = (up - down) / (2 * h)
    return grad


def f_of_the_original(f, x, h=1e-5):
    # the steps go into a float copy, but f is called on the caller's x: a gradient of 0
    work = np.array(x, dtype=float)
    grad = np.zeros(work.shape)
    for j in np.ndindex(work.shape):
        old = work[j]
        work[j] = old + h
        up = f(x)
        work[j] = old - h
        down = f(x)
        work[j] = old
        grad[j] = (up - down) / (2 * h)
    return grad


def floor_too_small(f, x):
    # a relative step with a floor of 1e-12 "so that it is never 0": at a zero coordinate
    # h = 1e-12, and round-off, eps |f| / 2h, is about 1e-4 (sum(exp(x)) at [0, -0.5])
    x = np.array(x, dtype=float)
    grad = np.zeros(x.shape)
    for j in np.ndindex(x.shape):
        h, old = 1e-6 * abs(x[j]) + 1e-12, x[j]
        x[j] = old + h
        up = f(x)
        x[j] = old - h
        down = f(x)
        x[j] = old
        grad[j] = (up - down) / (2 * h)
    return grad


def forgot_the_minus_step(f, x, h=1e-5):
    # restores x_j before the second evaluation instead of stepping it down: the forward
    # difference divided by 2h, half the gradient
    x = np.array(x, dtype=float)
    grad = np.zeros(x.shape)
    for j in np.ndindex(x.shape):
        old = x[j]
        x[j] = old + h
        up = f(x)
        x[j] = old
        down = f(x)
        grad[j] = (up - down) / (2 * h)
    return grad


def nditer_memory_order(f, x, h=1e-5):
    # np.nditer visits x in memory order, grad.flat in C order: for a transposed x the
    # gradient's entries land in the wrong places
    x = np.array(x, dtype=float)  # keeps a transposed x's memory order
    grad = np.zeros(x.shape)
    for i, entry in enumerate(np.nditer(x, op_flags=["readwrite"])):
        old = float(entry)
        entry[...] = old + h
        up = f(x)
        entry[...] = old - h
        down = f(x)
        entry[...] = old
        grad.flat[i] = (up - down) / (2 * h)
    return grad


ZERO_IN_EXP = (sum_exp, sum_exp_grad, np.array([0.0, -0.5]))

WRONG += [
    pytest.param(alias_not_copy, CURVED, id="alias_not_copy"),
    pytest.param(skip_zero_coordinates, ZERO_IN_EXP, id="skip_zero_coordinates"),
    pytest.param(f_of_the_original, CURVED, id="f_of_the_original"),
    pytest.param(floor_too_small, ZERO_IN_EXP, id="floor_too_small"),
    pytest.param(forgot_the_minus_step, CURVED, id="forgot_the_minus_step"),
    pytest.param(nditer_memory_order, TRANSPOSED, id="nditer_memory_order"),
]


def flat_iterator(f, x, h=1e-5):
    # x.flat walks any array in C order and writes through to it, whatever its memory order
    x = np.array(x, dtype=float)
    grad = np.zeros(x.shape)
    for i in range(x.size):
        old = x.flat[i]
        x.flat[i] = old + h
        up = f(x)
        x.flat[i] = old - h
        down = f(x)
        x.flat[i] = old
        grad.flat[i] = (up - down) / (2 * h)
    return grad


def mean_of_forward_and_backward(f, x, h=1e-5):
    # the average of a forward and a backward difference is the central one
    x = np.array(x, dtype=float)
    base = f(x)
    grad = np.zeros(x.shape)
    for j in np.ndindex(x.shape):
        step = np.zeros(x.shape)
        step[j] = h
        grad[j] = ((f(x + step) - base) / h + (base - f(x - step)) / h) / 2
    return grad


CORRECT += [pytest.param(flat_iterator, id="flat_iterator"),
            pytest.param(mean_of_forward_and_backward, id="mean_of_forward_and_backward")]

# What the checker says to each round 3 function: a named mistake where one fits.
NAMED = {
    alias_not_copy: "steps_never_reached",
    skip_zero_coordinates: "steps_never_reached",
    f_of_the_original: "steps_never_reached",
    floor_too_small: "wrong_values",
    forgot_the_minus_step: "forward_difference",
    nditer_memory_order: "entries_misplaced",
}


WITNESSES = [ZERO_COORDINATE, INTEGER_X, THREE_AXES, TWO_AXES, ZERO_D, ABS_AWAY_FROM_KINK,
             CURVED, COUPLED, INEXACT_FLOATS,
             ALL_ZEROS, TRANSPOSED, INT32_X, INTEGER_X_CURVED, ZERO_IN_EXP]


def describe(witness):
    # the function's name and x: the function objects' reprs say little
    return witness[0].__name__, witness[2]


# The tests: tests/selfcheck_adversarial.py says what each one checks.
(test_witness, test_wrong_fails, test_correct_meets_the_contract_on_every_witness,
 test_correct_passes) = adversarial_tests(EXERCISE, WRONG, CORRECT, WITNESSES, contract_miss,
                                          describe)
test_round_3_diagnosis = diagnosis_tests(EXERCISE, NAMED)
