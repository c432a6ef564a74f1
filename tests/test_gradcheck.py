"""helpers.gradcheck against scipy.optimize and exact derivatives."""

import numpy as np
import pytest
import scipy.optimize
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers.gradcheck import GOOD, check_gradient, default_step, numerical_gradient, relative_error


def test_default_steps_follow_machine_epsilon():
    assert default_step("forward", np.float64) == pytest.approx(1.49e-8, rel=1e-2)
    assert default_step("central", np.float64) == pytest.approx(6.06e-6, rel=1e-2)
    assert default_step("central", np.float32) == pytest.approx(4.92e-3, rel=1e-2)
    assert default_step("complex", np.float64) == 1e-20


@pytest.mark.parametrize("method", ["forward", "central", "complex"])
def test_matches_exact_derivatives(method):
    x = np.array([[0.3, -1.2], [2.0, 0.7]])
    grad = numerical_gradient(lambda v: np.sum(np.sin(v) * np.exp(v)), x, method=method)
    exact = np.cos(x) * np.exp(x) + np.sin(x) * np.exp(x)
    assert relative_error(grad, exact) < {"forward": 1e-6, "central": 1e-9, "complex": 1e-15}[method]


def test_forward_differences_agree_with_scipy_approx_fprime():
    rng = np.random.default_rng(0)
    x = rng.normal(size=6)
    f = lambda v: np.sum(v ** 3) + np.prod(np.cos(v))
    step = 1e-7
    np.testing.assert_allclose(numerical_gradient(f, x, h=step, method="forward"),
                               scipy.optimize.approx_fprime(x, f, step), rtol=1e-6, atol=1e-9)


def test_check_gradient_agrees_with_scipy_check_grad():
    x = np.random.default_rng(1).normal(size=5)
    f, g = (lambda v: np.sum(np.tanh(v) ** 2)), (lambda v: 2 * np.tanh(v) / np.cosh(v) ** 2)
    assert scipy.optimize.check_grad(f, g, x) < 1e-6
    assert check_gradient(f, g, x).error < GOOD
    wrong = lambda v: np.tanh(v) / np.cosh(v) ** 2  # half the true gradient
    assert scipy.optimize.check_grad(f, wrong, x) > 1e-3
    assert check_gradient(f, wrong, x).error == pytest.approx(1 / 3, rel=1e-6)


def test_check_gradient_reports_where():
    x = np.zeros((2, 3))
    f = lambda v: np.sum(v ** 2) + v[1, 2]
    result = check_gradient(f, lambda v: 2 * v, x)  # misses the +1 at (1, 2)
    assert result.index == (1, 2) and result.error == pytest.approx(1.0) and result.numerical == pytest.approx(1.0)


def test_integer_input_is_copied_to_float_and_never_mutated():
    x = np.array([1, 2, 3])
    grad = numerical_gradient(lambda v: np.sum(v ** 2), x)
    np.testing.assert_allclose(grad, [2, 4, 6], rtol=1e-9)
    np.testing.assert_array_equal(x, [1, 2, 3])
    assert x.dtype.kind == "i"
    y = np.array([0.5, -0.25])
    numerical_gradient(lambda v: np.sum(v ** 2), y, method="complex")
    np.testing.assert_array_equal(y, [0.5, -0.25])


def test_float32_is_computed_in_float32():
    x = np.array([1.0, 2.0], dtype=np.float32)
    seen = []
    numerical_gradient(lambda v: seen.append(v.dtype) or np.sum(v ** 2), x)
    assert set(seen) == {np.dtype(np.float32)}


def test_relative_error_edge_cases():
    assert relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert relative_error([1.0], [-1.0]) == 1.0
    assert relative_error([1e-300], [0.0]) == 1.0
    assert not np.isnan(relative_error([0.0], [1e-320]))


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: numerical_gradient(lambda v: v * 2, np.ones(3)), ValueError, "f must return a scalar"),
        (lambda: numerical_gradient("f", np.ones(3)), TypeError, "f must be a callable"),
        (lambda: numerical_gradient(np.sum, np.ones(3), method="backward"), ValueError, "method must be one of"),
        (lambda: numerical_gradient(np.sum, np.ones(3), h=0.0), ValueError, "h must be a positive"),
        (lambda: numerical_gradient(np.sum, np.ones(3), h=[1e-3]), ValueError, "h must be a positive"),
        (lambda: numerical_gradient(np.sum, np.array([1.0, np.nan])), ValueError, "x contains NaN"),
        (lambda: numerical_gradient(np.sum, np.array([])), ValueError, "x is empty"),
        (lambda: numerical_gradient(lambda v: np.sum(np.abs(v)), np.ones(2), method="complex"), ValueError,
         "not complex-step safe"),
        (lambda: relative_error([1.0, 2.0], [1.0]), ValueError, "same shape"),
        (lambda: relative_error([np.nan], [1.0]), ValueError, "a contains NaN"),
        (lambda: check_gradient(np.sum, lambda v: v[:1], np.ones(3)), ValueError, "grad_f"),
        (lambda: check_gradient(np.sum, None, np.ones(3)), TypeError, "grad_f must be a callable"),
    ],
)
def test_bad_input_gets_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()


@settings(max_examples=40, deadline=None)
@given(
    arrays(np.float64, st.integers(1, 6), elements=st.floats(-10, 10)),
    arrays(np.float64, 6, elements=st.floats(-10, 10)),
)
def test_gradient_of_a_quadratic_is_exact_to_rounding(x, diag):
    # f(x) = sum(a_i x_i^2 + b_i x_i): central differences have no truncation error here,
    # only round-off of order u * |f| / h.
    a, b = diag[: x.size], diag[::-1][: x.size]
    f = lambda v: np.sum(a * v ** 2 + b * v)
    grad = numerical_gradient(f, x, method="central")
    scale = np.sum(np.abs(a) * x ** 2 + np.abs(b * x)) + 1
    np.testing.assert_allclose(grad, 2 * a * x + b, rtol=0, atol=100 * np.finfo(float).eps * scale / 6e-6)
